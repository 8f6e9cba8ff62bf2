"""Customer: a view onto one row of the model's customer arrays (never stepped one by one)."""

from __future__ import annotations

import mesa

from ...kernels.journey import STATE_NAMES


class Customer(mesa.Agent):
    """One customer, for inspection and visualisation.

    The journey is advanced for all customers at once by :func:`cxsim.kernels.journey.journey_step`;
    a Customer agent reads its row of ``model.customers``. The model creates a small sample of
    them (``model.customer_sample``) at construction.
    """

    def __init__(self, model, row: int = 0):
        super().__init__(model)
        self.row = row

    @property
    def state(self) -> str:
        return STATE_NAMES[int(self.model.customers.state[self.row])]

    @property
    def satisfaction(self) -> float:
        return float(self.model.customers.sat[self.row])

    @property
    def expectation(self) -> float:
        return float(self.model.customers.expect[self.row])

    @property
    def weeks_waiting(self) -> int:
        return int(self.model.customers.wait[self.row])

    @property
    def incidents(self) -> int:
        return int(self.model.customers.incidents[self.row])
