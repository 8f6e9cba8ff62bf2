"""Money (issue 15): revenue, costs, ROI and payback against the same company without the programme.

The gains are measured against the no-programme twin on the same seeds (common random numbers),
so they can be checked exactly: against a hand computation where the customer base cannot move,
against an explicit run without a leader, and for a leader whose mechanisms do nothing.
Small sizes (customers.n, employees, burn_in_weeks) keep these fast: nothing here depends on the
steady state.
"""

from __future__ import annotations

import numpy as np
import pytest

from cxsim.runner import run, summarize
from .conftest import scenario

SMALL = ("customers.n=600", "company.employees=120", "burn_in_weeks=26")


def test_revenue_and_roi_match_a_hand_computation_on_a_frozen_customer_base():
    """Every customer active for ever (no churn, no acquisition, no repurchase): revenue is
    customer_base × ARPU × 12/52 every week, and a salaried leader without a programme (the lure)
    loses exactly its salary: ROI −100% from its first week."""
    ts = scenario(replicates=2, steps=20, overrides=(
        "leader=lure", "leader.start_week=4", "customers.n=100", "company.employees=60", "burn_in_weeks=5",
        "customers.initial_active=1", "customers.churn_max=0", "customers.acquisition_rate=0", "customers.repurchase_rate=0",
        "money.arpu=26", "money.customer_base=1000000", "money.gross_margin=0.5", "money.leader_cost=5.2", "money.discount_rate=0.08"))
    assert (ts["active_customers"] == 100).all()
    np.testing.assert_array_equal(ts["revenue"], 6.0)  # 1e6 customers × 26 €/month × 12/52 = 6 M€/week
    np.testing.assert_array_equal(ts["contribution"], 3.0)
    cost = np.where(ts["week"] >= 4, 0.1, 0.0)  # 5.2 M€/year from the programme's start week
    np.testing.assert_allclose(ts["programme_cost"], cost, rtol=0, atol=1e-15)
    np.testing.assert_allclose(ts["programme_cost_total"], np.maximum(0, ts["week"] - 3) * 0.1, rtol=1e-12)
    np.testing.assert_array_equal(ts["revenue_gain"], 0.0)
    np.testing.assert_array_equal(ts["roi"], np.where(ts["week"] >= 4, -100.0, 0.0))
    np.testing.assert_allclose(ts["net_benefit"], -ts["programme_cost_total"], rtol=0, atol=1e-12)
    weekly_discount = 1.08 ** (1 / 52) - 1  # no churn: CLV = margin / discount − acquisition cost
    np.testing.assert_allclose(ts["clv"], 0.5 * 6.0 / weekly_discount - 150.0, rtol=1e-9)
    assert summarize(ts)["payback_week"]["median"] is None


@pytest.fixture(scope="module")
def programme_and_baseline():
    return scenario(replicates=3, steps=60, overrides=SMALL), scenario(replicates=3, steps=60, overrides=(*SMALL, "leader=none"))


def test_gains_are_the_difference_with_an_explicit_run_without_the_programme(programme_and_baseline):
    """The twin inside a run is the run of leader=none on the same seeds: revenue gain, NPS gain,
    net benefit and ROI recomputed by hand from the two runs' columns."""
    prog, base = (t.sort_values(["replicate", "week"]).reset_index(drop=True) for t in programme_and_baseline)
    np.testing.assert_array_equal(prog["revenue_gain"], prog["revenue"] - base["revenue"])
    np.testing.assert_array_equal(prog["nps_gain"], prog["nps"] - base["nps"])
    for r, rows in prog.groupby("replicate"):
        b = base[base["replicate"] == r]
        gain = np.cumsum(rows["contribution"].to_numpy() - b["contribution"].to_numpy())
        cost = np.cumsum(rows["programme_cost"].to_numpy())
        np.testing.assert_allclose(rows["programme_cost_total"], cost, rtol=1e-12)
        np.testing.assert_allclose(rows["net_benefit"], gain - cost, rtol=1e-9, atol=1e-9)
        roi = np.divide(100 * (gain - cost), cost, out=np.zeros_like(cost), where=cost > 0)
        np.testing.assert_allclose(rows["roi"], roi, rtol=1e-9, atol=1e-9)
        assert (rows["programme_cost"] > 0).sum() > 40 and (rows["revenue_gain"] != 0).any()
    assert (base["revenue_gain"] == 0).all() and (base["programme_cost_total"] == 0).all()


@pytest.mark.parametrize("leader", [["leader=lure"], ["leader=decision_maker", "leader.budget=0"]])
def test_a_salaried_role_without_a_programme_gains_nothing_and_returns_minus_100(leader):
    """The lure (no authority, no budget), or a decision-maker without a budget: the run is the
    company without a leader, number for number, so the revenue gain is exactly 0 and the role's
    salary (money.leader_cost) is all the programme costs: ROI −100%."""
    ts = scenario(replicates=4, steps=60, overrides=(*SMALL, *leader, "money.leader_cost=0.5"))
    after = ts[ts["week"] >= 13]
    np.testing.assert_array_equal(ts["revenue_gain"], 0.0)
    np.testing.assert_array_equal(ts["nps_gain"], 0.0)
    np.testing.assert_array_equal(after["roi"], -100.0)
    assert (after["paid_back"] == 0).all()
    np.testing.assert_allclose(after["programme_cost_total"], (after["week"] - 12) * 0.5 / 52, rtol=1e-12)


def test_summary_takes_totals_at_the_horizon_and_reports_payback_weeks(programme_and_baseline):
    """Totals to date (cost, net benefit, ROI) are summarised at the last week, not averaged over
    the last quarter; the payback week is the week from which the net benefit stays ≥ 0."""
    prog, _ = programme_and_baseline
    s = summarize(prog)
    last = prog[prog["week"] == prog["week"].max()].sort_values("replicate")
    assert s["per_replicate"]["roi"] == pytest.approx(last["roi"].tolist())
    assert s["per_replicate"]["programme_cost_total"] == pytest.approx(last["programme_cost_total"].tolist())
    for r, week in enumerate(s["payback_week"]["per_replicate"]):
        rows = prog[prog["replicate"] == r].sort_values("week")
        ok = (rows["net_benefit"] >= 0) & (rows["programme_cost_total"] > 0)
        if week is None:
            assert not ok.iloc[-1]
        else:
            assert ok[rows["week"] >= week].all() and not ok[rows["week"] == week - 1].any()


def test_without_baseline_the_gains_are_not_measured():
    """money.baseline=false runs no twin: the gains are NaN (not measured), never a made-up 0."""
    res = run(overrides={"money.baseline": False, "customers.n": 300, "company.employees": 80, "burn_in_weeks": 4, "steps": 16})
    assert res.timeseries["roi"].isna().all() and res.timeseries["revenue"].gt(0).all()
    assert res.summary["payback_week"]["median"] is None
