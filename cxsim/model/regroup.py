"""Departments regrouped under the CX leader: an umbrella direction, with its transition (seed 001).

Seed 001: "attach existing departments under an umbrella direction, e.g. customer relations,
stores and digital"; "a purely marketing view was not enough: it had to have its hands on the
key projects, so directions that communicated little had to be regrouped". Seed 004: all
customer-facing functions merged into one entity within two years to remove silos.

``structure.merge.<dept>`` = m_d in [0, 1] says how fully a department is regrouped (all 0: no
regrouping, the default). From the programme start the regrouping proceeds over
``structure.transition_weeks`` T, its progress g rising linearly from 1/T to 1. Everything acts
through the kernels that exist:

* **one head**: a regrouped department moves inside the leader's direction: its steps on the org
  chart shrink to (1 − m_d g) × their former number, so the reach of the leader's authority, its
  attention, its listening and the arbitration rise through the existing decays, and its
  authority there rises towards leader.authority + (1 − leader.authority) ×
  ``structure.home_authority`` (:meth:`CXLeader.set_position`);
* **one standard**: each week each regrouped department's code learns on the promise dimensions
  from the better performers of all regrouped departments pooled (March's code learning, each
  employee heard with the probability m of its department) at ``convergence`` × m_d × g: the
  codes converge as far as the merged people agree;
* **one network**: during the transition, Poisson(``merge_ties`` × regrouped headcount / T) new
  ties a week between employees of different regrouped departments (shared teams, managers);
* **the cost**: during the transition, resistance + ``reorg_resistance`` × m_d / T a week in a
  regrouped department, and the share of its code the new standard rewrites counts as disruption
  (``levers.disruption_resistance``), so resistance rises and engagement falls
  (``levers.resistance_disengagement``) and with it quality and capacity; capacity × (1 −
  ``capacity_dip`` × m_d) while it lasts; and ``money.reorg_cost`` × the regrouped headcount share,
  spread over T.

Handoff incidents between regrouped departments fall only as far as their practices converge
and their ties grow (customers.handoff_risk × disagreement × (1 − tie_protection × ties)).
"""

from __future__ import annotations

import numpy as np

from ..kernels import knowledge as kn
from ..params import DEPARTMENTS
from ..structure import by_department

STREAM = 6  # the regrouping's random substream (docs/ODD.md §1.3)


class Regrouping:
    """The umbrella direction's regrouping: the leader's position, codes, ties and costs."""

    def __init__(self, model):
        self.model = model
        self.cfg = model.config.structure
        self.merge = by_department(self.cfg.merge)
        self.progress = 0.0  # share of the transition done
        self.capacity = np.ones(len(DEPARTMENTS))  # factor on each department's capacity
        self.cost = 0.0  # M€ this week
        wf = model.workforce
        self.unit = np.flatnonzero(self.merge[wf.dept_of] > 0)  # employees of the regrouped departments
        self.heard = self.merge[wf.dept_of[self.unit]]
        share = wf.sizes / wf.sizes.sum()
        self.weekly_cost = model.config.money.reorg_cost * float((self.merge * share).sum()) / self.cfg.transition_weeks
        leader = model.leader
        self.distance0 = leader.distance.copy() if leader is not None else None
        self.inside0 = leader.inside.copy() if leader is not None else None

    @property
    def active(self) -> bool:
        return self.model.leader is not None and bool(self.merge.any())

    def in_transition(self) -> bool:
        return self.model.week - self.model.leader.start_week < self.cfg.transition_weeks

    def position(self) -> None:
        """Before the leader decides: the regrouped departments move inside its direction."""
        if not self.active:
            return
        m = self.model
        since = m.week - m.leader.start_week
        self.progress = min(1.0, (since + 1) / self.cfg.transition_weeks)
        inside = self.merge * self.progress
        m.leader.set_position(self.distance0 * (1.0 - inside), np.maximum(self.inside0, inside))
        if since == 0:
            m.record("regroup_start", "cx_leader", "company", departments=[DEPARTMENTS[d] for d in np.flatnonzero(self.merge)],
                     transition_weeks=self.cfg.transition_weeks)
        elif since + 1 == self.cfg.transition_weeks:
            m.record("regroup_complete", "cx_leader", "company", departments=[DEPARTMENTS[d] for d in np.flatnonzero(self.merge)])

    def step(self) -> None:
        """After the departments' own learning: one standard, one network, and the transition's cost."""
        if not self.active:
            return
        m, s = self.model, self.cfg
        rng = m.substream(STREAM)
        self._converge(rng)
        if not self.in_transition():
            self.capacity = np.ones(len(DEPARTMENTS))
            self.cost = 0.0
            return
        wf = m.workforce
        k = int(rng.poisson(s.merge_ties * float(self.heard.sum()) / s.transition_weeks))
        if k > 0:
            p = self.heard / self.heard.sum()
            a, b = rng.choice(self.unit, k, p=p), rng.choice(self.unit, k, p=p)
            keep = wf.dept_of[a] != wf.dept_of[b]
            if keep.any():
                wf.add_ties(a[keep], b[keep])
        for d in np.flatnonzero(self.merge):
            wf.apply_shock(int(d), s.reorg_resistance * self.merge[d] / s.transition_weeks)
        self.capacity = 1.0 - s.capacity_dip * self.merge
        self.cost = self.weekly_cost

    def _converge(self, rng: np.random.Generator) -> None:
        """Each regrouped department's code learns the promise from the pooled unit's better
        performers; the share of its code rewritten is disruption, as a mandate's is."""
        m = self.model
        promise = m.layout.promise
        beliefs = m.workforce.beliefs[self.unit][:, promise]
        noise = m.config.company.voc_noise
        for d in np.flatnonzero(self.merge):
            code = m.local_codes[d]
            before = code[promise].copy()
            rate = self.cfg.convergence * self.merge[d] * self.progress
            code[promise] = kn.learn_code(before, beliefs, m.reality[promise], rate, rng, listen=self.heard, noise=noise)
            dept = m.departments[d]
            dept.disruption += float(np.count_nonzero(code[promise] != before)) / max(1, dept.own_dims.size + dept.promise_dims.size)


__all__ = ["Regrouping", "STREAM"]
