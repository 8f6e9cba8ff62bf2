"""A tiny exploration of the real model, end to end: table, indices, report; resume; failed points."""

from __future__ import annotations

import pandas as pd
import pytest

from cxsim.explore.__main__ import compose_config
from cxsim.explore.execute import CHUNK_DIR, point_seeds
from cxsim.explore.pipeline import TABLE_FILE, explore

pytestmark = pytest.mark.xdist_group("explore")
TIMING = ["seconds", "sim_seconds"]


def tiny(out_dir, *more):
    return compose_config(["experiment=tiny", f"out_dir={out_dir}", *more])


@pytest.fixture(scope="module")
def done(tmp_path_factory):
    out = tmp_path_factory.mktemp("tiny")
    return out, explore(tiny(out, "execution.n_jobs=2", f"robustness.doc={out / 'docs' / 'robustness.md'}"))


def test_tiny_exploration_writes_its_table_and_report(done):
    out, result = done
    plan = result.plan
    assert len(plan.design) == 2 * (len(plan.factors) + 1) == 6
    table = pd.read_parquet(out / TABLE_FILE)
    assert list(table["point"]) == list(range(6)) and table["error"].isna().all()
    for o in plan.outcomes:
        assert table[o.name].notna().all() and (table[f"{o.name}__n"] == 2).all()
    # the contrast is the paired difference of the two scenarios' replicates
    assert table["top_down_minus_organic_nps_20"].abs().sum() > 0
    idx = pd.read_csv(out / "indices.csv")
    assert set(idx["factor"]) == {"company.silo", "levers.effort_half"}
    assert set(idx["outcome"]) == {o.name for o in plan.outcomes}
    report = (out / "report" / "report.md").read_text()
    for heading in ("## What ran", "## Timing", "## Outcomes", "## Sensitivity", "## Scenario discovery",
                    "## Robustness of the facts", "## Factors"):
        assert heading in report
    assert (out / "report" / "morris.png").stat().st_size > 10_000
    assert (out / "report" / "robustness.png").is_file()
    assert result.stats.workers == 2 and result.timing["sim_seconds"] > 0
    doc = (out / "docs" / "robustness.md").read_text()
    assert "| S8 (tiny) |" in doc and "## Where the fragile facts fail" in doc
    assert "../report/robustness.png" in doc  # the figure, linked relative to the document


def test_resume_skips_finished_chunks_and_gives_identical_results(done):
    """The first run used two joblib workers; the resumed chunk runs in this process."""
    out, result = done
    chunks = sorted((out / CHUNK_DIR).glob("chunk_*.parquet"))
    assert len(chunks) == 3
    kept = {p: p.stat().st_mtime_ns for p in chunks[:2]}
    chunks[2].unlink()  # as if the run had been interrupted before the last chunk
    (out / TABLE_FILE).unlink()
    again = explore(tiny(out, "execution.n_jobs=1"))
    assert again.stats.chunks_skipped == 2 and again.stats.chunks_run == 1
    assert all(p.stat().st_mtime_ns == t for p, t in kept.items())
    pd.testing.assert_frame_equal(again.table.drop(columns=TIMING), result.table.drop(columns=TIMING))
    # a third time everything is on disk: the report says the simulation ran before, with its model time
    third = explore(tiny(out, "execution.n_jobs=1"))
    assert third.stats.chunks_skipped == 3 and third.timing["sim_seconds"] == 0
    report = (out / "report" / "report.md").read_text()
    assert "Every chunk was on disk" in report and "nan%" not in report
    on_disk = third.timing["points_seconds_on_disk"]
    assert on_disk > 0 and on_disk == pytest.approx(float(third.table["seconds"].sum()))


def test_replicate_seeds_depend_on_the_point_only():
    a, b = point_seeds(7, 3, 4), point_seeds(7, 3, 4)
    assert [s.generate_state(2).tolist() for s in a] == [s.generate_state(2).tolist() for s in b]
    assert point_seeds(7, 4, 4)[0].generate_state(2).tolist() != a[0].generate_state(2).tolist()


def test_common_seeds_give_an_assumption_that_cannot_act_no_effect_at_all(tmp_path):
    """seeds=common: every point has the same replicate seeds, so an assumption that cannot act in
    these scenarios (governance.head_time, without a forum) has elementary effects of exactly 0,
    while with independent seeds its μ* is replicate noise."""
    def mu_star(out, seeds):
        cfg = tiny(out, "execution.n_jobs=1", "space.ranges={}", "space.include=[levers.effort_half,governance.head_time]",
                   f"seeds={seeds}", "analysis.resamples=10")
        explore(cfg)
        idx = pd.read_csv(out / "indices.csv").set_index(["outcome", "factor"])["mu_star"]
        return idx.xs("governance.head_time", level="factor"), idx.xs("levers.effort_half", level="factor")

    inert, acting = mu_star(tmp_path / "common", "common")
    assert (inert == 0).all() and (acting > 0).any()
    noisy, _ = mu_star(tmp_path / "independent", "independent")
    assert (noisy > 0).any()
    assert point_seeds(7, 4, 2, common=True)[1].generate_state(2).tolist() == point_seeds(7, 0, 2)[1].generate_state(2).tolist()


def test_a_failed_point_is_recorded_and_the_others_kept(tmp_path):
    """Points whose config breaks a rule of the schema (voc_share + redesign_share > 1) fail alone."""
    cfg = tiny(tmp_path, "execution.n_jobs=1", "design=lhs", "design.n=6", "space.ranges={}",
               "space.include=[leader.voc_share,leader.redesign_share]",
               "+space.ranges.leader.voc_share=[0.4,0.8]", "+space.ranges.leader.redesign_share=[0.1,0.5]")
    result = explore(cfg)
    table = result.table
    too_large = table["leader.voc_share"] + table["leader.redesign_share"] > 1
    assert too_large.any() and (~too_large).any()
    assert table.loc[too_large, "error"].str.contains("leader.voc_share \\+ leader.redesign_share").all()
    assert table.loc[too_large, "nps_20"].isna().all()
    assert table.loc[~too_large, "error"].isna().all() and table.loc[~too_large, "nps_20"].notna().all()
    assert result.failed == int(too_large.sum())
    assert "## Failed points" in result.report.read_text()


def test_dry_run_sizes_the_design_and_writes_nothing(tmp_path, capsys):
    from cxsim.explore.__main__ import main

    main(["experiment=tiny", f"out_dir={tmp_path / 'out'}", "dry_run=true"])
    out = capsys.readouterr().out
    # 6 points × 2 replicates × (20 + 20 weeks of the two scenarios)
    assert "6 points over 2 factors × 2 scenario(s) × 2 replicate(s) = 24 model runs, 480 simulated weeks" in out
    assert "Nothing was run" in out and not (tmp_path / "out").exists()


def test_submitit_gets_the_sweeps_launcher_settings():
    """The slurm and local launchers read configs/hydra/launcher/<name>.yaml, as the sweeps do."""
    from cxsim.explore.execute import submitit_parameters
    from cxsim.explore.plan import launcher_settings

    slurm = submitit_parameters({**launcher_settings("slurm"), "partition": "cpu"}, "slurm")
    assert slurm["timeout_min"] == 60 and slurm["mem_gb"] == 4 and slurm["cpus_per_task"] == 1
    assert slurm["slurm_partition"] == "cpu" and slurm["slurm_array_parallelism"] == 64
    assert "slurm_account" not in slurm  # unset (null) settings are left to the cluster
    local = submitit_parameters(launcher_settings("local"), "local")
    assert local == {"timeout_min": 60, "cpus_per_task": 1, "mem_gb": 2, "nodes": 1, "tasks_per_node": 1}
