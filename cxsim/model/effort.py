"""The CX programme's effort of one week: what the leader decides, and the model applies.

:meth:`CXLeader.step <cxsim.model.agents.leader.CXLeader.step>` returns a
:class:`ProgrammeEffort`; the model applies it to the departments and the workforce before
they step (``CXModel._apply``). The leader reads the organisation but never writes it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np


@dataclass
class ProgrammeEffort:
    """What the programme does to the organisation this week (per department d, in the order of
    DEPARTMENTS).

    ``resistance_shocks`` are applied in order, each as ``resistance += amount`` on the
    department's employees (``None``: everyone), clipped to [0, 1]: the order matters because
    the leader decided later conflicts on the resistance left by earlier ones.
    """

    train_effect: np.ndarray  # (n_dept,) effect of training behind a mandate, in [0, 1] (0: no mandate)
    champion_effect: np.ndarray  # (n_dept,) effect of champion support, in [0, 1]
    ex_effect: float  # effect of employee-experience spending, in [0, 1]
    mandates: np.ndarray  # (n_dept,) bool: under a top-down mandate this week
    budget_pressure: np.ndarray  # (n_dept,) resistance added this week by budget taken from the department
    suspended: np.ndarray  # (n_dept,) bool: mandate suspended until the next review (a lost conflict)
    champions: np.ndarray | None = None  # new champion mask over employees (at a review), None: keep
    new_ties: tuple[np.ndarray, np.ndarray] | None = None  # employee rows (a, b) of new cross-department ties
    resistance_shocks: list = field(default_factory=list)  # [(department index | None, amount)]
    conflicts: list = field(default_factory=list)  # [(department index, leader won?)]

    @classmethod
    def none(cls, n_dept: int) -> ProgrammeEffort:
        """No programme this week (no leader, or before its start)."""
        return cls(np.zeros(n_dept), np.zeros(n_dept), 0.0, np.zeros(n_dept, bool), np.zeros(n_dept), np.zeros(n_dept, bool))


__all__ = ["ProgrammeEffort"]
