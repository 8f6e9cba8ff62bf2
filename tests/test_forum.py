"""The governance forum (seed 002): the leader and the heads meet, agree, and pay in time.

Alignment built at the meetings lowers attending departments' conflict hazard, lets the leader
hear them better, and costs the heads' and the leader's attention. Small customer base, a short
run-in and no baseline twin: conflicts and alignment do not depend on the steady state, and the
contrasts are paired (common random numbers).
"""

from __future__ import annotations

import numpy as np

from cxsim.cli.scenarios import compose
from cxsim.model import CXModel
from cxsim.structure import DEPT_INDEX

from .conftest import contrast, scenario

FAST = ("customers.n=1000", "burn_in_weeks=52", "money.baseline=false")
FOUGHT = ("levers.budget_conflict_rate=5", "leader.authority=1")  # a programme fought over its budget


def test_a_forum_lowers_conflicts_between_marketing_and_the_leader():
    forum = scenario(replicates=24, overrides=(*FAST, *FOUGHT, "governance=forum"))
    none = scenario(replicates=24, overrides=(*FAST, *FOUGHT))
    assert none[none["week"] == 156]["conflicts_total_marketing"].mean() >= 1  # the scenario does fight
    fewer = contrast(forum, none, "conflicts_total_marketing", week=156)
    assert fewer.high < 0, f"conflicts with marketing over three years, forum − none: {fewer}"


def test_the_forum_meets_aligns_its_members_and_takes_their_time():
    cfg = compose(["governance=forum", "governance.attend.sales=0.5", "burn_in_weeks=0", "customers.n=300",
                   "company.employees=120", "money.baseline=false"])
    model = CXModel(cfg, seed=1)
    for _ in range(13 + 12):
        model.step()
    meetings = [e.week for e in model.events if e.kind == "forum_meeting"]
    assert meetings == [13, 17, 21, 25]
    align = model.forum.alignment
    assert align[DEPT_INDEX["hr"]] == 0 and 0 < align[DEPT_INDEX["sales"]] < align[DEPT_INDEX["marketing"]]
    steering = np.array([d.steering for d in model.departments])
    assert steering[DEPT_INDEX["hr"]] == 1.0 and steering[DEPT_INDEX["marketing"]] == 1.0 - cfg.governance.head_time
    assert model.forum.leader_share() < 1.0
