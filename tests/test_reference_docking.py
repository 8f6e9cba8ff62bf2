"""Docking: the vectorised journey kernel against the plain per-agent Mesa reference, reduced to
the docking's own size (``cxsim.validation.reference``: 12 reference and 40 kernel runs of
3,000 customers for 60 weeks; |z| < 4 for each of the 19 statistics).

Power: the same comparison against a kernel with doubled incident probabilities, halved
capacity, or a flatter churn curve must fail on the statistic each change should move.
"""

from __future__ import annotations

import inspect

import pytest

from cxsim.validation import reference as rd
from cxsim.validation.reference_agents import RefCustomer


@pytest.fixture(scope="module")
def setting():
    return rd.setting()


@pytest.fixture(scope="module")
def reference_runs(setting):
    return rd.reference_runs(*setting)


def test_reference_is_plain_python():
    """The per-customer logic of the reference uses no numpy (it is the baseline of the speed ratio)."""
    for fn in (RefCustomer.begin_week, RefCustomer.step, RefCustomer.__init__):
        assert "np." not in inspect.getsource(fn)


def test_kernel_and_reference_give_the_same_distributions(setting, reference_runs):
    result = rd.compare(reference_runs, rd.kernel_runs(*setting))
    assert (result.k_ref, result.k_vec, len(result.statistics)) == (rd.K_REF, rd.K_VEC, 19)
    assert result.passed and not result.differing(), f"kernel and reference differ (|z| ≥ {rd.Z_MAX}):\n{result.table()}"
    assert result.max_abs_z < rd.Z_MAX
    # the setting exercises every rule: queues, incidents, survey answers of both kinds, churn
    r = {k: c.kernel for k, c in result.statistics.items()}
    assert 0.5 < r["served_share"] < 1.0 and 0.1 < r["incidents_per_journey"] < 1.0
    assert r["promoter_share"] > 0.05 and r["detractor_share"] > 0.05 and r["churn_rate"] > 0


@pytest.mark.parametrize(
    "change, statistics",
    [
        ("incidents×2", ("incidents_per_journey", "share_0_incidents", "completion_satisfaction")),
        ("capacity×0.5", ("journey_weeks", "served_share", "share_6plus_weeks")),
        ("churn_exponent 2→1.5", ("churn_rate",)),
    ],
)
def test_docking_detects_a_deliberate_change(reference_runs, change, statistics):
    if change == "churn_exponent 2→1.5":
        p, w = rd.setting(churn_exponent=1.5)
    else:
        p, w = rd.setting()
        if change == "incidents×2":
            w.incident_prob = w.incident_prob * 2
        else:
            w.capacity = w.capacity * 0.5
    result = rd.compare(reference_runs, rd.kernel_runs(p, w))
    assert not result.passed
    for key in statistics:
        assert key in result.differing(), f"{change} not detected on {key}:\n{result.table()}"
