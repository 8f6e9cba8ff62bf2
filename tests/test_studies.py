"""The curated studies (experiments/, issue 16): each definition composes on every company preset,
a tiny version of each runs end to end, the numbers in a report are the paired contrasts of its
own results, and a bad definition is one line before anything runs."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from cxsim.config import ConfigError
from cxsim.stats import paired_diff_ci
from cxsim.study import definition
from cxsim.study.__main__ import main
from cxsim.study.execute import values

STUDIES = definition.available()


def test_there_are_studies():
    assert len(STUDIES) >= 6, STUDIES


@pytest.mark.parametrize("name", STUDIES)
def test_definition_composes_on_every_company(name):
    study = definition.load(name)
    configs = definition.check(study)
    assert [c.preset for c in study.companies] == list(configs)
    for company in study.companies:
        composed = configs[company.preset]
        assert set(composed) == set(study.scenarios_of(company))
        assert all(cfg["company"]["name"] == company.preset for cfg in composed.values())
    ran = {s for c in study.companies for s in study.scenarios_of(c)}
    assert {c.a for c in study.contrasts} | {c.b for c in study.contrasts} <= ran


@pytest.mark.parametrize("name", STUDIES)
def test_tiny_version_runs(name, tmp_path):
    assert main([name, "--tiny", str(tmp_path), "--jobs", "1", "--no-robustness"]) == 0
    study = definition.tiny(definition.load(name))
    table = pd.read_parquet(tmp_path / "results.parquet")
    first = study.companies[0]
    for scenario in study.scenarios_of(first):
        for outcome in study.outcomes:
            v = values(table, first.preset, scenario, outcome)
            assert len(v) == 2 and all(math.isfinite(x) for x in v), (scenario, outcome, v)
    text = (tmp_path / "RESULTS.md").read_text()
    assert study.headline.text in text and "## What the model leaves out" in text
    assert len(list(tmp_path.glob("figure_*.png"))) == len(study.figures)


def test_report_numbers_are_the_paired_contrasts_of_the_results(tmp_path):
    """The headline interval printed in RESULTS.md is paired_diff_ci of results.parquet, and a
    second run resumes every task from disk (same table)."""
    name = "leader_at_all"
    assert main([name, "--tiny", str(tmp_path), "--jobs", "1"]) == 0
    study = definition.tiny(definition.load(name))
    table = pd.read_parquet(tmp_path / "results.parquet")
    c, company = study.headline, study.companies[0].preset
    d = paired_diff_ci(values(table, company, c.a, c.outcome), values(table, company, c.b, c.outcome))
    from cxsim.study.report import fmt

    text = (tmp_path / "RESULTS.md").read_text()
    assert f"{fmt(d.mean)} [{fmt(d.low)}, {fmt(d.high)}]" in text
    assert "## Robustness over the assumption space" in text and "sign holds" in text
    chunks = sorted((tmp_path / "outputs").glob("*/*/chunks/*__r*.parquet"))
    stamps = [p.stat().st_mtime_ns for p in chunks]
    assert len(chunks) == 2
    assert main([name, "--tiny", str(tmp_path), "--jobs", "1", "--no-robustness"]) == 0
    assert [p.stat().st_mtime_ns for p in chunks] == stamps  # nothing re-run
    pd.testing.assert_frame_equal(pd.read_parquet(tmp_path / "results.parquet"), table)


BAD = [
    ({"scenaros": {}}, "scenaros is not a study setting"),
    ({"contrasts": [{"a": "lure", "b": "nobody", "outcome": "nps"}]}, "contrasts[0].b='nobody'"),
    ({"contrasts": [{"a": "lure", "b": "none", "outcome": "npss"}]}, "contrasts[0].outcome='npss'"),
    ({"outcomes": {"nps": {"metric": "npz", "week": 10}}}, "outcomes.nps.metric='npz'"),
    ({"outcomes": {"nps": {"metric": "nps", "week": 999}}}, "week 999 beyond weeks=156"),
    ({"companies": {"siloed_telecom": 1}}, "companies.siloed_telecom.replicates=1"),
    ({"figures": [{"kind": "pie"}]}, "figures[0].kind='pie'"),
]


@pytest.mark.parametrize("change,fragment", BAD, ids=[b[1] for b in BAD])
def test_bad_definition_is_one_line(change, fragment):
    data = {"weeks": 156, "companies": {"siloed_telecom": 2}, "scenarios": {"none": ["leader=none"], "lure": ["leader=lure"]},
            "outcomes": {"nps": {"metric": "nps", "week": 156}},
            "contrasts": [{"a": "lure", "b": "none", "outcome": "nps"}]}
    data.update(change)
    with pytest.raises(ConfigError) as err:
        definition.parse(data, "bad", definition.EXPERIMENTS_DIR / "bad")
    assert fragment in str(err.value) and "\n" not in str(err.value)


def test_a_scenario_that_does_not_compose_stops_before_anything_runs(tmp_path, capsys):
    study = definition.parse({"companies": {"siloed_telecom": 2}, "scenarios": {"x": ["leader=boss"], "y": []},
                              "outcomes": {"nps": {"metric": "nps", "week": 1}},
                              "contrasts": [{"a": "x", "b": "y", "outcome": "nps"}]}, "bad", tmp_path)
    with pytest.raises(ConfigError) as err:
        definition.check(study)
    assert "leader=boss" in str(err.value) and "\n" not in str(err.value)
    assert main(["no_such_study"]) == 2
    assert "does not exist" in capsys.readouterr().err


def test_the_chance_level_of_the_largest_rank_correlation():
    """chance_rho: over samples of unrelated assumptions, the largest |ρ| exceeds it about 5% of the time."""
    from cxsim.study.report import chance_rho

    rng = np.random.default_rng(7)
    points, factors, samples = 16, 121, 2000
    t = chance_rho(points, factors)
    ranks = np.argsort(np.argsort(rng.random((samples, points, factors + 1)), axis=1), axis=1).astype(float)
    ranks -= ranks.mean(axis=1, keepdims=True)
    x, y = ranks[:, :, :factors], ranks[:, :, factors:]
    rho = (x * y).sum(axis=1) / np.sqrt((x * x).sum(axis=1) * (y * y).sum(axis=1))  # Spearman = Pearson of ranks
    exceed = (np.abs(rho).max(axis=1) > t).mean()
    assert 0.02 <= exceed <= 0.08
    assert chance_rho(64, factors) < t  # more points, a lower bar
