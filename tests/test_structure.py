"""Where the CX role sits (seed 001): extended department, new direction, umbrella regrouping.

Regrouping acts through the existing kernels (the leader's position on the org chart, March's
code learning pooled over the regrouped departments, new ties, resistance and capacity during
the transition); nothing sets an outcome, so its benefit and its cost are measured here over
paired replicates (common random numbers). No baseline twin (money is not measured here); a
run-in of two years instead of ten (the contrasts are paired within the same companies).
"""

from __future__ import annotations

import numpy as np
import pytest

from cxsim.cli.scenarios import compose
from cxsim.model import CXModel
from cxsim.params import DEPARTMENTS
from cxsim.structure import DEPT_INDEX
from cxsim.stats import paired_diff_ci
from .conftest import contrast, scenario, window_mean

FAST = ("burn_in_weeks=104", "money.baseline=false")
REGROUP = ("structure.merge.field_service=1", "structure.merge.customer_service=1")


@pytest.fixture(scope="module")
def regrouped():
    return scenario(replicates=12, overrides=(*FAST, *REGROUP)), scenario(replicates=12, overrides=FAST)


def test_regrouping_two_departments_lowers_the_incidents_of_their_handoff_after_the_transition(regrouped):
    merged, overlay = regrouped
    after = contrast(merged, overlay, "incident_rate_installation_support")
    assert after.high < 0, f"installation→support incidents, regrouped − overlay, last quarter: {after}"
    disagreement = contrast(merged, overlay, "disagreement_installation_support")
    assert disagreement.high < 0, f"practice disagreement at that handoff: {disagreement}"


def test_regrouping_costs_resistance_during_the_transition(regrouped):
    merged, overlay = regrouped
    during = paired_diff_ci(window_mean(merged, "resistance", 13, 39), window_mean(overlay, "resistance", 13, 39))
    assert during.low > 0, f"mean resistance over the transition (weeks 13–39), regrouped − overlay: {during}"


def _model(overrides, steps=0):
    model = CXModel(compose([*overrides, "burn_in_weeks=0", "customers.n=300", "company.employees=120", "money.baseline=false"]), seed=3)
    for _ in range(steps):
        model.step()
    return model


def test_an_extended_department_has_full_authority_at_home_and_its_weight_elsewhere():
    leader = _model(["structure=extended_department"]).leader
    home = DEPT_INDEX["customer_service"]
    assert leader.authority_by_dept[home] == 1.0 and leader.distance[home] == 0
    others = np.arange(len(DEPARTMENTS)) != home
    np.testing.assert_allclose(leader.authority_by_dept[others], 0.3)  # company.weight.customer_service
    sales = _model(["structure=extended_department", "leader.reporting_line=sales"]).leader
    np.testing.assert_allclose(sales.authority_by_dept[np.arange(len(DEPARTMENTS)) != DEPT_INDEX["sales"]], 0.7)


def test_an_umbrella_brings_the_regrouped_departments_inside_the_leaders_direction():
    cfg = ["structure=umbrella", "structure.transition_weeks=8", "leader.start_week=2"]
    before, model = _model(cfg), _model(cfg, steps=12)
    merged = [DEPT_INDEX[d] for d in ("marketing", "sales", "customer_service", "it")]
    rest = [d for d in range(len(DEPARTMENTS)) if d not in merged]
    lead = model.leader
    assert (lead.distance[merged] == 0).all() and (lead.authority_by_dept[merged] == 1.0).all()
    np.testing.assert_array_equal(lead.distance[rest], before.leader.distance[rest])
    np.testing.assert_array_equal(lead.authority_by_dept[rest], before.leader.authority_by_dept[rest])
    ties, ties0 = model.workforce.ties, before.workforce.ties
    assert ties[DEPT_INDEX["sales"], DEPT_INDEX["customer_service"]] > ties0[DEPT_INDEX["sales"], DEPT_INDEX["customer_service"]]
    assert model.regrouping.progress == 1.0 and model.metrics["spend_reorganisation"] == 0.0
    assert [e.kind for e in model.events if e.kind.startswith("regroup")] == ["regroup_start", "regroup_complete"]


def test_a_new_direction_with_its_own_budget_takes_nothing_from_the_departments():
    """Its own budget line: no budget conflicts and no budget pressure, where the overlay
    programme is fought over the budget it takes from the departments."""
    fought = ["levers.budget_conflict_rate=5", "leader.authority=1"]

    def budget_conflicts(model):
        return sum(1 for e in model.events if e.kind == "conflict" and e.detail["cause"] == "budget")

    overlay, own = _model(fought, steps=80), _model([*fought, "structure=new_direction"], steps=80)
    assert budget_conflicts(overlay) > 0 and budget_conflicts(own) == 0
    assert (own.effort.budget_pressure == 0).all() and (overlay.effort.budget_pressure > 0).all()
