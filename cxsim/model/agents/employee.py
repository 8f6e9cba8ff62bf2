"""Employee: a view onto one row of the model's employee arrays."""

from __future__ import annotations

import mesa

from ...config import DEPARTMENTS


class Employee(mesa.Agent):
    """One employee: department, beliefs about what customers value, engagement, resistance.

    The values live in ``model.beliefs``, ``model.engagement`` and ``model.resistance`` (row
    ``self.row``) and are updated there, vectorised; this object is for inspection,
    visualisation and network drawing (its row is also its node id in ``model.graph``).
    """

    def __init__(self, model, row: int = 0):
        super().__init__(model)
        self.row = row

    @property
    def department(self) -> str:
        return DEPARTMENTS[int(self.model.dept_of[self.row])]

    @property
    def beliefs(self):
        return self.model.beliefs[self.row]

    @property
    def engagement(self) -> float:
        return float(self.model.engagement[self.row])

    @property
    def resistance(self) -> float:
        return float(self.model.resistance[self.row])

    @property
    def knowledge(self) -> float:
        """Share of the dimensions relevant to its department on which it is right."""
        return float(self.model.employee_scores()[self.row])

    @property
    def is_champion(self) -> bool:
        return bool(self.model.champion[self.row])
