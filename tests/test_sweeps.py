"""Sweeps: every combination on every core, a failing job, an interrupted and resumed sweep,
the submitit path (as on SLURM, with the local executor), and the plain job function.

Sweeps are real (``python -m cxsim --multirun`` in a subprocess, tiny jobs). Two sweeps of the
same jobs must give the same numbers whatever the launcher and whatever happened in between
(failure, kill, resume): the uninterrupted joblib sweep is the reference.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
import yaml

from cxsim.cli.app import config_hash, expected_jobs, record_failure, run_job
from cxsim.cli.scenarios import compose_dict
from cxsim.outputs import ERROR_FILE, JOB_FILE

PY = sys.executable
SMALL = ["debug=small"]  # 20 weeks, 500 customers, 2 replicates, no per-job plots
SWEEP = ["change=top_down,organic", "reporting=ceo,marketing", *SMALL]
N_JOBS = 4

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("cxsim-sweeps")]

# A test-only hook, loaded through PYTHONPATH by every process of the sweep (joblib's workers
# too): the job organic × marketing raises at run time. Nothing in cxsim knows about it.
FAIL_HOOK = '''
import cxsim.runner as _runner

_run = _runner.run


def run(config=None, **kwargs):
    if config.leader.strategy == "organic" and config.leader.reporting_line == "marketing":
        raise RuntimeError("deliberate failure for the test")
    return _run(config, **kwargs)


_runner.run = run
'''


def multirun(args, sweep_dir, env=None, timeout=300):
    return subprocess.run([PY, "-m", "cxsim", "--multirun", *args, f"hydra.sweep.dir={sweep_dir}"],
                          capture_output=True, text=True, timeout=timeout, env=env, cwd=sweep_dir.parent)


def job_dirs(sweep_dir: Path) -> list[Path]:
    if not sweep_dir.is_dir():
        return []
    return sorted((p.parent for p in sweep_dir.glob("*/.hydra")), key=lambda p: int(p.name))


def status(job: Path) -> str | None:
    path = job / JOB_FILE
    return json.loads(path.read_text())["status"] if path.exists() else None


def scenario_table(sweep_dir: Path) -> pd.DataFrame:
    table = pd.read_csv(sweep_dir / "report" / "scenario_summary.csv")
    return table.sort_values("scenario").reset_index(drop=True)


def runs_table(sweep_dir: Path) -> pd.DataFrame:
    runs = pd.read_parquet(sweep_dir / "report" / "all_runs.parquet")
    return runs.sort_values(["scenario", "replicate", "week"]).reset_index(drop=True).drop(columns=["job"])


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    """The uninterrupted sweep, with the default launcher (joblib on every core)."""
    sweep_dir = tmp_path_factory.mktemp("reference") / "sweep"
    res = multirun(SWEEP, sweep_dir)
    assert res.returncode == 0, res.stderr
    return sweep_dir, res


def test_a_sweep_runs_every_combination_on_every_core(reference):
    sweep_dir, res = reference
    jobs = job_dirs(sweep_dir)
    assert len(jobs) == N_JOBS
    combos = set()
    for job in jobs:
        assert status(job) == "ok"
        hydra_cfg = yaml.safe_load((job / ".hydra" / "hydra.yaml").read_text())["hydra"]
        assert hydra_cfg["runtime"]["choices"]["hydra/launcher"] == "joblib"
        assert hydra_cfg["launcher"]["n_jobs"] == -1  # all cores
        choices = hydra_cfg["runtime"]["choices"]
        combos.add((choices["change"], choices["reporting"]))
        resolved = yaml.safe_load((job / ".hydra" / "config.yaml").read_text())
        assert resolved["leader"]["strategy"] == choices["change"]
        assert resolved["leader"]["reporting_line"] == choices["reporting"]
    assert combos == {(c, r) for c in ("top_down", "organic") for r in ("ceo", "marketing")}
    # the callback: a jobs-done bar, sweep.json and the report
    assert f"{N_JOBS}/{N_JOBS}" in res.stderr and "cxsim sweep" in res.stderr
    info = json.loads((sweep_dir / "sweep.json").read_text())
    assert info["jobs"] == N_JOBS and info["launcher"] == "joblib" and info["workers"] >= 1
    assert info["wall_s"] > 0
    assert len(scenario_table(sweep_dir)) == N_JOBS
    assert (sweep_dir / "report" / "report.md").is_file()


def test_one_failing_job_loses_nothing_else_and_the_sweep_resumes(reference, tmp_path):
    ref_dir, _ = reference
    hook = tmp_path / "hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(FAIL_HOOK)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(hook), os.environ.get("PYTHONPATH", "")])}
    sweep_dir = tmp_path / "sweep"
    res = multirun(SWEEP, sweep_dir, env=env)
    assert res.returncode == 1
    errors = [ln for ln in res.stderr.splitlines() if ln.startswith("cxsim: error:")]
    assert len(errors) == 1 and "1 job(s) failed" in errors[0], res.stderr
    jobs = job_dirs(sweep_dir)
    failed = [j for j in jobs if status(j) == "failed"]
    assert len(failed) == 1
    cfg = yaml.safe_load((failed[0] / ".hydra" / "config.yaml").read_text())
    assert (cfg["leader"]["strategy"], cfg["leader"]["reporting_line"]) == ("organic", "marketing")
    assert (failed[0] / ERROR_FILE).read_text().splitlines()[0] == "RuntimeError: deliberate failure for the test"
    assert not (failed[0] / "summary.json").exists()
    ok = [j for j in jobs if status(j) == "ok"]
    assert len(ok) == N_JOBS - 1
    # the report ran anyway, lists the failure, and the others' numbers are the reference's
    report = (sweep_dir / "report" / "report.md").read_text()
    assert "## Failed jobs" in report and "deliberate failure for the test" in report
    partial = scenario_table(sweep_dir)
    full = scenario_table(ref_dir)
    assert len(partial) == N_JOBS - 1
    pd.testing.assert_frame_equal(partial, full[full["scenario"].isin(partial["scenario"])].reset_index(drop=True))
    # run the same sweep again (without the hook): only the failed job runs
    before = {j.name: (j / "summary.json").stat().st_mtime_ns for j in ok}
    res = multirun(SWEEP, sweep_dir)
    assert res.returncode == 0, res.stderr
    assert {j.name: status(j) for j in job_dirs(sweep_dir)} == {
        **{j.name: "skipped" for j in ok}, failed[0].name: "ok"}
    assert before == {j.name: (j / "summary.json").stat().st_mtime_ns for j in ok}
    assert not (failed[0] / ERROR_FILE).exists()
    pd.testing.assert_frame_equal(scenario_table(sweep_dir), full)
    pd.testing.assert_frame_equal(runs_table(sweep_dir), runs_table(ref_dir))


def test_a_killed_sweep_resumes_to_the_same_report(reference, tmp_path):
    ref_dir, _ = reference
    sweep_dir = tmp_path / "sweep"
    args = [PY, "-m", "cxsim", "--multirun", *SWEEP, "hydra/launcher=basic", f"hydra.sweep.dir={sweep_dir}"]
    proc = subprocess.Popen(args, cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    try:
        deadline = time.monotonic() + 240
        while not any(status(j) == "ok" for j in job_dirs(sweep_dir)):
            assert proc.poll() is None, "the sweep ended before it could be interrupted"
            assert time.monotonic() < deadline
            time.sleep(0.02)
        os.killpg(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(timeout=60)
    done = [j for j in job_dirs(sweep_dir) if status(j) == "ok"]
    assert 1 <= len(done) < N_JOBS, "the kill came too late to interrupt anything"
    for job in job_dirs(sweep_dir):  # whatever looks complete is complete
        if (job / "summary.json").exists():
            json.loads((job / "summary.json").read_text())
            pd.read_parquet(job / "timeseries.parquet")
    # the report works on the interrupted sweep and says what is missing
    from cxsim.report import make_report

    partial = make_report(sweep_dir, plots=False)
    assert len(partial.complete) == len(done)
    assert len(partial.missing) + len(partial.incomplete) == N_JOBS - len(done)
    assert "## Missing or incomplete jobs" in (sweep_dir / "report" / "report.md").read_text()
    # resume (the default launcher this time): the finished jobs are skipped
    res = multirun(SWEEP, sweep_dir)
    assert res.returncode == 0, res.stderr
    statuses = {j.name: status(j) for j in job_dirs(sweep_dir)}
    assert all(statuses[j.name] == "skipped" for j in done)
    assert sum(s == "ok" for s in statuses.values()) == N_JOBS - len(done)
    pd.testing.assert_frame_equal(scenario_table(sweep_dir), scenario_table(ref_dir))
    pd.testing.assert_frame_equal(runs_table(sweep_dir), runs_table(ref_dir))


def test_submitit_local_sweep_gives_the_same_results(reference, tmp_path):
    """The SLURM code path (submitit), run with its local executor: one process per job."""
    ref_dir, _ = reference
    sweep_dir = tmp_path / "sweep"
    res = multirun(["hydra/launcher=local", "change=organic", "reporting=ceo,marketing", *SMALL], sweep_dir)
    assert res.returncode == 0, res.stderr
    assert (sweep_dir / ".submitit").is_dir()
    jobs = job_dirs(sweep_dir)
    assert [status(j) for j in jobs] == ["ok", "ok"]
    assert len({json.loads((j / JOB_FILE).read_text())["pid"] for j in jobs}) == 2
    hydra_cfg = yaml.safe_load((jobs[0] / ".hydra" / "hydra.yaml").read_text())["hydra"]
    assert hydra_cfg["runtime"]["choices"]["hydra/launcher"] == "local"
    assert "LocalLauncher" in hydra_cfg["launcher"]["_target_"]
    runs = pd.read_parquet(sweep_dir / "report" / "all_runs.parquet")
    weeks = pd.read_parquet(jobs[0] / "timeseries.parquet")["week"].nunique()
    assert len(runs) == 2 * 2 * weeks
    ref = runs_table(ref_dir)
    ref = ref[ref["change"] == "organic"].reset_index(drop=True)
    metrics = ["nps", "customer_friction", "internal_friction", "satisfaction"]
    got = runs.sort_values(["reporting", "replicate", "week"]).reset_index(drop=True)
    ref = ref.sort_values(["reporting", "replicate", "week"]).reset_index(drop=True)
    pd.testing.assert_frame_equal(got[metrics], ref[metrics])


# --------------------------------------------------------------------------------------------
# The plain functions (no Hydra)

TINY = compose_dict(["debug=small"])  # the job config of `python -m cxsim debug=small`


def test_run_job_writes_a_complete_result_and_resume_skips_it(tmp_path):
    out = tmp_path / "job"
    first = run_job(TINY, out, resume=True)
    assert status(out) == "ok"
    assert first["config_hash"] == config_hash(TINY)
    stamp = (out / "timeseries.parquet").stat().st_mtime_ns
    again = run_job(TINY, out, resume=True)
    assert status(out) == "skipped" and again["skipped"]
    assert again["nps"] == first["nps"]
    assert (out / "timeseries.parquet").stat().st_mtime_ns == stamp
    # without resume, or with another config, the job runs again
    run_job(TINY, out, resume=False)
    assert status(out) == "ok"
    other = {**TINY, "seed": 1}
    assert config_hash(other) != config_hash(TINY)
    stamp = (out / "timeseries.parquet").stat().st_mtime_ns
    run_job(other, out, resume=True)
    assert status(out) == "ok"
    assert (out / "timeseries.parquet").stat().st_mtime_ns != stamp
    assert json.loads((out / "summary.json").read_text())["config_hash"] == config_hash(other)


def test_a_rerun_clears_an_earlier_failure_and_an_incomplete_result_is_not_skipped(tmp_path):
    out = tmp_path / "job"
    out.mkdir()
    try:
        raise ValueError("boom")
    except ValueError as err:
        record_failure(out, err)
    assert (out / ERROR_FILE).read_text().splitlines()[0] == "ValueError: boom"
    assert status(out) == "failed"
    run_job(TINY, out, resume=True)
    assert status(out) == "ok" and not (out / ERROR_FILE).exists()
    (out / "timeseries.parquet").unlink()  # as if killed while writing
    run_job(TINY, out, resume=True)
    assert status(out) == "ok"


def test_config_hash_is_the_resolved_config():
    assert config_hash(TINY) == config_hash({**TINY, "output": {"plots": True}})
    assert config_hash(TINY) == config_hash({**TINY, "leader": {"authority": 0.8}})  # the default
    assert config_hash(TINY) != config_hash({**TINY, "leader": {"authority": 0.7}})


def test_expected_jobs_expands_the_sweep_like_hydra():
    cfg = {"hydra": {"overrides": {"task": ["a=1,2", "seed=range(0,3)", "steps=5"]},
                     "sweeper": {"_target_": "hydra._internal.core_plugins.basic_sweeper.BasicSweeper",
                                 "params": {"b": "x,y"}}}}
    jobs = expected_jobs(cfg)
    assert len(jobs) == 2 * 2 * 3
    assert ["b=x", "a=1", "seed=0", "steps=5"] in jobs
    assert expected_jobs({"hydra": {"sweeper": {"_target_": "some.OptunaSweeper"}}}) is None


@pytest.mark.parametrize("umask", [0o022, 0o027, 0o002])
def test_atomic_writes_end_with_the_permissions_of_a_normal_file(tmp_path, umask):
    from cxsim.outputs import atomic_write

    old = os.umask(umask)
    try:
        atomic_write(tmp_path / "a.txt", lambda p: Path(p).write_text("x"))
        (tmp_path / "b.txt").write_text("x")  # created the ordinary way
    finally:
        os.umask(old)
    mode = (tmp_path / "a.txt").stat().st_mode & 0o777
    assert mode == 0o666 & ~umask == (tmp_path / "b.txt").stat().st_mode & 0o777
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temporary left
