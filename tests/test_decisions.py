"""The roles' decisions in the model (cxsim/model/decisions.py): the rule is the model's own
behaviour; a played decision acts through the agents' own mechanisms."""

from __future__ import annotations

import numpy as np
import pytest

from cxsim.cli.scenarios import compose
from cxsim.model import CXModel
from cxsim.model.decisions import ExecutiveDecision, HeadDecision, LeaderDecision
from cxsim.params import DEPARTMENTS

WEEKS = 40


@pytest.fixture(scope="module")
def organic():
    return compose(["change=organic", "customers.n=300", "leader.start_week=1"])


def run(cfg, weeks=WEEKS, **round_decisions):
    model = CXModel(cfg)
    if round_decisions:
        model.decisions.set_round(**round_decisions)
    for _ in range(weeks):
        model.step()
    return model


def test_explicit_rule_decisions_change_nothing(organic):
    a = run(organic)
    b = run(organic, heads={d: HeadDecision() for d in range(len(DEPARTMENTS))}, leader=LeaderDecision(), executive=ExecutiveDecision())
    assert a.datacollector.get_model_vars_dataframe().equals(b.datacollector.get_model_vars_dataframe())


def test_withholding_champions_and_the_community_acts_through_the_programme(organic):
    every = range(len(DEPARTMENTS))
    free = run(organic)
    closed = run(organic, heads={d: HeadDecision(champions=False, community=False) for d in every})
    assert free.workforce.champion.sum() > 0
    assert closed.workforce.champion.sum() == 0
    assert closed.workforce.ties.sum() < free.workforce.ties.sum()
    # the programme's random draws are still taken: turbulence, on its own stream, is the same
    assert np.array_equal(free.reality, closed.reality)


def test_a_played_ceo_and_leader_are_obeyed():
    cfg = compose(["customers.n=300", "leader.start_week=1"])
    model = run(cfg, weeks=30, leader=LeaderDecision(targets="installation", split=(0.0, 0.5, 0.5)),
                executive=ExecutiveDecision(arbitration="department", sponsorship=0.3))
    assert model.leader.targets == (3,)  # installation, from the first review on
    assert model.executive.sponsorship == pytest.approx(0.3, abs=0.2)
    assert model.leader.spend["ex"] == 0.0
    won = [e for e in model.events if e.kind == "conflict"]
    assert all(e.detail["outcome"] == "department won" for e in won)


def test_negotiating_a_mandate_softens_it():
    cfg = compose(["customers.n=300", "leader.start_week=1", "focus=broad"])
    every = range(len(DEPARTMENTS))
    comply = run(cfg, weeks=20, heads={d: HeadDecision(mandate="comply", budget="offer") for d in every})
    negotiate = run(cfg, weeks=20, heads={d: HeadDecision(mandate="negotiate", budget="offer") for d in every})
    pressed = comply.effort.train_effect > 0
    assert pressed.any()
    assert np.allclose(negotiate.effort.train_effect[pressed], cfg.levers.negotiated_pressure * comply.effort.train_effect[pressed], rtol=0.3)
    assert sum(d.conflicts_total for d in comply.departments) == sum(d.conflicts_total for d in negotiate.departments) == 0


def test_heads_joining_the_forum_is_the_forum_of_the_configuration():
    """Heads who choose to attend every meeting make the forum that ``governance.attend`` = 1
    would make: the same meetings, alignment and results, draw for draw (one path, no other)."""
    base = ["customers.n=300", "leader.start_week=1"]
    attending = [d for d in DEPARTMENTS if d != "hr"]
    played = run(compose(base), weeks=30, heads={DEPARTMENTS.index(d): HeadDecision(forum=True) for d in attending})
    configured = run(compose(base + ["governance=forum"]), weeks=30)
    assert played.forum.meetings == configured.forum.meetings > 0
    assert np.array_equal(played.forum.alignment, configured.forum.alignment)
    assert played.datacollector.get_model_vars_dataframe().equals(configured.datacollector.get_model_vars_dataframe())


def test_a_head_who_stays_away_from_the_forum_does_not_align():
    cfg = compose(["customers.n=300", "leader.start_week=1", "governance=forum"])
    marketing = DEPARTMENTS.index("marketing")
    model = run(cfg, weeks=30, heads={marketing: HeadDecision(forum=False)})
    assert model.forum.alignment[marketing] == 0.0
    others = [d for d in range(len(DEPARTMENTS)) if d != marketing and model.forum.attend[d] > 0]
    assert (model.forum.alignment[others] > 0).all()
