"""EX timing (seed 004: "what delay between the customer side and the employee side?").

The EX part starts leader.ex_delay weeks after the programme and ramps up over
leader.ex_ramp_weeks; its money meanwhile goes to the customer side (leader.ex_reallocation) or
is not spent. Small customer base and a short run-in (the steady state does not matter for a
contrast of engagement in the same companies); no baseline twin (money is not measured here).
"""

from __future__ import annotations

import itertools

import numpy as np
import yaml

from cxsim.cli.scenarios import CONFIG_DIR, compose
from .conftest import contrast, scenario

SMALL = ("customers.n=1000", "burn_in_weeks=52", "money.baseline=false")


def test_ex_spending_starts_after_its_delay_and_ramps_up():
    ts = scenario(replicates=2, steps=64, overrides=(*SMALL, "leader.ex_delay=26", "leader.ex_ramp_weeks=13"))
    full = 2.0 * 0.2 / 52  # leader.budget × leader.ex_share, M€ a week (no cut before the executive's patience)
    for _, rows in ts.groupby("replicate"):
        since = rows["week"].to_numpy() - (13 + 26)
        expected = np.where(since < 0, 0.0, full * np.minimum(1.0, (since + 1) / 13))
        np.testing.assert_allclose(rows["spend_ex"], expected, rtol=1e-12, atol=1e-15)


def test_a_later_ex_start_leaves_engagement_lower_meanwhile_and_catches_up():
    """Delaying EX by a year: engagement is lower when EX would have been running for a year,
    and the gap has closed half a year after EX started (engagement follows in ~20 weeks)."""
    late = scenario(replicates=12, steps=104, overrides=(*SMALL, "leader.ex_delay=52"))
    now = scenario(replicates=12, steps=104, overrides=SMALL)
    meanwhile = contrast(late, now, "engagement", week=13 + 52)
    assert meanwhile.high < 0, f"engagement at week 65, EX a year late − with the programme: {meanwhile}"
    after = contrast(late, now, "engagement", week=104)
    assert after.mean > meanwhile.mean, f"gap at week 65 {meanwhile}, at week 104 {after}"


def test_ex_money_not_reallocated_is_not_spent():
    """With leader.ex_reallocation=0 the deferred EX money is neither spent nor drawn from the
    departments: the programme costs less until EX starts, and EX spending itself is the same."""
    kept = scenario(replicates=2, steps=38, overrides=(*SMALL, "leader.ex_delay=26", "leader.ex_reallocation=0"))
    moved = scenario(replicates=2, steps=38, overrides=(*SMALL, "leader.ex_delay=26"))
    np.testing.assert_array_equal(kept["spend_ex"], moved["spend_ex"])
    assert (kept["spend_ex"] == 0).all()
    last = kept["week"] == 38
    assert (kept.loc[last, "programme_cost_total"].to_numpy() < moved.loc[last, "programme_cost_total"].to_numpy()).all()


def test_the_ex_delay_experiment_composes_in_every_cell():
    """configs/experiment/ex_delay.yaml sweeps the delay in each company preset: every cell is a
    valid scenario whose EX part starts at the swept delay."""
    spec = yaml.safe_load((CONFIG_DIR / "experiment" / "ex_delay.yaml").read_text())["hydra"]["sweeper"]["params"]
    companies, delays = spec["company"].split(","), [int(d) for d in str(spec["leader.ex_delay"]).split(",")]
    assert len(companies) == 4 and 0 in delays and len(delays) >= 4
    for company, delay in itertools.product(companies, delays):
        cfg = compose(["experiment=ex_delay", f"company={company}", f"leader.ex_delay={delay}"])
        assert (cfg.company.name, cfg.leader.ex_delay, cfg.replicates) == (company, delay, 20)
