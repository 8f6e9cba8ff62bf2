"""Every number that used to be hidden in the code, and every mechanism's parameter added since, acts.

Issue 10 moved about forty constants of the model (``0.7 + 0.3 × engagement``, the ``1.6`` of
turnover, the abandonment ``× 5``, the tables of headcount and political weight, …) into the
schema with their old values; issue 12 replaced the decision-maker threshold, the yearly budget
round and the proximity table by continuous mechanisms with parameters of their own. A parameter
that is declared but not wired would be a lie in the ODD tables, so each one is changed here, in a
scenario where its mechanism is exercised, and the weekly time series must change.
"""

import functools

import pytest

from cxsim.config import CXConfig, flatten
from cxsim.runner import run

SMALL = {"steps": 40, "customers.n": 1500, "company.employees": 120, "burn_in_weeks": 26}
MARKETING = {"leader.reporting_line": "marketing"}
ORGANIC = {"leader.strategy": "organic"}
IMPATIENT = {"executive.patience": 13}
INFLUENCER = {"leader.authority": 0.3, "leader.political_capital": 0.5}  # conflicts the executive settles
# a contact centre staffed for a small active base that grows: the queue becomes unstable
FLOODED = {"customers.n": 20000, "customers.initial_active": 0.1, "customers.acquisition_rate": 0.2, "customers.contact_rate": 0.2}
HAPPY = {"customers.expectation": 0.3, "customers.word_of_mouth": 5.0}  # NPS high enough for the cap to bind
NO_SERVICE = {"customers.capacity_margin": 0.0}  # no stage serves anyone
# enough customers for the NPS a review reads to show the programme's gain (positive evidence)
EVIDENCE = {"leader.political_capital": 0.5, "customers.n": 5000}

# (parameter, new value, scenario it needs)
FORMERLY_HIDDEN = [
    ("company.resistance_sd", 0.3, {}),
    ("company.engagement_sd", 0.3, {}),
    ("company.turnover_offset", 1.05, {}),
    ("company.engagement_output", 0.8, {}),
    ("company.headcount.hr", 0.3, {}),
    ("company.weight.sales", 0.0, INFLUENCER),
    ("company.p_kpi", 0.05, {}),
    ("customers.word_of_mouth_cap", 1.0, HAPPY),
    ("customers.initial_satisfaction_sd", 0.2, {}),
    ("customers.exogenous_weight", 0.8, {}),
    ("customers.exogenous_level", 0.3, {}),
    ("customers.exogenous_sd", 0.0, {}),
    ("customers.adaptation", 0.9, {}),
    ("customers.handoff_floor", 0.2, {}),
    ("customers.ongoing_billing_share", 1.0, {}),
    ("customers.load_penalty", 0.6, {}),
    ("customers.load_smoothing", 0.8, {}),
    ("customers.initial_load", 0.2, {}),
    ("customers.abandon_multiplier", 30.0, {"customers.abandon_threshold": 0.6}),
    ("customers.initial_nps", 80.0, {}),
    ("customers.feedback_window", 3, {}),
    ("customers.service_level_target", 0.3, {"customers.n": 20000}),
    ("customers.support_wait_exponent", 2.0, FLOODED),
    ("customers.asa_cap_targets", 2.0, FLOODED),
    ("leader.review_noise", 2.0, {}),
    ("leader.unseen_satisfaction", 1.0, NO_SERVICE),
    ("leader.support_quality_pain", 2.0, {}),
    ("leader.playbook_unheard", 1.0, {}),
    ("executive.improvement", 50.0, EVIDENCE),
    ("executive.attention", 0.0, IMPATIENT),
    ("executive.cut", 1.0, IMPATIENT),
    ("levers.hybrid_training_share", 0.9, {"leader.strategy": "hybrid"}),
    ("levers.resistance_socialisation", 1.0, {}),
    ("levers.resistance_disengagement", 2.0, {}),
    ("levers.redesign_half", 0.01, {}),
    ("levers.capital_win", 0.3, INFLUENCER),
    ("levers.capital_review", 0.4, {**EVIDENCE, "executive.improvement": 0.1}),
    ("levers.overruled_resistance", 2.0, INFLUENCER),
    ("levers.ex_relief", 5.0, {}),
    ("levers.visible_nps_gain", 0.1, {}),
    ("levers.visible_satisfaction_gain", 0.001, {}),
    ("levers.budget_conflict_rate", 5.0, {}),
    ("levers.reach_decay", 0.2, {}),
    ("levers.attention_decay", 1.0, {**MARKETING, "steps": 80}),  # a second review after the start
    ("levers.listening_decay", 0.1, {}),
    ("levers.arbitration_decay", 0.1, INFLUENCER),
    ("levers.home_expertise", 1.0, MARKETING),
    ("levers.home_cofunding", 2.0, MARKETING),
    ("levers.cop_focus", 1.0, {**ORGANIC, "company.p_kpi": 0.05}),  # codes that follow the KPIs faster
    ("levers.disruption_resistance", 5.0, {}),
    ("burn_in_weeks", 0, {}),
    ("customer_burn_in_weeks", 0, {}),
]


@functools.lru_cache(maxsize=None)
def _series(overrides: tuple):
    return run(overrides={**SMALL, **dict(overrides)}, seed=3).timeseries


# acts only when a player takes a decision (issue 19; the model's own rule never negotiates):
# tests/test_decisions.py checks it on a negotiated mandate
PLAYED_ONLY = {"levers.negotiated_pressure"}


def test_the_list_covers_every_new_parameter():
    """The parameters added by issues 10 and 12 are exactly the ones tested here (with the
    per-department groups), and the ones issue 12 removed are gone. Issue 15's mechanisms (their
    groups and the few scalars they added elsewhere) are tested by their own mechanism tests
    (tests/test_structure.py, test_forum.py, test_money.py, test_ex_timing.py, test_influence.py)."""
    keys = set(flatten(CXConfig()))
    issue15 = {k for k in keys if k.split(".")[0] in ISSUE15_GROUPS} | ISSUE15_SCALARS
    assert ISSUE15_SCALARS <= keys and PLAYED_ONLY <= keys
    added = keys - OLD_KEYS - issue15 - PLAYED_ONLY
    tested = {key for key, _, _ in FORMERLY_HIDDEN}
    groups = {k.rsplit(".", 1)[0] for k in added if k.startswith(("company.headcount.", "company.weight."))}
    assert {k for k in added if k.rsplit(".", 1)[0] not in groups} == {k for k in tested if k.rsplit(".", 1)[0] not in groups}
    assert {g.split(".")[1] for g in groups} == {"headcount", "weight"}
    removed = ("company.proximity.", "budget_authority", "budget_period", "local_competence", "code_divergence", "code_unsure")
    assert not any(r in k for k in keys for r in removed)


@pytest.mark.parametrize("key, value, scenario", FORMERLY_HIDDEN, ids=[k for k, _, _ in FORMERLY_HIDDEN])
def test_a_formerly_hidden_constant_acts(key, value, scenario):
    base = _series(tuple(sorted(scenario.items())))
    changed = _series(tuple(sorted({**scenario, key: value}.items())))
    assert not base.equals(changed), f"{key}={value} changed nothing in {scenario or 'the default scenario'}"


# issue 15: where the role sits, the governance forum and money (groups of their own), and the
# EX timing, arbiter level and champion fading (scalars in existing groups)
ISSUE15_GROUPS = ("structure", "governance", "money")
ISSUE15_SCALARS = {"leader.ex_delay", "leader.ex_ramp_weeks", "leader.ex_reallocation", "executive.arbiter_rank", "levers.champion_fade"}

# the schema's keys before issue 10 (commit 1d6b24c)
OLD_KEYS = {
    "seed", "steps", "replicates",
    *(f"company.{k}" for k in ("name employees silo mean_degree dims_per_stage promise_dims local_competence code_divergence socialised "
                               "local_kpi_focus head_resistance p1 p2 p3 p4 p_ip engagement voc_noise digital_team_weight").split()),
    *(f"customers.{k}" for k in ("n initial_active acquisition_rate repurchase_rate word_of_mouth expectation expectation_sd meet_satisfaction "
                                 "disconfirmation_gain stage_weight active_weight wait_penalty incident_penalty handoff_risk tie_protection "
                                 "capacity_margin churn_max churn_exponent abandon_threshold survey_rate relationship_survey_rate nps_noise "
                                 "contact_rate aht_s answer_target_s open_hours support_penalty").split()),
    *(f"leader.{k}" for k in ("enabled authority reporting_line budget strategy focus ex_share voc_share redesign_share start_week "
                              "political_capital review_weeks playbook_p2").split()),
    *(f"executive.{k}" for k in "sponsorship patience decay gain".split()),
    *(f"levers.{k}" for k in ("reference_budget effort_half effort_hill train_p1 champion_p_ip champion_share cop_ties ex_half ex_gain "
                              "engagement_lag voc_half redesign_gain conflict_rate capital_loss conflict_resistance mandate_resistance "
                              "relief_resistance budget_resistance resistance_memory").split()),
}
