"""Seed 001's other conditions: the influence must stay active, and decisions arbitrated at the right level.

Small customer base, a short run-in and no baseline twin; contrasts paired over replicates.
"""

from __future__ import annotations

from .conftest import contrast, scenario

FAST = ("customers.n=1000", "burn_in_weeks=52", "money.baseline=false")
# an organic programme whose executive stops funding it at the first review after a quarter
STOPPED = ("change=organic", "executive.patience=13", "executive.improvement=200", "executive.cut=1", "executive.attention=1")
FOUGHT = ("levers.budget_conflict_rate=5", "leader.authority=1")


def test_champions_without_support_fade_when_the_influence_must_stay_active():
    fading = scenario(replicates=8, steps=104, overrides=(*FAST, *STOPPED, "levers.champion_fade=0.1"))
    staying = scenario(replicates=8, steps=104, overrides=(*FAST, *STOPPED))
    assert (staying[staying["week"] > 40]["budget_granted"] < 0.05).all()  # the programme is stopped
    fewer = contrast(fading, staying, "champion_share")
    assert fewer.high < 0, f"share of champions in the last quarter, fade 0.1 − 0: {fewer}"


def test_arbitration_below_the_top_lets_heavyweights_win_more():
    low = scenario(replicates=12, overrides=(*FAST, *FOUGHT, "executive.arbiter_rank=0.2"))
    top = scenario(replicates=12, overrides=(*FAST, *FOUGHT))
    capital = contrast(low, top, "political_capital", week=156)
    assert capital.high < 0, f"leader's political capital at the horizon, arbiter rank 0.2 − 1: {capital}"
