"""The run-in (docs/ODD.md §3.1): the company reaches its steady state before week 0, the run-in
does not depend on the programme, and a cached start is bit-identical to a computed one."""

from __future__ import annotations

import numpy as np

from cxsim.model import CXModel
from cxsim.model.runin import clear_cache
from cxsim.runner import run

SMALL = dict(steps=8, customers__n=600, company__employees=80, burn_in_weeks=30)


def test_a_cached_start_is_bit_identical_to_a_computed_one():
    clear_cache()
    computed = run(seed=21, replicates=2, **SMALL).timeseries
    cached = run(seed=21, replicates=2, **SMALL).timeseries  # both run-ins now come from the cache
    assert computed.equals(cached)
    clear_cache()
    assert run(seed=21, replicates=2, **SMALL).timeseries.equals(computed)


def test_the_run_in_does_not_depend_on_the_programme():
    """Every scenario with the same seed starts week 0 from the same company and customers."""
    clear_cache()
    a = CXModel(seed=5, leader__enabled=False, **{k: v for k, v in SMALL.items() if k != "steps"})
    clear_cache()
    b = CXModel(seed=5, leader__strategy="organic", leader__reporting_line="marketing", executive__sponsorship=0.1,
                **{k: v for k, v in SMALL.items() if k != "steps"})
    assert np.array_equal(a.workforce.beliefs, b.workforce.beliefs)
    assert np.array_equal(a.local_codes, b.local_codes) and np.array_equal(a.reality, b.reality)
    for name in ("state", "sat", "expect", "exo_part"):
        assert np.array_equal(getattr(a.customers, name), getattr(b.customers, name)), name
    assert a.metrics["nps"] == b.metrics["nps"]


def test_the_run_in_moves_the_company():
    """Without a run-in week 0 is the drawn company; with one, it is where the company got to."""
    kw = {k: v for k, v in SMALL.items() if k not in ("steps", "burn_in_weeks")}
    drawn = CXModel(seed=6, burn_in_weeks=0, **kw)
    run_in = CXModel(seed=6, burn_in_weeks=30, **kw)
    assert not np.array_equal(drawn.workforce.beliefs, run_in.workforce.beliefs)
    assert drawn.week == run_in.week == 0


def test_the_organisation_runs_alone_until_the_customers_join():
    """Without a programme the organisation reads nothing of the customers: a run-in in which the
    customers join late leaves the organisation exactly as a run-in in which they take part
    throughout (the same substreams, the same codes, beliefs, engagement and resistance)."""
    kw = {k: v for k, v in SMALL.items() if k not in ("steps", "burn_in_weeks")}
    clear_cache()
    full = CXModel(seed=8, burn_in_weeks=30, customer_burn_in_weeks=30, **kw)
    clear_cache()
    late = CXModel(seed=8, burn_in_weeks=30, customer_burn_in_weeks=5, **kw)
    assert np.array_equal(full.workforce.beliefs, late.workforce.beliefs)
    assert np.array_equal(full.local_codes, late.local_codes) and np.array_equal(full.reality, late.reality)
    assert np.array_equal(full.workforce.resistance, late.workforce.resistance)
    assert not np.array_equal(full.customers.sat, late.customers.sat)  # the customers did not live the same weeks
