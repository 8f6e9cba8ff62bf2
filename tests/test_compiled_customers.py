"""The compiled customers' week equals ``journey.journey_step`` bit for bit, and the model gives
the same numbers whichever way its streams are drawn.

``journey_step`` stays the readable specification of the week; ``customers.journey_week`` is
what the model runs. Both are fed the same random states and weekly inputs (capacity that binds
or not, incident risks, an NPS that drives word of mouth) and the same generator seed.
"""

from __future__ import annotations

import copy
import dataclasses

import numpy as np
import pytest

from cxsim.config import make_config
from cxsim.kernels import streams
from cxsim.kernels.customers import customer_sums, journey_week
from cxsim.kernels.journey import WeekInputs, init_customers, journey_step, mean_satisfaction, scratch

CASES = [  # customers, churn exponent, capacity scale (< 1: queues), weeks
    (400, 2.0, 1.0, 20),
    (5000, 2.0, 1.0, 30),
    (5000, 1.7, 0.5, 20),  # an exponent numpy's power computes (the compiled week leaves it to numpy)
    (3000, 1.0, 2.0, 15),
    (3000, 0.5, 1.0, 15),
    (20000, 2.0, 0.3, 10),  # more than numpy's 8,192-element summation chunk
]


@pytest.mark.parametrize("n,exponent,capacity,weeks", CASES)
def test_journey_week_is_journey_step(n, exponent, capacity, weeks):
    p = make_config({"customers": {"n": n, "churn_exponent": exponent}}).customers
    spec = np.random.default_rng(n)
    a = init_customers(p, spec, 0.6)
    b = copy.deepcopy(a)
    ga, gb = np.random.default_rng(7), np.random.default_rng(7)
    for week in range(weeks):
        w = WeekInputs(quality=spec.uniform(0.3, 0.9, 4), capacity=spec.uniform(0.005, 0.02, 4) * n * capacity,
                       incident_prob=spec.uniform(0, 0.3, 4), ongoing_quality=float(spec.uniform(0.4, 0.8)),
                       agents=int(spec.integers(1, 6)), nps=float(spec.uniform(-60, 60)))
        want, got = journey_step(a, w, p, ga), journey_week(b, w, p, gb)
        for field in dataclasses.fields(want):
            x, y = getattr(want, field.name), getattr(got, field.name)
            assert type(x) is type(y) and np.array_equal(x, y), (week, field.name, x, y)
        for name in ("state", "sat", "expect", "wait", "weeks", "incidents"):
            assert np.array_equal(getattr(a, name), getattr(b, name)), (week, name)
        assert ga.bit_generator.state == gb.bit_generator.state
        n_in, total_sat, total_exo, active = customer_sums(b.state, b.sat, b.exo_part, scratch(b).f)
        assert float(total_sat / n_in) == mean_satisfaction(a)
        assert float(((1.0 - p.exogenous_weight) * total_sat + total_exo) / n_in) == mean_satisfaction(a, p)
        assert active == np.count_nonzero(a.state == 5)


def _series(steps=40, **overrides):
    from cxsim.model import CXModel

    model = CXModel(make_config({"steps": steps, "burn_in_weeks": 30, "customers": {"n": 2000}, **overrides}), seed=3)
    for _ in range(steps):
        model.step()
    return model.datacollector.get_model_vars_dataframe(), model.rng_org.bit_generator.state


@pytest.mark.parametrize("overrides", [{}, {"leader": {"strategy": "hybrid", "focus": "broad"}}])
def test_model_is_the_same_with_the_streams_through_function_pointers(monkeypatch, overrides):
    if not streams.INLINE:
        pytest.skip("the inline stream is not available here: the model already uses the function pointers")
    inline, state = _series(**overrides)
    monkeypatch.setattr(streams, "INLINE", False)  # new generators every week, drawn through numpy's C functions
    pointers, state_p = _series(**overrides)
    assert inline.equals(pointers) and state == state_p
