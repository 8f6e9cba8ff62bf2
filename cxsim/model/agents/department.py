"""Department: a silo with its own local code (standard of practice) and its politics."""

from __future__ import annotations

import mesa
import numpy as np

from ...kernels import knowledge as kn
from ...params import CompanyConfig
from ...structure import STAGE_OWNER, Layout


class Department(mesa.Agent):
    """One department (DESIGN §2.1).

    It owns journey stages (possibly none), has a headcount (its employees' rows), a political
    weight, and a local code: the standard of practice its employees are socialised to. Each
    week the code learns from the employees who outperform it (March 1991) and corrects itself
    from the department's own KPIs (Greve 2003), on the dimensions of its own stages at full
    rate and on the shared promise dimensions only at (1 − local_kpi_focus) of it: a department
    that manages by local KPIs does not learn what the customer experiences at the handoffs
    (seed 001). Performance is observed with noise that the voice-of-customer programme reduces
    only for the playbook, not for local codes. Two routes of the programme reach the code: a
    top-down mandate rewrites it towards the CX playbook (prescribed change, as strong as the
    leader's effective authority over the department); champions and communities of practice
    lift its attention to the promise (``levers.cop_focus``), so it learns from its champions
    and its customers what the handoffs need (organic change, from below). Both learning rates
    scale with ``steering``, the share of its head's attention left for the department (a
    governance forum takes some, :mod:`cxsim.model.forum`).
    """

    def __init__(self, model, index: int = 0, name: str = "marketing"):
        super().__init__(model)
        self.index = index
        self.name = name
        self.weight = getattr(model.config.company.weight, name)
        self.stages = tuple(s for s, owner in STAGE_OWNER.items() if owner == name)
        self.members = model.workforce.members[index]
        lay = model.layout
        rel = lay.relevant[index]
        promise = np.zeros(lay.m, bool)
        promise[lay.promise] = True
        self.own_dims = np.flatnonzero(rel & ~promise)
        self.promise_dims = lay.promise
        # the CX programme as applied to the department (set by the model from the leader's effort)
        self.mandate = False  # under a top-down mandate from the CX leader this week
        self.suspended = False  # mandate lost in a conflict until the next review
        self.visible = 0.0  # improvement customers report on its stages, in [0, 1]
        self.disruption = 0.0  # share of its standard's dimensions rewritten this week
        self.conflicts = 0  # conflicts this week
        self.conflicts_total = 0
        self.steering = 1.0  # share of its head's attention on steering it (a governance forum takes some)

    @property
    def headcount(self) -> int:
        return int(self.members.size)

    @property
    def resistance(self) -> float:
        return self.model.workforce.dept_resistance(self.index)

    @property
    def knowledge(self) -> float:
        return float(self.model.workforce.scores(self.model.reality)[self.members].mean())

    @property
    def code(self) -> np.ndarray:
        return self.model.local_codes[self.index]

    def step(self) -> None:
        """Update the local code: learning from the department's better performers (March 1991),
        correction from its own KPIs (Greve 2003), and a top-down mandate's rewrite. Records the
        share of the code's dimensions the mandate rewrote (``disruption``: imposed change, which
        people resist; what the department learns by itself is not imposed)."""
        m = self.model
        cfg = m.config.company
        beliefs = m.workforce.beliefs[self.members]
        code = m.local_codes[self.index]
        self.disruption = 0.0
        # Champions and communities of practice lift the department's eyes from its local KPIs
        # to the shared promise (organic change reaches its standard from below).
        focus = cfg.local_kpi_focus * (1.0 - m.config.levers.cop_focus * m.effort.champion_effect[self.index])
        for dims, share in ((self.own_dims, 1.0), (self.promise_dims, 1.0 - focus)):
            if dims.size == 0 or share <= 0:
                continue
            if cfg.p2 > 0:
                code[dims] = kn.learn_code(code[dims], beliefs[:, dims], m.reality[dims], cfg.p2 * share * self.steering, m.rng_org, noise=cfg.voc_noise)
            if cfg.p_kpi > 0:
                code[dims] = kn.kpi_feedback(code[dims], m.reality[dims], cfg.p_kpi * share * self.steering, m.rng_org)
        if self.mandate and m.leader is not None:
            # A top-down mandate rewrites the department's standards: each dimension where the
            # playbook holds a view moves to it with probability effective authority × training
            # effect × (1 − resistance) (a mandate is only as strong as the authority behind it).
            rate = m.effective_authority()[self.index] * m.effort.train_effect[self.index] * (1.0 - self.resistance)
            before = code.copy()
            code[:] = kn.socialize(code[None, :], m.leader.playbook, rate, m.rng_programme)[0]
            self.disruption = float(np.count_nonzero(code != before)) / max(1, self.own_dims.size + self.promise_dims.size)


def stationary_right(p4: float, rate: float) -> float:
    """Long-run chance that a code is right on a dimension that turbulence flips at ``p4`` and
    performance feedback corrects at ``rate`` (a two-state chain: right → wrong at p4, wrong →
    right at p4 + rate): (p4 + rate) / (2 p4 + rate); ½ when neither acts."""
    return (p4 + rate) / (2.0 * p4 + rate) if 2.0 * p4 + rate > 0 else 0.5


def initial_codes(company: CompanyConfig, layout: Layout, reality: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """(n_dept, m) local codes at the start, drawn near their long-run state so that the run-in
    is short: on each dimension of its own stages a code is right with the stationary probability
    of turbulence (``p4``) against its KPI correction (``p_kpi``), else wrong; on the promise the
    same with the correction at ``p_kpi × (1 − local_kpi_focus)``, independently per department
    (so codes contradict at handoffs: silos); elsewhere no view. The run-in then brings in what
    this two-state balance leaves out (learning from employees, socialisation)."""
    c, lay = company, layout
    codes = np.zeros((lay.relevant.shape[0], lay.m), dtype=np.int8)
    promise = np.zeros(lay.m, bool)
    promise[lay.promise] = True
    q_own = stationary_right(c.p4, c.p_kpi)
    q_promise = stationary_right(c.p4, c.p_kpi * (1.0 - c.local_kpi_focus))
    for d in range(codes.shape[0]):
        own = lay.relevant[d] & ~promise
        right = rng.random(lay.m) < np.where(promise, q_promise, q_own)
        codes[d] = np.where(own | promise, np.where(right, reality, -reality), 0)
    return codes
