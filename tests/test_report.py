"""The sweep report: tables recomputed independently, plots, failed/missing/stale jobs, the CLI.

Two small real sweeps (basic launcher, report callback off) are made once; each test works on
a copy it may damage.
"""

from __future__ import annotations

import json
import math
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml
from scipy import stats

from cxsim.metrics import WINDOW
from cxsim.plots import MAIN_SERIES
from cxsim.report import collect, main, make_report

PY = sys.executable
# debug=small: 20 weeks, 500 customers, 2 replicates, no per-job plots (configs/debug/small.yaml)
SMALL = ["debug=small", "hydra/launcher=basic", "hydra.callbacks.sweep.report=false"]

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("cxsim-report")]


def sweep(tmp_path_factory, name, args):
    sweep_dir = tmp_path_factory.mktemp(name) / "sweep"
    res = subprocess.run([PY, "-m", "cxsim", "--multirun", *args, *SMALL, f"hydra.sweep.dir={sweep_dir}"],
                         capture_output=True, text=True, timeout=300, cwd=sweep_dir.parent)
    assert res.returncode == 0, res.stderr
    assert not (sweep_dir / "report").exists()
    return sweep_dir


@pytest.fixture(scope="module")
def numeric_sweep(tmp_path_factory):
    """Two numeric parameters swept: 2 × 2 scenarios."""
    return sweep(tmp_path_factory, "numeric", ["leader.authority=0.3,0.8", "leader.budget=1,2"])


@pytest.fixture(scope="module")
def seed_sweep(tmp_path_factory):
    """A group and the seed swept: 2 scenarios, each with 2 seeds × 2 replicates."""
    return sweep(tmp_path_factory, "seeds", ["reporting=ceo,marketing", "seed=3,4"])


@pytest.fixture
def copy_of(tmp_path):
    def make(src: Path) -> Path:
        dst = tmp_path / "copy"
        shutil.copytree(src, dst)
        return dst

    return make


def jobs_of(sweep_dir: Path) -> list[Path]:
    return sorted((p.parent for p in sweep_dir.glob("*/.hydra")), key=lambda p: int(p.name))


def expected_summary(runs: pd.DataFrame, metric: str) -> tuple[float, float, float]:
    """Independently: each (job, replicate)'s mean over the last WINDOW weeks, then mean and t-interval."""
    last = runs[runs["week"] > runs["week"].max() - WINDOW]
    x = last.groupby(["job", "replicate"])[metric].mean().to_numpy()
    half = stats.t.ppf(0.975, len(x) - 1) * x.std(ddof=1) / math.sqrt(len(x))
    return x.mean(), x.mean() - half, x.mean() + half


def test_report_tables_plots_and_heatmap(numeric_sweep, copy_of):
    d = copy_of(numeric_sweep)
    result = make_report(d)
    out = d / "report"
    runs = pd.read_parquet(out / "all_runs.parquet")
    csv = pd.read_csv(out / "all_runs.csv")
    assert len(csv) == len(runs)
    jobs = jobs_of(d)
    assert len(jobs) == 4 and len(result.complete) == 4
    # one row per job × replicate × week, with the job's overrides and group choices as columns
    assert len(runs) == sum(len(pd.read_parquet(j / "timeseries.parquet")) for j in jobs)
    for job in jobs:
        rows = runs[runs["job"] == job.name]
        cfg = yaml.safe_load((job / ".hydra" / "config.yaml").read_text())
        choices = yaml.safe_load((job / ".hydra" / "hydra.yaml").read_text())["hydra"]["runtime"]["choices"]
        assert (rows["leader.authority"] == cfg["leader"]["authority"]).all()
        assert (rows["leader.budget"] == cfg["leader"]["budget"]).all()
        for group in ("company", "leader", "reporting", "change", "focus", "executive", "debug"):
            assert (rows[group] == choices[group]).all()
        ts = pd.read_parquet(job / "timeseries.parquet")
        np.testing.assert_array_equal(rows.sort_values(["replicate", "week"])["nps"].to_numpy(),
                                      ts.sort_values(["replicate", "week"])["nps"].to_numpy())
    assert pd.api.types.is_float_dtype(runs["leader.authority"])
    # scenario summary: recomputed from the weekly rows
    summary = pd.read_csv(out / "scenario_summary.csv")
    assert len(summary) == 4 == runs["scenario"].nunique()
    for _, row in summary.iterrows():
        part = runs[runs["scenario"] == row["scenario"]]
        assert row["replicates"] == 2
        for metric in ("nps", "customer_friction", "internal_friction"):
            mean, lo, hi = expected_summary(part, metric)
            assert row[f"{metric}_mean"] == pytest.approx(mean)
            assert row[f"{metric}_lo"] == pytest.approx(lo)
            assert row[f"{metric}_hi"] == pytest.approx(hi)
    # one comparison plot per main metric, a heatmap (two numeric parameters), report.md
    for metric, _ in MAIN_SERIES:
        assert (out / f"compare_{metric}.png").stat().st_size > 10_000
    assert (out / "heatmap.png").is_file()
    text = (out / "report.md").read_text()
    for scenario in summary["scenario"]:
        assert f"| {scenario} |" in text
    assert "![heatmap](heatmap.png)" in text and "## Failed jobs" not in text


def test_seed_sweeps_pool_replicates_and_groups_make_no_heatmap(seed_sweep, copy_of):
    d = copy_of(seed_sweep)
    make_report(d, plots=True)
    summary = pd.read_csv(d / "report" / "scenario_summary.csv")
    assert sorted(summary["scenario"]) == ["reporting=ceo", "reporting=marketing"]
    assert (summary["replicates"] == 4).all() and (summary["jobs"] == 2).all()
    runs = pd.read_parquet(d / "report" / "all_runs.parquet")
    assert sorted(runs["seed"].unique()) == [3, 4]
    for _, row in summary.iterrows():
        mean, lo, hi = expected_summary(runs[runs["scenario"] == row["scenario"]], "nps")
        assert (row["nps_mean"], row["nps_lo"], row["nps_hi"]) == pytest.approx((mean, lo, hi))
    assert not list((d / "report").glob("heatmap*.png"))


def test_report_lists_failed_missing_and_incomplete_jobs(numeric_sweep, copy_of, capsys):
    d = copy_of(numeric_sweep)
    jobs = jobs_of(d)
    missing = yaml.safe_load((jobs[3] / ".hydra" / "overrides.yaml").read_text())
    shutil.rmtree(jobs[3])  # never started
    for name in ("summary.json", "timeseries.parquet", "job.json"):
        (jobs[1] / name).unlink()
    (jobs[1] / "error.txt").write_text("ValueError: boom at week 7\n\nTraceback ...\n")
    (jobs[2] / "summary.json").unlink()  # killed before its summary
    assert main([str(d)]) == 1  # a report is written, and the exit status says the sweep is not complete
    assert "1 complete, 1 failed, 2 missing or incomplete" in capsys.readouterr().out
    text = (d / "report" / "report.md").read_text()
    assert "## Failed jobs" in text and "ValueError: boom at week 7" in text
    assert "## Missing or incomplete jobs" in text and " ".join(missing) in text
    assert "killed or still running" in text
    runs = pd.read_parquet(d / "report" / "all_runs.parquet")
    assert set(runs["job"]) == {jobs[0].name}
    assert len(pd.read_csv(d / "report" / "scenario_summary.csv")) == 1


def test_jobs_of_another_sweep_in_the_same_directory_are_ignored(numeric_sweep, copy_of):
    d = copy_of(numeric_sweep)
    stale = d / "7"
    shutil.copytree(d / "0", stale)
    (stale / ".hydra" / "overrides.yaml").write_text(yaml.safe_dump(["leader.authority=0.5", "steps=20"]))
    sweep = collect(d)
    assert [j.name for j in sweep.stale] == ["7"] and len(sweep.complete) == 4
    make_report(d, plots=False)
    assert "7" not in set(pd.read_parquet(d / "report" / "all_runs.parquet")["job"])
    assert "Ignored 1 job directory" in (d / "report" / "report.md").read_text()


def test_a_single_run_directory_is_a_report_of_one(numeric_sweep, copy_of):
    d = copy_of(numeric_sweep) / "0"
    make_report(d, plots=False)
    summary = pd.read_csv(d / "report" / "scenario_summary.csv")
    assert len(summary) == 1 and summary["replicates"].iloc[0] == 2
    job_summary = json.loads((d / "summary.json").read_text())
    assert summary["nps_mean"].iloc[0] == pytest.approx(job_summary["nps"])


def test_the_command_line_and_an_empty_directory(numeric_sweep, copy_of, tmp_path):
    d = copy_of(numeric_sweep)
    res = subprocess.run([PY, "-m", "cxsim.report", str(d), "--no-plots", "--no-csv"],
                         capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr
    assert (d / "report" / "report.md").is_file() and not (d / "report" / "all_runs.csv").exists()
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main([str(empty)]) == 2
    with pytest.raises(FileNotFoundError):
        make_report(empty)
