"""At their neutral settings the mechanisms of issue 15 are inert, number for number.

The neutral settings are the defaults: structure=overlay (no regrouping, no authority from a home
department, no budget line of its own), governance=none, the EX part starting with the programme
(leader.ex_delay=0, no ramp), champions that do not fade (levers.champion_fade=0), conflicts
arbitrated at the top (executive.arbiter_rank=1). A run at these settings must be, column for
column, the run of the same configuration with every new code path switched off, i.e. patched
back to the formulas of the model before issue 15. (The comparison with the code of the base
commit itself, run in a subprocess, is ``benchmarks/check_identical.py``.)

Small sizes (customers.n, employees, a short run-in): the comparison is exact whatever the state.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from cxsim.cli.scenarios import compose
from cxsim.model import CXModel
from cxsim.model.agents import CXLeader, Executive
from cxsim.model.forum import Forum
from cxsim.model.regroup import Regrouping

SMALL = ["customers.n=800", "company.employees=120", "burn_in_weeks=26", "steps=60"]
CASES = [[], ["change=organic", "reporting=marketing"], ["change=hybrid", "focus=broad", "executive=absent", "reporting=it"]]


def _series(cfg) -> pd.DataFrame:
    frames = []
    for r, ss in enumerate(np.random.SeedSequence(int(cfg.seed)).spawn(2)):
        model = CXModel(cfg, rng=np.random.default_rng(ss))
        for _ in range(cfg.steps):
            model.step()
        frames.append(model.datacollector.get_model_vars_dataframe().assign(replicate=r))
    return pd.concat(frames, ignore_index=True)


def _switch_off(mp: pytest.MonkeyPatch) -> None:
    """Every new code path patched to what the model did before issue 15."""
    n = 8
    mp.setattr(Forum, "step", lambda self: None)
    mp.setattr(Forum, "conflict_factor", lambda self: np.ones(n))
    mp.setattr(Forum, "hear", lambda self, base: base)
    mp.setattr(Forum, "leader_share", lambda self: 1.0)
    mp.setattr(Regrouping, "position", lambda self: None)
    mp.setattr(Regrouping, "step", lambda self: None)
    mp.setattr("cxsim.model.model.fade_champions", lambda model: None)
    mp.setattr(Executive, "arbiter_backing", lambda self, weight: 1.0)
    mp.setattr(CXLeader, "departments_share", lambda self: 1.0)
    mp.setattr(CXLeader, "ex_ramp", lambda self: 1.0)

    def effective_authority(self):  # the formula before issue 15: one authority everywhere
        if self.sidelined or self.model.week < self.start_week:
            return np.zeros(n)
        return self.authority * self.reach * self.model.executive.sponsorship * self.political_capital

    mp.setattr(CXLeader, "effective_authority", effective_authority)


@pytest.mark.parametrize("case", CASES, ids=lambda c: "/".join(c) or "default")
def test_neutral_settings_are_the_model_without_the_new_mechanisms(case):
    cfg = compose([*case, *SMALL])
    assert (cfg.structure.merge.marketing, cfg.governance.attend.marketing, cfg.leader.ex_delay, cfg.levers.champion_fade) == (0, 0, 0, 0)
    with_new = _series(cfg)
    with pytest.MonkeyPatch.context() as mp:
        _switch_off(mp)
        without = _series(cfg)
    pd.testing.assert_frame_equal(with_new, without, check_exact=True)
    assert with_new["conflicts_total"].iloc[-1] >= 0 and with_new["spend_ex"].gt(0).any()
