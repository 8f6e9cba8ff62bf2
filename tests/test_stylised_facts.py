"""Stylised facts S2, S3, S4, S6, S7, S8 (DESIGN §1) over 20 replicates with 95% intervals.

Scenarios are the presets of ``configs/`` composed by Hydra (``cxsim.cli.scenarios.compose``),
so a preset means here what it means on the command line. Each comparison is paired: replicate
r of both arms starts from the same company (same child seed), and the 95% interval is the
Student-t interval of the mean paired difference (``cxsim.stats.paired_diff_ci``). A fact holds
when the interval excludes zero in the stated direction. Nothing here is special-cased: the
scenarios differ only in the presets and parameters named.

A fact that does not emerge from the mechanisms is a finding, not a failure to hide (issue 12):
its test is a strict expected failure whose reason gives the measured numbers, so it turns red the
day the model starts producing it (and someone should then look at why).
"""

from __future__ import annotations

import pytest

from cxsim.stats import paired_diff_ci

from .conftest import contrast, scenario, window_mean

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("facts")]
R = 20
MARGIN = 5.0  # NPS points: equivalence margin of S2's token leader
DECISION_MAKER = ["leader=decision_maker", "reporting=ceo", "executive=committed"]  # CEO-owned, with the means
MARKETING_OWNED = ["leader=decision_maker", "reporting=marketing", "executive=committed"]
NO_LEADER = ["leader=none"]
LURE = ["leader=lure"]  # a title without authority or budget
TOKEN = [*LURE, "leader.authority=0.05", "leader.budget=0.05"]  # 2.5% of the reference budget
# Columns that describe the programme itself, not the customers or the organisation: the leader's
# playbook and political capital (0 without a leader), and the executive's sponsorship and the
# budget share it grants, which it reviews against the programme's results only when there is a
# programme (without one they stay at their initial level).
# the programme's own state, and what the title costs (issue 15's money: a lure is paid a salary,
# so its cost, net benefit and ROI differ while every customer and organisation column is equal)
PROGRAMME_ONLY = {"playbook_knowledge", "political_capital", "sponsorship", "budget_granted",
                  "spend_leader", "programme_cost", "programme_cost_total", "net_benefit", "roi"}


def test_S8_top_down_beats_organic_at_week_52():
    td = scenario(R, 52, overrides=[*DECISION_MAKER, "change=top_down"])
    org = scenario(R, 52, overrides=[*DECISION_MAKER, "change=organic"])
    c = contrast(td, org, "nps", 52)
    assert c.low > 0, f"top_down − organic NPS at week 52 = {c}"


def test_S3_marketing_owned_improves_its_stage_but_leaves_operations_contradictory():
    """Marketing-owned CX improves marketing's stage (purchase) but leaves the operations'
    handoffs contradictory (seeds 001, 002)."""
    ceo = scenario(R, overrides=DECISION_MAKER)
    mkt = scenario(R, overrides=MARKETING_OWNED)
    none = scenario(R, overrides=NO_LEADER)
    c = contrast(mkt, none, "stage_satisfaction_purchase")
    assert c.low > 0, f"marketing-owned − no leader purchase satisfaction = {c}"
    c = contrast(mkt, ceo, "incident_rate_delivery_installation")
    assert c.low > 0, f"marketing − CEO delivery→installation incident rate = {c}"
    c = contrast(mkt, ceo, "customer_friction", 156)
    assert c.low > 0, f"marketing − CEO customer friction at week 156 = {c}"


def test_S3_ceo_owned_serves_installation_better():
    """Measured +0.038 [+0.009, +0.067] over the last quarter (20 paired replicates, seed 2024): the
    CEO-owned leader's reach over operations shows in the installation stage itself."""
    ceo = scenario(R, overrides=DECISION_MAKER)
    mkt = scenario(R, overrides=MARKETING_OWNED)
    c = contrast(ceo, mkt, "stage_satisfaction_installation")
    assert c.low > 0, f"CEO − marketing installation satisfaction = {c}"


@pytest.mark.xfail(strict=True, reason="finding (issue 12): measured marketing − CEO conflicts by week 156 "
                   "+0.20 [−0.58, +0.98] (20 paired replicates, seed 2024): conflict hazards are now continuous in the "
                   "authority a leader lacks over a department (no threshold); the CEO line's reach (0.7 everywhere) "
                   "leaves it short of authority too, and a marketing-owned leader, which loses more arbitrations, "
                   "has its mandates suspended more often, which ends further fights")
def test_S3_marketing_owned_fights_more():
    ceo = scenario(R, overrides=DECISION_MAKER)
    mkt = scenario(R, overrides=MARKETING_OWNED)
    c = contrast(mkt, ceo, "conflicts_total", 156)
    assert c.low > 0, f"marketing − CEO conflicts by week 156 = {c}"


@pytest.mark.xfail(strict=True, reason="finding (issue 12): measured absent executive (sponsorship 0.1, attention 0.2) "
                   "− no leader NPS at week 104 +7.0 [+5.6, +8.5] (20 paired replicates, seed 2024): without sponsorship "
                   "mandates barely act and bring conflicts and resistance (S4's other parts hold, test_model), but the "
                   "budget still buys employee experience, listening and process redesign, which an inattentive "
                   "executive does not cut")
def test_S4_without_sponsorship_no_improvement():
    absent = scenario(R, overrides=[*DECISION_MAKER[:2], "executive=absent"])
    none = scenario(R, overrides=NO_LEADER)
    c = contrast(absent, none, "nps", 104)
    assert c.high <= 0, f"absent sponsor − no leader NPS at week 104 = {c}"


def test_S2_lure_is_indistinguishable_from_no_leader():
    """A title without mission or means is a lure (seed 000): authority 0 and budget 0 give the
    outcomes of no CX leader exactly. With common random numbers (docs/ODD.md §1.3) a leader
    draws only from the programme's stream, so replicate r of the lure and of no leader have the
    same customers and organisation week by week: every column of the time series is equal
    except the programme's own (``PROGRAMME_ONLY``), and those do differ.

    Two more checks keep this from passing vacuously: a token leader (authority 0.05, 2.5% of
    the reference budget, the "≈ 0" of DESIGN §1) is equivalent to no leader within ±5 NPS points
    (its 95% interval inside the margin; 5 points = the smallest change an NPS tracker notices,
    assumption), and a CEO-owned decision-maker with the means is far from it.
    """
    none = scenario(R, overrides=NO_LEADER)
    real = scenario(R, overrides=DECISION_MAKER)
    c = contrast(real, none, "nps", 156)
    assert c.low > 2 * MARGIN, f"CEO-owned leader − no leader NPS = {c}: the comparison cannot discriminate"
    lure = scenario(R, overrides=LURE)
    assert list(lure.columns) == list(none.columns) and len(lure) == len(none) == R * 157
    differ = {col for col in none.columns if not lure[col].equals(none[col])}
    assert differ == PROGRAMME_ONLY, (f"lure vs no leader: columns that differ {sorted(differ - PROGRAMME_ONLY)}, "
                                      f"programme columns that do not {sorted(PROGRAMME_ONLY - differ)}")
    token = scenario(R, overrides=TOKEN)
    c = contrast(token, none, "nps", 156)
    assert -MARGIN < c.low and c.high < MARGIN, f"token leader − no leader NPS at week 156 = {c}, not within ±{MARGIN}"


def test_S7_some_ex_beats_none_and_all_ex_is_not_best():
    ex0 = scenario(R, overrides=["leader.ex_share=0.0"])
    ex3 = scenario(R, overrides=["leader.ex_share=0.3"])
    ex10 = scenario(R, overrides=["leader.ex_share=1.0"])
    c = contrast(ex3, ex0, "nps", 156)
    assert c.low > 0, f"ex_share 0.3 − 0 NPS at week 156 = {c}"
    c = contrast(ex3, ex10, "nps", 156)
    assert c.low > 0, f"ex_share 0.3 − 1.0 NPS at week 156 = {c}"


def test_S6_single_kpi_beats_broad_over_the_programme():
    """At equal budget, one KPI at a time beats spreading (seed 001), on NPS averaged over weeks
    26–156 (issue 12: a single week can flatter either); weeks 52, 104 and 156 are reported."""
    single = scenario(R, overrides=["focus=single_kpi"])
    broad = scenario(R, overrides=["focus=broad"])
    c = paired_diff_ci(window_mean(single, "nps", 26, 156), window_mean(broad, "nps", 26, 156))
    weeks = {w: contrast(single, broad, "nps", w) for w in (52, 104, 156)}
    assert c.low > 0, f"single_kpi − broad NPS over weeks 26–156 = {c}; by week: {weeks}"
