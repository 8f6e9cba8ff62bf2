"""Who owns what in the model: the leader returns its effort, the dynamics never read the metrics,
events record without changing anything, week 0 is the initial state."""

import numpy as np
import pytest

from cxsim.kernels.journey import PURCHASE
from cxsim.model import CXModel
from cxsim.model.effort import ProgrammeEffort
from cxsim.model.events import EVENT_KINDS, Event

CONFLICTS = dict(seed=4, steps=80, customers__n=1500, company__employees=120, leader__authority=1.0, leader__budget=8.0,
                 executive__sponsorship=0.05, levers__capital_loss=0.3)


def advance(model, weeks):
    for _ in range(weeks):
        model.step()
    return model


def test_the_leader_returns_its_effort_and_writes_nothing():
    """CXLeader.step decides (review, conflicts, budget) and returns a ProgrammeEffort; the
    workforce's arrays, the graph and the departments are untouched until the model applies it."""
    m = CXModel(**CONFLICTS)
    wf, decide, seen = m.workforce, m.leader.step, []

    def snapshot():
        return (wf.resistance.copy(), wf.engagement.copy(), wf.champion.copy(), wf.beliefs.copy(), wf.graph.number_of_edges(),
                [(d.mandate, d.suspended, d.conflicts_total) for d in m.departments])

    def watched():
        before = snapshot()
        effort = decide()
        seen.append((before, snapshot(), effort))
        return effort

    m.leader.step = watched
    advance(m, 30)
    for before, after, effort in seen:
        assert isinstance(effort, ProgrammeEffort)
        for a, b in zip(before[:4], after[:4]):
            assert np.array_equal(a, b)
        assert before[4:] == after[4:]
    efforts = [e for _, _, e in seen]
    assert any(e.mandates.any() for e in efforts) and any(e.resistance_shocks for e in efforts)
    assert sum(len(e.conflicts) for e in efforts) == m.metrics["conflicts_total"] > 0


def test_the_dynamics_never_read_the_output_metrics():
    """Scrambling model.metrics after every week changes nothing that follows."""
    plain = advance(CXModel(**CONFLICTS), 60)
    scrambled = CXModel(**CONFLICTS)
    for _ in range(60):
        scrambled.step()
        scrambled.metrics = {key: float("nan") for key in scrambled.metrics}
    a = plain.datacollector.get_model_vars_dataframe()
    b = scrambled.datacollector.get_model_vars_dataframe()
    assert a.equals(b)
    assert np.array_equal(plain.workforce.beliefs, scrambled.workforce.beliefs)


def test_events_tell_the_story_and_change_no_number(monkeypatch):
    m = advance(CXModel(**CONFLICTS), 80)
    kinds = {e.kind for e in m.events}
    assert {"programme_start", "targets_changed", "mandate_issued", "conflict", "sponsorship_review"} <= kinds
    assert all(isinstance(e, Event) and e.kind in EVENT_KINDS for e in m.events)
    assert [e.week for e in m.events] == sorted(e.week for e in m.events)
    conflicts = [e for e in m.events if e.kind == "conflict"]
    assert len(conflicts) == int(m.metrics["conflicts_total"])
    assert {e.detail["outcome"] for e in conflicts} <= {"leader won", "department won"}
    lost = sum(e.detail["outcome"] == "department won" for e in conflicts)
    assert lost and sum(e.kind == "mandate_suspended" for e in m.events) <= lost
    reviews = [e for e in m.events if e.kind == "sponsorship_review"]
    assert reviews and all(-1 < e.detail["evidence"] < 1 for e in reviews)
    assert all((e.detail["after"] > e.detail["before"]) <= (e.detail["evidence"] > 0) for e in reviews)
    if "leader_sidelined" in kinds:
        assert m.leader.sidelined
    monkeypatch.setattr(CXModel, "record", lambda self, *a, **k: None)
    silent = advance(CXModel(**CONFLICTS), 80)
    assert silent.events == []
    assert silent.datacollector.get_model_vars_dataframe().equals(m.datacollector.get_model_vars_dataframe())


def test_an_unknown_event_kind_is_refused():
    with pytest.raises(ValueError, match="unknown event kind"):
        Event(1, "coffee_break", "cx_leader", "company")


def test_week_zero_is_the_initial_state():
    """Without a run-in, week 0 is the drawn initial state (with one, it is the run-in's end)."""
    m = CXModel(seed=2, customers__n=800, burn_in_weeks=0, customer_burn_in_weeks=0)
    row = m.datacollector.get_model_vars_dataframe().iloc[0]
    cust = m.customers
    for s, name in enumerate(("purchase", "billing", "delivery", "installation")):
        assert row[f"in_stage_{name}"] == np.count_nonzero(cust.state == PURCHASE + s)
        assert row[f"waiting_{name}"] == 0.0
    assert row["nps"] == m.config.customers.initial_nps and row["support_service_level"] == 1.0
    assert row["customer_friction"] == pytest.approx(100 * m.incident_probabilities().sum())
    assert row["conflicts"] == 0 and row["acquisitions"] == 0 and row["churn_rate"] == 0


def test_employees_and_departments_are_views_onto_the_workforce():
    m = advance(CXModel(seed=5, customers__n=500, company__employees=80, leader__strategy="organic"), 30)
    wf = m.workforce
    e = m.employees[7]
    assert e.engagement == wf.engagement[e.row] and e.is_champion == wf.champion[e.row]
    assert e.knowledge == pytest.approx(wf.scores(m.reality)[e.row])
    for d in m.departments:
        assert d.headcount == wf.sizes[d.index]
        assert d.resistance == pytest.approx(wf.resistance[wf.dept_of == d.index].mean())
    assert wf.champion.any(), "organic change recruits champions"
