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
    week the code learns from the employees who outperform it (March 1991), on the dimensions
    of its own stages at rate p2 and on the shared promise dimensions only at
    p2 × (1 − local_kpi_focus): a department that manages by local KPIs does not learn what
    the customer experiences at the handoffs (seed 001). Performance is observed with noise
    that the voice-of-customer programme reduces only for the playbook, not for local codes.
    Under a top-down mandate the code is also rewritten towards the CX playbook (prescribed
    change, as strong as the leader's effective authority over the department); organic change leaves codes alone and changes people, whose better practices
    the code then learns (bottom-up).
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
        self.conflicts = 0  # conflicts this week
        self.conflicts_total = 0

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
        """Update the local code from the department's better performers."""
        m = self.model
        cfg = m.config.company
        beliefs = m.workforce.beliefs[self.members]
        code = m.local_codes[self.index]
        for dims, p2 in ((self.own_dims, cfg.p2), (self.promise_dims, cfg.p2 * (1 - cfg.local_kpi_focus))):
            if dims.size == 0 or p2 <= 0:
                continue
            code[dims] = kn.learn_code(code[dims], beliefs[:, dims], m.reality[dims], p2, m.rng_org, noise=cfg.voc_noise)
        if self.mandate and m.leader is not None:
            # A top-down mandate rewrites the department's standards: each dimension where the
            # playbook holds a view moves to it with probability effective authority × training
            # effect × (1 − resistance) (a mandate is only as strong as the authority behind it).
            rate = m.effective_authority()[self.index] * m.effort.train_effect[self.index] * (1.0 - self.resistance)
            code[:] = kn.socialize(code[None, :], m.leader.playbook, rate, m.rng_programme)[0]


def initial_codes(company: CompanyConfig, layout: Layout, reality: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """(n_dept, m) local codes at the start: on its own stages' dimensions a code is right with
    probability ``local_competence``, otherwise without a view (share ``code_unsure``) or
    wrong; on the promise it holds its own random view with probability ``code_divergence``
    (so codes contradict at handoffs), else none; elsewhere none (seed 001)."""
    c, lay = company, layout
    codes = np.zeros((lay.relevant.shape[0], lay.m), dtype=np.int8)
    promise = np.zeros(lay.m, bool)
    promise[lay.promise] = True
    for d in range(codes.shape[0]):
        own = lay.relevant[d] & ~promise
        u = rng.random(lay.m)
        right = np.where(u < c.local_competence, reality, np.where(u < c.local_competence + (1 - c.local_competence) * c.code_unsure, 0, -reality))
        views = np.where(rng.random(lay.m) < c.code_divergence, rng.choice(np.array([-1, 1], np.int8), lay.m), 0)
        codes[d] = np.where(own, right, np.where(promise, views, 0))
    return codes
