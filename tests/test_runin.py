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
