"""Department: a silo with its own local code (standard of practice) and its politics."""

from __future__ import annotations

from dataclasses import dataclass

import mesa
import numpy as np

from ...kernels.organisation import department_codes, mandate_codes
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

    @staticmethod
    def step_all(model) -> None:
        """Update every department's local code (one compiled call for all of them): learning
        from the department's better performers (March 1991), correction from its own KPIs
        (Greve 2003), and a top-down mandate's rewrite. Records the share of each code's
        dimensions the mandate rewrote (``disruption``: imposed change, which people resist;
        what the department learns by itself is not imposed)."""
        m = model
        cfg = m.config.company
        t = m.code_tasks
        # Champions and communities of practice lift the department's eyes from its local KPIs
        # to the shared promise (organic change reaches its standard from below): it learns the
        # promise at 1 − local_kpi_focus × (1 − cop_focus × champion effect) of its rate.
        department_codes(m.handles.org, m.local_codes, m.workforce.beliefs, m.reality, t.dept, t.promise, t.row_lo, t.row_hi,
                         t.dims, t.dim_lo, t.dim_hi, t.no_listening, m.effort.champion_effect,
                         np.array([dept.steering for dept in m.departments]), float(cfg.local_kpi_focus),
                         float(m.config.levers.cop_focus), float(cfg.p2), float(cfg.p_kpi), float(cfg.voc_noise))
        departments = m.departments
        for dept in departments:
            dept.disruption = 0.0
        mandated = m.effort.mandates
        if m.leader is not None and mandated.any():
            # A top-down mandate rewrites the department's standards: each dimension where the
            # playbook holds a view moves to it with probability effective authority × training
            # effect × (1 − resistance) (a mandate is only as strong as the authority behind it).
            rate = np.where(mandated, m.effective_authority() * m.effort.train_effect * (1.0 - m.workforce.dept_resistances()), -1.0)
            changed = mandate_codes(m.handles.programme, m.local_codes, m.leader.playbook, rate)
            for dept in departments:
                if rate[dept.index] >= 0:
                    dept.disruption = float(changed[dept.index]) / max(1, dept.own_dims.size + dept.promise_dims.size)


@dataclass(frozen=True)
class CodeTasks:
    """Who a code learns from, as the arrays of ``kernels.organisation.learn_codes``: task t is
    code ``dept[t]`` on dimensions ``dims[dim_lo[t]:dim_hi[t]]`` learning from the employees of
    rows ``row_lo[t]:row_hi[t]`` (a department's rows are contiguous). ``promise``: the task is
    on the shared promise."""

    dept: np.ndarray
    row_lo: np.ndarray
    row_hi: np.ndarray
    dims: np.ndarray
    dim_lo: np.ndarray
    dim_hi: np.ndarray
    promise: np.ndarray
    no_listening: np.ndarray  # −1 per task: everyone is heard

    @classmethod
    def build(cls, workforce, sets) -> CodeTasks:
        """``sets``: (department, dimension indices, on the promise?) in the order the
        codes learn; empty sets are left out."""
        sets = [s for s in sets if len(s[1])]
        sizes = np.array([len(s[1]) for s in sets], dtype=np.int64)
        hi = np.cumsum(sizes)
        dept = np.array([s[0] for s in sets], dtype=np.int64)
        starts = workforce.starts[dept].astype(np.int64)
        return cls(dept=dept, row_lo=starts, row_hi=starts + workforce.sizes[dept].astype(np.int64),
                   dims=np.concatenate([np.asarray(s[1], dtype=np.int64) for s in sets]), dim_lo=hi - sizes, dim_hi=hi,
                   promise=np.array([bool(s[2]) for s in sets]),
                   no_listening=np.full(len(sets), -1.0))

    @classmethod
    def departments(cls, departments, workforce) -> CodeTasks:
        """Each department's code on its own stages' dimensions, then on the shared promise."""
        sets = []
        for dept in departments:
            sets.append((dept.index, dept.own_dims, False))
            sets.append((dept.index, dept.promise_dims, True))
        return cls.build(workforce, sets)


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
