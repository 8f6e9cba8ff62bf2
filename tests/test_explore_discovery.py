"""Scenario discovery and robustness shares on data whose answer is known."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from cxsim.explore.discover import cart_rules, describe_box, prim_box
from cxsim.explore.outcomes import Measure, Outcome
from cxsim.explore.robustness import fact_results, hinge_lines, wilson


@pytest.fixture(scope="module")
def planted():
    """Cases of interest where a > 0.6 and b < 0.4 (c and d are irrelevant), 3% label noise."""
    rng = np.random.default_rng(0)
    x = pd.DataFrame(rng.random((400, 4)), columns=["a", "b", "c", "d"])
    y = ((x.a > 0.6) & (x.b < 0.4)).to_numpy() ^ (rng.random(400) < 0.03)
    return x, y


def test_prim_finds_the_planted_box(planted):
    x, y = planted
    box = prim_box(x, y, min_coverage=0.5)
    assert set(box.limits["factor"]) == {"a", "b"}
    lim = box.limits.set_index("factor")
    assert abs(lim.loc["a", "lo"] - 0.6) < 0.05 and abs(lim.loc["b", "hi"] - 0.4) < 0.05
    assert box.density > 0.9 and box.coverage > 0.7 and box.density > 3 * box.base_density
    assert "a ≥" in describe_box(box) and "b ≤" in describe_box(box)
    assert len(box.trajectory) > 5 and box.trajectory["density"].iloc[-1] >= box.trajectory["density"].iloc[0]


def test_cart_rule_names_the_planted_factors(planted):
    x, y = planted
    best = cart_rules(x, y, max_depth=2)[0]
    assert "a >" in best.conditions and "b ≤" in best.conditions
    assert best.density > 0.85 and best.coverage > 0.7


def test_nothing_to_discover_without_enough_cases(planted):
    x, _ = planted
    y = np.zeros(len(x), bool)
    y[:3] = True
    assert prim_box(x, y) is None and cart_rules(x, y) == []


def test_robustness_shares_and_their_intervals():
    """10 points: 7 with a positive mean, 4 of them with a lower bound above 0 (sd 1, n 10)."""
    mean = np.array([2.0, 1.5, 1.0, 0.8, 0.3, 0.2, 0.1, -0.1, -0.5, -2.0])
    table = pd.DataFrame({"f": np.linspace(0, 1, 10), "c": mean, "c__sd": 1.0, "c__n": 10})
    o = Outcome("c", Measure("x", ("nps",), 52, 52), Measure("y", ("nps",), 52, 52), expect="positive", fact="S0")
    (res,) = fact_results([o], table, ["f"], holds=0.8)
    assert res.points == 10 and res.sign_share == 0.7
    assert res.significant_share == 0.4  # t(9) × 1/√10 = 0.715: 2.0, 1.5, 1.0, 0.8 clear it
    assert res.sign_ci == pytest.approx(wilson(7, 10)) and res.sign_ci[0] < 0.7 < res.sign_ci[1]
    assert res.question is not None  # below 80%: where it fails is looked for
    assert res.no_difference == 0.0
    ties = table.assign(c=[0.0, 0.0, 1.0, -1.0] + [2.0] * 6)
    (res_ties,) = fact_results([o], ties, ["f"])
    assert res_ties.no_difference == 0.2 and res_ties.sign_share == 0.7  # a 0 is not the expected sign
    eq = Outcome("c", o.measure, o.minus, expect="equivalent", margin=1.0)
    (res_eq,) = fact_results([eq], table, ["f"])
    # within ±1: 0.8, 0.3, 0.2, 0.1, −0.1, −0.5; whole interval (±0.715) within ±1: |mean| < 0.285
    assert res_eq.sign_share == 0.6 and res_eq.significant_share == 0.3


def test_a_cart_rule_states_each_factor_once():
    from cxsim.explore.discover import _conditions

    names = ["a", "b"]
    assert _conditions([(0, 0.4, False), (0, 0.6, False), (1, 2.0, True)], names) == "a > 0.6 and b ≤ 2"
    assert _conditions([(0, 0.4, False), (1, 2.0, True), (0, 0.6, True)], names) == "a in (0.4, 0.6] and b ≤ 2"
    assert _conditions([], names) == "everywhere"


def test_a_fragile_fact_lists_only_the_assumptions_it_moves_with_beyond_chance():
    """200 points, 20 factors: the contrast follows `driver`; the other 19 are noise."""
    rng = np.random.default_rng(3)
    x = pd.DataFrame(rng.random((200, 20)), columns=["driver", *(f"noise{i}" for i in range(19))])
    mean = 2.0 * (x["driver"] - 0.6) + rng.normal(0, 0.3, 200)  # fails where driver is low
    table = x.assign(c=mean, c__sd=1.0, c__n=10)
    o = Outcome("c", Measure("x", ("nps",), 52, 52), Measure("y", ("nps",), 52, 52), expect="positive", fact="S0")
    (res,) = fact_results([o], table, list(x.columns), holds=0.8)
    assert res.sign_share < 0.8 and 0.15 < res.chance < 0.35
    assert [f for f, _ in res.correlates] == ["driver"] and res.correlates[0][1] > 0.8
    text = "\n".join(hinge_lines([res], 0.8))
    assert "driver (ρ +0." in text and "Leads (exploratory)" in text
    assert "moves beyond chance" not in "\n".join(hinge_lines([res], 0.8, correlations=False))
