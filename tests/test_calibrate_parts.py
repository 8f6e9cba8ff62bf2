"""The parts of a calibration, alone: the observation model, the fit check, the priors, the
settings. No ABC here (tests/test_calibrate_recovery.py runs it)."""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np
import pytest

from cxsim.calibrate import prior
from cxsim.calibrate.data import Observed
from cxsim.calibrate.observe import block_means, block_variance, blocks, observe, period_values, variance
from cxsim.calibrate.predict import annual_churn, fit_check, required_runs
from cxsim.calibrate.settings import Observation, Settings, check
from cxsim.config import ConfigError, CXConfig
from cxsim.params import CustomerConfig

OBS = Observation()


@pytest.mark.parametrize("nps, n", [(-30.0, 200), (0.0, 50), (45.0, 1000), (-90.0, 400)])
def test_simulated_survey_answers_have_the_variance_the_kernel_assumes(nps, n):
    """observe() draws n answers (multinomial); variance() is its normal approximation."""
    rng = np.random.default_rng(1)
    draws = np.array([observe({"nps": np.array([nps])}, {"nps_responses": np.array([float(n)])}, OBS, rng)["nps"][0]
                      for _ in range(20000)])
    expected = variance("nps", np.array([nps]), np.array([float(n)]), OBS)[0]
    assert abs(draws.mean() - nps) < 4 * np.sqrt(expected / draws.size)  # unbiased
    assert draws.var() == pytest.approx(expected, rel=0.05)


def test_fewer_passives_mean_a_noisier_nps():
    few, many = (variance("nps", np.array([0.0]), np.array([100.0]), Observation(passive_share=p))[0] for p in (0.1, 0.5))
    assert few > many


def test_churn_is_binomial_given_the_base():
    rng = np.random.default_rng(2)
    base = np.array([5000.0])
    draws = np.array([observe({"churn": np.array([0.02])}, {"churn_base": base}, OBS, rng)["churn"][0] for _ in range(20000)])
    assert draws.var() == pytest.approx(variance("churn", np.array([0.02]), base, OBS)[0], rel=0.05)
    assert variance("churn", np.array([0.0]), base, OBS)[0] > 0  # never an exact figure


def test_period_figures_from_weekly_metrics():
    weeks = 8
    weekly = {"churn_rate": np.r_[0.0, np.full(weeks, 0.01)], "nps": np.arange(weeks + 1.0),
              "engagement": np.r_[0.0, np.linspace(0.1, 0.8, weeks)]}
    starts, ends = np.array([0, 4]), np.array([4, 8])
    out = period_values(weekly, starts, ends, ["churn", "nps", "engagement"])
    assert out["churn"] == pytest.approx([1 - 0.99**4] * 2)  # compounded, not summed
    assert out["nps"].tolist() == [4.0, 8.0]  # the rolling NPS at the period's last week
    assert out["engagement"] == pytest.approx([weekly["engagement"][1:5].mean(), weekly["engagement"][5:9].mean()])


def test_block_means_and_their_variance():
    groups = blocks(7, 3)
    assert [g.tolist() for g in groups] == [[0, 1, 2], [3, 4], [5, 6]]
    assert block_means({"x": np.arange(7.0)}, groups)["x"].tolist() == [1.0, 3.5, 5.5]
    assert block_variance(np.full(7, 4.0), groups).tolist() == [4 / 3, 2.0, 2.0]
    assert len(blocks(2, 4)) == 2  # never more blocks than periods


def _obs(series: dict) -> Observed:
    n = len(next(iter(series.values())))
    return Observed("x.csv", "month", tuple(map(str, range(n))), np.arange(n), np.arange(1, n + 1), series, {})


def test_the_fit_check_passes_data_from_the_predictive_distribution_and_flags_a_jump():
    rng = np.random.default_rng(3)
    level = np.linspace(-20, -10, 18)
    runs = [{"nps": level + rng.normal(0, 4, level.size)} for _ in range(200)]
    fair = _obs({"nps": level + rng.normal(0, 4, level.size)})
    good = fit_check(fair, runs, alpha=0.05)
    assert good["warning"] == "" and min(c["p"] for c in good["checks"].values()) > good["threshold"]
    jumped = fair.series["nps"].copy()
    jumped[-3:] += 60  # NPS rising 60 points in a month, and staying there
    bad = fit_check(_obs({"nps": jumped}), runs, alpha=0.05)
    assert "cannot reproduce" in bad["warning"] and "nps:" in bad["warning"]
    assert bad["checks"]["nps:jump"]["p"] < bad["threshold"] and bad["checks"]["nps:chi2"]["p"] < bad["threshold"]


def test_the_predictive_runs_needed_resolve_the_threshold():
    r = required_runs(2, 0.05)
    assert 1 / (r + 1) < 0.05 / 4 <= 1 / r


def test_annual_churn_compounds_the_last_52_weeks():
    weekly = np.full((1, 60), 0.002)
    assert annual_churn(weekly)[0] == pytest.approx(1 - 0.998**52)


# ------------------------------------------------------------------ priors

def test_priors_come_from_the_stated_range_or_the_schema():
    free = prior.free_parameters({"customers": {"expectation": [0.5, 0.6], "churn_max": None, "initial_nps": None}})
    meta = {f.name: f.metadata for f in fields(CustomerConfig)}
    assert [(p.key, p.lo, p.hi) for p in free] == [
        ("customers.expectation", 0.5, 0.6), ("customers.churn_max", *meta["churn_max"]["plausible"]),
        ("customers.initial_nps", meta["initial_nps"]["lo"], meta["initial_nps"]["hi"])]  # no plausible range: the allowed one
    assert [p.source for p in free] == ["stated", f"schema plausible range ({meta['churn_max']['plausible_why']})",
                                        "schema allowed range"]
    assert prior.free_parameters({"customers.expectation": None})[0].key == "customers.expectation"  # dotted keys too


@dataclass
class _FakeField:
    metadata: dict


def test_the_schema_plausible_range_is_preferred_and_run_settings_cannot_be_free(monkeypatch):
    monkeypatch.setattr(prior, "_field", lambda key: _FakeField({"lo": 0.0, "hi": 1.0, "plausible": (0.2, 0.4), "plausible_why": "a reason"}))
    p = prior.free_parameters({"customers": {"expectation": None}})[0]
    assert (p.lo, p.hi) == (0.2, 0.4) and "a reason" in p.source
    monkeypatch.setattr(prior, "_field", lambda key: _FakeField({"lo": 0.0, "hi": 1.0, "role": "setting"}))
    with pytest.raises(ConfigError, match="run setting"):
        prior.free_parameters({"customers": {"expectation": None}})


@pytest.mark.parametrize("free, words", [
    ({"customers": {"expectaton": None}}, ["expectaton", "not a parameter", "expectation"]),
    ({"customers": None}, ["customers", "group"]),
    ({"customers": {"n": None}}, ["customers.n", "whole number"]),
    ({"leader": {"reporting_line": None}}, ["reporting_line", "not a number"]),
    ({"customers": {"expectation": [0.7, 0.5]}}, ["[0.7, 0.5]", "lo < hi"]),
    ({"customers": {"expectation": [0.5, 1.5]}}, ["1.5", "≤ 1"]),
    ({"customers": {"expectation": "wide"}}, ["wide", "[lo, hi]"]),
    ({}, ["free is empty"]),
])
def test_bad_free_parameters_are_refused(free, words):
    with pytest.raises(ConfigError) as err:
        prior.free_parameters(free)
    for w in words:
        assert w in str(err.value), (w, str(err.value))


def test_a_prior_bound_that_breaks_a_cross_key_rule_is_refused():
    free = prior.free_parameters({"leader": {"voc_share": [0.0, 1.0]}})
    with pytest.raises(ConfigError, match="voc_share: the prior bound 1 cannot run"):
        prior.check_corners(CXConfig(), free)


# ------------------------------------------------------------------ settings

@pytest.mark.parametrize("change, words", [
    ({"data": None}, ["data is missing"]),
    ({"name": "Our Company"}, ["name=", "lower-case"]),
    ({"period": "year"}, ["period='year'", "week, month, quarter"]),
    ({"blocks": 0}, ["blocks=0", "≥ 1"]),
    ({"fit_alpha": 0.0}, ["fit_alpha=0.0", "(0.0, 0.5]"]),
])
def test_bad_settings_are_refused(change, words):
    s = Settings(data="x.csv")
    for k, v in change.items():
        setattr(s, k, v)
    with pytest.raises(ConfigError) as err:
        check(s)
    for w in words:
        assert w in str(err.value), (w, str(err.value))


def test_nested_bad_settings_are_refused():
    s = Settings(data="x.csv")
    s.sampler.kind = "dask"
    with pytest.raises(ConfigError, match="sampler.address is missing"):
        check(s)
    s = Settings(data="x.csv")
    s.budget.population = 1
    with pytest.raises(ConfigError, match="budget.population=1"):
        check(s)


# ------------------------------------------------------------------ the shipped presets

def _options(group: str) -> list[str]:
    from cxsim.cli.preflight import CONFIG_DIR

    return sorted(p.stem for p in (CONFIG_DIR / "calibrate" / group).glob("*.yaml"))


@pytest.mark.parametrize("group", ["budget", "sampler", "free"])
def test_every_calibrate_preset_composes_and_passes_its_checks(group):
    from cxsim.calibrate.cli import compose_settings

    assert _options(group)
    for option in _options(group):
        extra = ["sampler.address=tcp://127.0.0.1:8786"] if option == "dask" else []
        s = check(compose_settings([f"{group}={option}", "data=x.csv", *extra]))
        prior.free_parameters(s.free)
        assert getattr(s, group) if group != "free" else s.free


def test_the_recovery_studies_compose():
    from hydra import compose, initialize_config_dir
    from omegaconf import OmegaConf

    from cxsim.calibrate import recovery
    from cxsim.calibrate.cli import compose_settings
    from cxsim.cli.preflight import CONFIG_DIR

    for name in _options("recovery"):
        with initialize_config_dir(version_base="1.3", config_dir=str(CONFIG_DIR / "calibrate" / "recovery")):
            study = OmegaConf.to_object(compose(config_name=name))
        assert isinstance(study, recovery.Study) and study.cases >= 1 and study.lengths
        free = prior.free_parameters(compose_settings(list(study.calibrate)).free)
        truths = recovery.truths(study, free)
        assert len(truths) == study.cases and all(p.lo <= t[p.key] <= p.hi for t in truths for p in free)


def test_the_example_is_labelled_generated_and_reads_cleanly():
    import yaml

    from cxsim.calibrate.data import read
    from cxsim.cli.preflight import CONFIG_DIR

    folder = CONFIG_DIR.parent / "examples" / "calibration"
    spec = yaml.safe_load((folder / "truth.yaml").read_text())
    csv = folder / spec["output"]
    assert csv.read_text().startswith("# GENERATED by the cxsim model, NOT real data")
    obs = read(csv)
    assert (obs.period, len(obs.labels), obs.columns) == (spec["period"], spec["periods"], tuple(spec["columns"]))
    readme = (folder / "README.md").read_text()
    assert "GENERATED, not real data" in readme
    for key, value in spec["truth"].items():
        assert f"`{key}` | **{value}**" in readme, key
