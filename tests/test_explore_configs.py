"""The exploration presets compose (through Hydra's compose API) into plans of the promised size,
and the assumption space follows the schema."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from cxsim.config import ConfigError
from cxsim.explore.__main__ import EXPLORE_DIR, compose_config
from cxsim.explore.outcomes import Measure, Recording, measure_values, parse_outcome
from cxsim.explore.plan import make_plan, top_factors
from cxsim.explore.space import assumption_space, factor_from_meta, role_of, schema_factors


def plan_of(*overrides):
    return make_plan(compose_config(list(overrides)))


def test_every_experiment_preset_composes_and_plans(tmp_path):
    names = sorted(p.stem for p in (EXPLORE_DIR / "experiment").glob("*.yaml"))
    assert {"tiny", "medium", "morris_all", "sobol_top", "lhs_robustness"} <= set(names)
    for name in names:
        extra = [f"space.top_from={_fake_morris(tmp_path)}"] if name == "sobol_top" else []
        plan = plan_of(f"experiment={name}", *extra)
        assert len(plan.design) > 0 and plan.outcomes and plan.scenarios


def test_full_designs_have_the_sizes_issue_14_asks_for(tmp_path):
    morris = plan_of("experiment=morris_all")
    assert len(morris.factors) >= 30 and morris.spec.kind == "morris" and morris.spec.n >= 20
    assert len(morris.design) == morris.spec.n * (len(morris.factors) + 1)
    sobol = plan_of("experiment=sobol_top", f"space.top_from={_fake_morris(tmp_path)}")
    assert len(sobol.factors) >= 8 and sobol.spec.kind == "sobol" and sobol.spec.n >= 512
    assert len(sobol.design) == sobol.spec.n * (len(sobol.factors) + 2)
    lhs = plan_of("experiment=lhs_robustness")
    assert lhs.spec.kind == "lhs" and len(lhs.design) >= 256 and lhs.replicates >= 10
    assert str(lhs.robustness_doc) == "docs/robustness.md"


def test_every_stylised_fact_is_a_contrast_with_an_expected_sign():
    plan = plan_of("questions=facts")
    facts = {o.fact.split()[0]: o for o in plan.outcomes if o.expect}
    assert sorted(facts) == [f"S{i}" for i in range(1, 10)]
    for o in plan.outcomes:
        assert o.expect in ("positive", "negative", "equivalent") and o.minus is not None and o.claim
    # the silo contrast keeps its two silo values whatever the design samples
    assert "company.silo" in plan.fixed["no_leader_siloed"] and "company.silo" in plan.fixed["no_leader_open"]
    assert "company.silo" not in plan.fixed["programme"]


def _fake_morris(tmp_path):
    """A finished Morris exploration's indices.csv: factor i has μ* = i on one outcome."""
    names = [f.name for f in assumption_space()][:12]
    d = tmp_path / "morris"
    d.mkdir(exist_ok=True)
    pd.DataFrame({"outcome": "y", "factor": names, "mu_star": range(len(names))}).to_csv(d / "indices.csv", index=False)
    return d


def test_top_factors_ranks_by_morris_mu_star(tmp_path):
    names = [f.name for f in assumption_space()][:12]
    assert top_factors(str(_fake_morris(tmp_path)), 3) == names[::-1][:3]
    with pytest.raises(ConfigError, match="space.top=20"):
        top_factors(str(_fake_morris(tmp_path)), 20)


def test_assumption_space_walks_the_schema():
    space = {f.name: f for f in assumption_space()}
    every = schema_factors()
    assert "company.p1" in space and "levers.effort_half" in space and "executive.decay" in space
    assert "company.silo" not in space and every["company.silo"].role == "structure"  # what the company is, not an assumption
    assert "leader.authority" not in space and every["leader.authority"].role == "lever"
    assert "customers.n" not in space and "seed" not in space  # sizes and run settings are not assumptions
    for f in space.values():
        assert f.lo < f.hi and f.reason
    levers = assumption_space(roles=["lever"])
    assert {f.name for f in levers} >= {"leader.authority", "leader.budget"}
    narrowed = {f.name: f for f in assumption_space(include=["company.silo"], ranges={"company": {"silo": [0.5, 0.9]}})}
    assert (narrowed["company.silo"].lo, narrowed["company.silo"].hi) == (0.5, 0.9)


def test_declared_roles_win_over_the_fallback():
    assert role_of("leader.authority", {}) == "lever"
    assert role_of("company.silo", {}) == "assumption"
    assert role_of("company.silo", {"role": "structure"}) == "structure"
    assert role_of("customers.n", {"unit": "customers"}) == "setting"


def test_plausible_ranges_win_over_validation_ranges():
    meta = {"lo": 0.0, "hi": 1.0, "unit": "share", "role": "assumption"}
    assert (factor_from_meta("x.a", meta).lo, factor_from_meta("x.a", meta).hi) == (0.0, 1.0)
    three = factor_from_meta("x.a", {**meta, "plausible": (0.2, 0.6, "survey")})
    two = factor_from_meta("x.a", {**meta, "plausible": (0.2, 0.6), "plausible_why": "survey"})
    assert three == two and (two.lo, two.hi, two.reason) == (0.2, 0.6, "survey")
    assert factor_from_meta("x.b", {"options": ("a", "b")}) is None


def test_contrast_inherits_what_it_does_not_override():
    scenarios = {"a": [], "b": []}
    o = parse_outcome("j", {"scenario": "a", "metric": "resistance", "weeks": [14, 39], "stat": "max",
                            "minus": {"week": 12}}, scenarios)
    assert o.measure == Measure("a", ("resistance",), 14, 39, "max")
    assert o.minus == Measure("a", ("resistance",), 12, 12, "max")
    c = parse_outcome("c", {"scenario": "a", "minus": "b", "metric": "nps", "week": 52}, scenarios)
    assert c.minus == Measure("b", ("nps",), 52, 52)


def test_measure_values_take_the_window_statistic_per_replicate():
    rec = Recording(weeks=(10, 11, 12), metrics=("nps", "satisfaction"))
    data = np.arange(2 * 3 * 2, dtype=float).reshape(2, 3, 2)  # replicates × weeks × metrics
    assert measure_values(Measure("a", ("nps",), 11, 12, "max"), rec, data).tolist() == [4.0, 10.0]
    assert measure_values(Measure("a", ("nps",), 10, 12, "mean"), rec, data).tolist() == [2.0, 8.0]
    both = Measure("a", ("nps", "satisfaction"), 10, 10, "mean", across="min")
    assert measure_values(both, rec, data).tolist() == [0.0, 6.0]
