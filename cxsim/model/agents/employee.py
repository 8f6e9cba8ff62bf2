"""Employee: a view onto one row of the model's employee arrays."""

from __future__ import annotations

import mesa

from ...params import DEPARTMENTS


class Employee(mesa.Agent):
    """One employee: department, beliefs about what customers value, engagement, resistance.

    The values live in the rows ``self.row`` of the arrays of ``model.workforce`` and are
    updated there, vectorised; this object is for inspection, visualisation and network
    drawing (its row is also its node id in ``model.workforce.graph``).
    """

    def __init__(self, model, row: int = 0):
        super().__init__(model)
        self.row = row

    @property
    def department(self) -> str:
        return DEPARTMENTS[int(self.model.workforce.dept_of[self.row])]

    @property
    def beliefs(self):
        return self.model.workforce.beliefs[self.row]

    @property
    def engagement(self) -> float:
        return float(self.model.workforce.engagement[self.row])

    @property
    def resistance(self) -> float:
        return float(self.model.workforce.resistance[self.row])

    @property
    def knowledge(self) -> float:
        """Share of the dimensions relevant to its department on which it is right."""
        return float(self.model.workforce.scores(self.model.reality)[self.row])

    @property
    def is_champion(self) -> bool:
        return bool(self.model.workforce.champion[self.row])
