"""The bad-input and fault table: every way issue 11 found a sweep, a run or a report to lie.

Each row is an input or a fault and the one-line message or behaviour expected of it (the
row's id reads ``case N: input -> expected``; its function does exactly that). Refusals go
through ``python -m cxsim``'s own ``main`` in this process (its working directory a fresh
temporary directory, so "nothing left behind" is checked too); behaviours that need real
processes (sweeps, resumes, signals) run ``python -m cxsim`` in a subprocess. Real sweeps are
tiny (``debug=small``) and made once per module; each row damages its own copy.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
import yaml

from cxsim.cli.scenarios import compose, compose_dict
from cxsim.config import ConfigError

PY = sys.executable
SWEEP = ["company=siloed_telecom,lack_of_vision", "change=top_down,organic", "debug=small", "hydra/launcher=basic",
         "hydra.callbacks.sweep.report=false"]
REORDERED = ["hydra.callbacks.sweep.report=false", "change=organic,top_down", "hydra/launcher=basic", "debug=small",
             "company=lack_of_vision,siloed_telecom"]
TABLE = []

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("cxsim-faults")]


def row(case: int, given: str, expected: str, group: str | None = None):
    """Register a row of the table: issue 11's case, the input or fault, what must happen."""

    def register(check):
        marks = [pytest.mark.xdist_group(group)] if group else []
        TABLE.append(pytest.param(check, id=f"case {case}: {given} -> {expected}", marks=marks))
        return check

    return register


# --------------------------------------------------------------------------------------------
# Helpers


def cxsim(args, cwd, timeout=300, **kw):
    return subprocess.run([PY, "-m", "cxsim", *args], cwd=cwd, capture_output=True, text=True, timeout=timeout, **kw)


def report_cli(args, timeout=120):
    return subprocess.run([PY, "-m", "cxsim.report", *args], capture_output=True, text=True, timeout=timeout)


class Ctx:
    """What a row gets: a fresh directory, pytest's capture and monkeypatch, the shared sweeps."""

    def __init__(self, tmp_path, capsys, monkeypatch, sweeps):
        self.tmp, self.capsys, self.monkeypatch, self._sweeps = tmp_path, capsys, monkeypatch, sweeps

    def main(self, *args) -> tuple[int, str, str]:
        """``python -m cxsim ARGS`` in this process, from an empty directory: (status, out, err)."""
        from cxsim.__main__ import main

        work = self.tmp / "cwd"
        work.mkdir(exist_ok=True)
        self.monkeypatch.chdir(work)
        self.monkeypatch.setattr(sys, "argv", ["cxsim"])
        before = signal.getsignal(signal.SIGTERM)
        try:
            main(list(args))
            code = 0
        except SystemExit as stop:
            code = stop.code
        finally:
            signal.signal(signal.SIGTERM, before)
        out, err = self.capsys.readouterr()
        return code, out, err

    def refused(self, args, *words):
        """Exit 2, one stderr line naming ``words``, no traceback, nothing created."""
        code, out, err = self.main(*args)
        lines = [ln for ln in err.splitlines() if ln.strip()]
        assert code == 2, (code, err)
        assert len(lines) == 1 and lines[0].startswith("cxsim: error: "), err
        for word in words:
            assert word in lines[0], (word, lines[0])
        assert out == "" and list((self.tmp / "cwd").iterdir()) == []
        return lines[0]

    def sweep_copy(self, name="base") -> Path:
        dst = self.tmp / "sweep"
        shutil.copytree(self._sweeps(name), dst)
        return dst

    def report(self, sweep_dir, *extra) -> tuple[int, str, str]:
        from cxsim.report import main

        code = main([str(sweep_dir), "--no-plots", *extra])
        out, err = self.capsys.readouterr()
        return code, out, err


@pytest.fixture(scope="module")
def sweeps(tmp_path_factory):
    """Real sweeps, made the first time a row asks for them."""
    made: dict[str, Path] = {}

    def get(name: str) -> Path:
        if name not in made:
            d = tmp_path_factory.mktemp(name) / "sweep"
            res = cxsim(["--multirun", *SWEEP, f"hydra.sweep.dir={d}"], cwd=d.parent)
            assert res.returncode == 0, res.stderr
            made[name] = d
        return made[name]

    return get


@pytest.fixture
def ctx(tmp_path, capsys, monkeypatch, sweeps):
    return Ctx(tmp_path, capsys, monkeypatch, sweeps)


def job_json(job: Path) -> dict:
    return json.loads((job / "job.json").read_text())


def resume(sweep_dir: Path, args=SWEEP):
    return cxsim(["--multirun", *args, f"hydra.sweep.dir={sweep_dir}"], cwd=sweep_dir.parent)


# --------------------------------------------------------------------------------------------
# Case 1: a job is complete only when its outputs verify; the report never lies either


@row(1, "resume after `truncate -s 2000 1/timeseries.parquet`", "job 1 runs again, says why, exit 0, complete report")
def _(ctx):
    d = ctx.sweep_copy()
    os.truncate(d / "1" / "timeseries.parquet", 2000)
    others = {j: job_json(d / j)["finished"] for j in ("0", "2", "3")}
    res = resume(d)
    assert res.returncode == 0, res.stderr
    assert "1 re-run: their earlier outputs did not verify" in res.stderr
    record = job_json(d / "1")
    assert record["status"] == "ok" and "timeseries.parquet: not a readable Parquet file" in record["rerun_reason"]
    assert {j: job_json(d / j)["status"] for j in others} == dict.fromkeys(others, "skipped")
    assert ctx.report(d)[0] == 0  # now every job verifies


@row(1, "`python -m cxsim.report` on a sweep with a cut time series", "exit 1, names the file, lists it, no traceback")
def _(ctx):
    d = ctx.sweep_copy()
    os.truncate(d / "1" / "timeseries.parquet", 2000)
    res = report_cli([str(d), "--no-plots"])
    assert res.returncode == 1 and "Traceback" not in res.stderr
    errors = [ln for ln in res.stderr.splitlines() if ln.strip()]
    assert len(errors) == 1 and "1/timeseries.parquet: not a readable Parquet file" in errors[0], res.stderr
    text = (d / "report" / "report.md").read_text()
    assert "## Damaged jobs" in text and "3 complete" in text
    assert set(pd.read_parquet(d / "report" / "all_runs.parquet")["job"]) == {"0", "2", "3"}


@row(1, "summary.json that is not JSON", "exit 1: `summary.json: not readable JSON`")
def _(ctx):
    d = ctx.sweep_copy()
    (d / "2" / "summary.json").write_text('{"nps": ')
    code, _, err = ctx.report(d)
    assert code == 1 and "summary.json: not readable JSON" in err


@row(1, "time series rewritten after the run (same shape, other numbers)", "exit 1: its checksum differs")
def _(ctx):
    d = ctx.sweep_copy()
    ts = pd.read_parquet(d / "0" / "timeseries.parquet")
    ts["nps"] = ts["nps"] + 1.0
    ts.to_parquet(d / "0" / "timeseries.parquet", index=False)
    code, _, err = ctx.report(d)
    assert code == 1 and "0/timeseries.parquet: its checksum differs" in err


@row(1, "a job's .hydra/overrides.yaml that is not YAML", "exit 1: names the file and the line")
def _(ctx):
    d = ctx.sweep_copy()
    (d / "3" / ".hydra" / "overrides.yaml").write_text("- change=organic\n- [company\n")
    code, _, err = ctx.report(d)
    assert code == 1 and "3/.hydra/overrides.yaml: not valid YAML at line" in err


@row(1, "the sweep's multirun.yaml that is not YAML", "exit 1: names multirun.yaml")
def _(ctx):
    d = ctx.sweep_copy()
    (d / "multirun.yaml").write_text("hydra: [\n")
    code, _, err = ctx.report(d)
    assert code == 1 and "multirun.yaml: not valid YAML" in err


@row(1, "a job directory missing", "exit 1 (the sweep command's status too)")
def _(ctx):
    d = ctx.sweep_copy()
    shutil.rmtree(d / "2")
    code, out, _ = ctx.report(d)
    assert code == 1 and "3 complete, 0 failed, 1 missing" in out


@row(1, "a report that cannot be written (--out inside a file)", "exit 2, one line, nothing created")
def _(ctx):
    d = ctx.sweep_copy()
    blocker = ctx.tmp / "file"
    blocker.write_text("x")
    code, _, err = ctx.report(d, "--out", str(blocker / "report"))
    assert code == 2 and err.count("\n") == 1 and "cannot write the report into" in err
    assert blocker.is_file()


@row(1, "writing the report fails half way (a figure cannot be drawn)", "exit 2 and no report/ directory left")
def _(ctx):
    import cxsim.report.command as command

    d = ctx.sweep_copy()

    def broken(*args, **kwargs):
        raise OSError(28, "No space left on device", "compare_nps.png")

    ctx.monkeypatch.setattr(command, "comparison_plots", broken)
    from cxsim.report import main

    assert main([str(d)]) == 2
    assert "No space left on device" in ctx.capsys.readouterr().err
    assert not (d / "report").exists()


@row(1, "outputs of another configuration in the job's directory", "not complete: `results of another configuration`")
def _(ctx):
    from cxsim.cli.job import config_hash, run_job
    from cxsim.runner import verify_outputs

    job = ctx.tmp / "job"
    run_job(compose_dict(["debug=small", "steps=14"]), job)
    assert verify_outputs(job, config_hash(compose_dict(["debug=small", "steps=14"]))) is None
    other = config_hash(compose_dict(["debug=small", "steps=15"]))
    assert "results of another configuration" in verify_outputs(job, other)


# --------------------------------------------------------------------------------------------
# Case 2: an explicitly chosen group wins; runs are labelled with what they used


@row(2, "compose company=lack_of_vision executive=absent", "the absent executive's sponsorship and patience")
def _(ctx):
    crossed = compose(["company=lack_of_vision", "executive=absent"])
    assert crossed.executive == compose(["executive=absent"]).executive
    assert crossed.company == compose(["company=lack_of_vision"]).company
    assert crossed.executive.sponsorship != compose(["company=lack_of_vision"]).executive.sponsorship


@row(2, "compose company=lack_of_vision alone", "today's values: sponsorship 0.35, patience 52 (executive=unconvinced)")
def _(ctx):
    alone = compose(["company=lack_of_vision"])
    assert (alone.executive.sponsorship, alone.executive.patience) == (0.35, 52)
    assert alone.executive == compose(["executive=unconvinced"]).executive


def _leaves(data: dict, prefix="") -> dict:
    out = {}
    for k, v in data.items():
        out.update(_leaves(v, f"{prefix}{k}.") if isinstance(v, dict) else {f"{prefix}{k}": v})
    return out


# keys a group owns without carrying its name (the reporting group sets the leader's line)
OWNED_BY = {"leader.reporting_line": "reporting"}


@row(2, "every pair of presets of two groups that set the same key", "the group the key belongs to wins")
def _(ctx):
    from cxsim.cli.preflight import groups

    options = {g: o for g, o in groups().items() if g not in ("experiment", "debug")}
    single = {(g, o): _leaves(compose_dict([f"{g}={o}"])) for g, opts in options.items() for o in opts}
    # the keys a group controls: those its options do not all set alike
    controls = {g: {k for k in single[(g, opts[0])] if len({repr(single[(g, o)].get(k)) for o in opts}) > 1}
                for g, opts in options.items()}
    checked = 0
    for g in options:
        for h in options:
            shared = controls[g] & controls[h] if g < h else set()
            for key in shared:
                owner = next((x for x in (g, h) if key.split(".")[0] == x or OWNED_BY.get(key) == x), None)
                assert owner is not None, f"{g} and {h} both set {key}, which belongs to neither"
                for o in options[g]:
                    for p in options[h]:
                        both = _leaves(compose_dict([f"{g}={o}", f"{h}={p}"]))
                        mine = single[(owner, o if owner == g else p)]
                        assert both[key] == mine[key], (g, o, h, p, key)
                        checked += 1
    assert checked  # company and executive share the executive's keys


@row(2, "a sweep crossing company presets", "each job labelled with the executive it had, with that preset's values")
def _(ctx):
    from cxsim.report import make_report

    d = ctx.sweep_copy()
    make_report(d, plots=False)
    runs = pd.read_parquet(d / "report" / "all_runs.parquet")
    for job in ("0", "1", "2", "3"):
        label = runs.loc[runs["job"] == job, "executive"].unique().tolist()
        assert len(label) == 1
        resolved = yaml.safe_load((d / job / ".hydra" / "config.yaml").read_text())["executive"]
        preset = compose([f"executive={label[0]}"]).executive
        assert (resolved["sponsorship"], resolved["patience"]) == (preset.sponsorship, preset.patience), job
    assert set(runs["executive"]) == {"committed", "unconvinced"}


# --------------------------------------------------------------------------------------------
# Case 3: no orphans, and one line on Ctrl-C / SIGTERM


def _session(sid: int) -> list[str]:
    """Command lines of the live (not zombie) processes of session ``sid``."""
    out = []
    for p in Path("/proc").iterdir():
        if not p.name.isdigit():
            continue
        try:
            stat = (p / "stat").read_text()
            state, _, _, session = stat[stat.rindex(")") + 2:].split()[:4]
            if int(session) == sid and state != "Z":
                out.append((p / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace"))
        except (OSError, ValueError):
            continue
    return out


def _terminal_env() -> dict:
    """This test process's environment without what an in-process run of cxsim left in it."""
    return {k: v for k, v in os.environ.items() if k != "CXSIM_PARENT_PID"}


def _as_from_a_terminal() -> None:
    """In the child, before exec: Ctrl-C as a shell's foreground command gets it (default action,
    not blocked), whatever a library did to the signals of this pytest worker."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT, signal.SIGTERM})


def _start_and_signal(ctx, sig, *, group=False):
    """A joblib sweep on two workers; once both run a job, send ``sig``; wait ≤ 30 s (only to
    catch a hang) until no process of it is left. Returns (exit status, stderr, seconds, sweep dir)."""
    d = ctx.tmp / "sweep"
    args = [PY, "-m", "cxsim", "--multirun", "seed=1,2,3,4,5,6", "steps=400", "customers.n=1500", "hydra.launcher.n_jobs=2",
            f"hydra.sweep.dir={d}"]
    proc = subprocess.Popen(args, cwd=ctx.tmp, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=_terminal_env(),
                            start_new_session=True, preexec_fn=_as_from_a_terminal)
    try:
        deadline = time.monotonic() + 120
        while len(list(d.glob("*/.hydra"))) < 2:  # both workers are in a job (the watchdog is on)
            assert proc.poll() is None, proc.stderr.read()
            assert time.monotonic() < deadline, "the sweep did not start"
            time.sleep(0.1)
        (os.killpg if group else os.kill)(proc.pid, sig)
        t0 = time.monotonic()
        while (proc.poll() is None or _session(proc.pid)) and time.monotonic() - t0 < 30:
            time.sleep(0.1)
        gone_s = time.monotonic() - t0
        left = _session(proc.pid)
    finally:
        if proc.poll() is None or _session(proc.pid):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    assert not left, f"left after 30 s: {left}"
    print(f"{signal.Signals(sig).name}: no process left after {gone_s:.1f} s")
    return proc.returncode, proc.stderr.read(), gone_s, d


@row(3, "kill -9 of a joblib sweep's parent", "its workers and trackers exit (within 30 s)", group="cxsim-signals")
def _(ctx):
    code, _, _, _ = _start_and_signal(ctx, signal.SIGKILL)
    assert code == -signal.SIGKILL


@row(3, "Ctrl-C (SIGINT to the sweep's process group)", "exit 130, one line with the resume command, no traceback",
     group="cxsim-signals")
def _(ctx):
    code, err, _, d = _start_and_signal(ctx, signal.SIGINT, group=True)
    assert code == 130 and "Traceback" not in err and "KeyboardInterrupt" not in err, err
    last = err.strip().splitlines()[-1]
    assert last.startswith("cxsim: interrupted") and "resume with: python -m cxsim" in last
    assert f"hydra.sweep.dir={d}" in last


@row(3, "SIGTERM to the parent, then the printed command", "exit 143, one line; the command resumes the sweep",
     group="cxsim-signals")
def _(ctx):
    code, err, _, d = _start_and_signal(ctx, signal.SIGTERM)
    assert code == 143 and "Traceback" not in err, err
    command = shlex.split(err.strip().splitlines()[-1].split("resume with: ", 1)[1])
    assert command[:3] == ["python", "-m", "cxsim"]
    done = subprocess.run([PY, *command[1:]], cwd=ctx.tmp, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert (d / "report" / "report.md").is_file() and len(list(d.glob("*/summary.json"))) == 6


# --------------------------------------------------------------------------------------------
# Case 4: the pre-flight check accepts what Hydra accepts (it composes through Hydra)


def _user_dir(ctx) -> Path:
    d = ctx.tmp / "mine"
    (d / "experiment").mkdir(parents=True)
    (d / "experiment" / "mine.yaml").write_text(
        "# @package _global_\nreplicates: 3\nhydra:\n  sweeper:\n    params:\n      leader.authority: 0.2,0.4\n")
    return d


@row(4, "-m --config-dir D experiment=mine (a user's own experiment)", "accepted, its sweep checked")
def _(ctx):
    from cxsim.cli.preflight import preflight

    d = _user_dir(ctx)
    checked = preflight(["-m", "--config-dir", str(d), "experiment=mine"])
    assert checked.args == ["-m", "--config-dir", str(d), "experiment=mine"] and checked.warnings == []
    (d / "experiment" / "mine.yaml").write_text(
        "# @package _global_\nhydra:\n  sweeper:\n    params:\n      leader.authority: 0.2,4\n")
    with pytest.raises(ConfigError, match=r"leader\.authority=4(\.0)? is out of range"):
        preflight(["-m", "--config-dir", str(d), "experiment=mine"])


@row(4, "--config-dir D with a broken executive/absent.yaml (shadows the packaged one)", "one line: file and line")
def _(ctx):
    d = ctx.tmp / "mine"
    (d / "executive").mkdir(parents=True)
    (d / "executive" / "absent.yaml").write_text("# @package executive\nsponsorship: 0.1\npatience: [13\n")
    ctx.refused(["--config-dir", str(d), "executive=absent"], f"{d}/executive/absent.yaml, line 4", "not valid YAML")


@row(4, "--config-dir D whose valid executive/absent.yaml the packaged one shadows", "a warning that it is ignored")
def _(ctx):
    from cxsim.cli.preflight import preflight

    d = ctx.tmp / "mine"
    (d / "executive").mkdir(parents=True)
    (d / "executive" / "absent.yaml").write_text("# @package executive\nsponsorship: 0.2\n")
    [warning] = preflight(["--config-dir", str(d), "executive=absent"]).warnings
    assert f"{d}/executive/absent.yaml is ignored" in warning


@row(4, "-m hydra/launcher=submitit_local (a launcher Hydra has, not in configs/)", "accepted")
def _(ctx):
    from cxsim.cli.preflight import preflight

    assert preflight(["-m", "hydra/launcher=submitit_local", "seed=1,2"]).warnings == []


# --------------------------------------------------------------------------------------------
# Case 5: every input gives one line before anything runs (or is accepted, as it should be)


@row(5, "--cfg job steps=30.0", "accepted as steps: 30 (whole-number floats are integers)")
def _(ctx):
    res = cxsim(["--cfg", "job", "steps=30.0"], cwd=ctx.tmp, timeout=120)
    assert res.returncode == 0, res.stderr
    assert yaml.safe_load(res.stdout)["steps"] == 30 and res.stderr == ""


@row(5, "-m customers.n=1e3,2e3", "accepted, run as customers.n=1000,2000")
def _(ctx):
    from cxsim.cli.preflight import preflight

    assert preflight(["-m", "customers.n=1e3,2e3"]).args == ["-m", "customers.n=1000,2000"]


BAD = [
    (["steps=30.5"], ["steps=30.5", "whole number", "[1, 5200]"]),
    (["-m", "customers.n=1e3,1.5"], ["customers.n=1.5", "whole number"]),
    (["-m", "leader.authority=interval(0,1)"], ["leader.authority=interval(0,1)", "range(...)", "choice(...)"]),
    (["hydra.run.dir=/proc/x"], ["hydra.run.dir=/proc/x", "cannot be created"]),
    (["~leader.authority"], ["~leader.authority", "leader.authority=…"]),
    (["hydra/launcher=nope"], ["hydra/launcher=nope", "basic", "joblib", "submitit_local"]),
    (["leader.budjet=3"], ["leader.budjet", "leader.budget"]),
    (["--cfg", "job", "--multirun"], ["only one of", "--multirun", "--cfg"]),
]
for _args, _words in BAD:
    row(5, "python -m cxsim " + " ".join(_args), "one line: " + ", ".join(_words))(
        lambda ctx, a=_args, w=_words: ctx.refused(a, *w))


@row(5, "hydra.run.dir=<a regular file>, hydra.sweep.dir=<under a file>", "one line each: it is a file")
def _(ctx):
    f = ctx.tmp / "plain.txt"
    f.write_text("x")
    ctx.refused([f"hydra.run.dir={f}"], f"hydra.run.dir={f}", "is a file")
    ctx.refused(["-m", "seed=1,2", f"hydra.sweep.dir={f}/sweep"], f"{f} is a file")


@row(5, "-m --config-dir D experiment=broken (a YAML syntax error)", "one line naming the file and the line")
def _(ctx):
    d = ctx.tmp / "mine"
    (d / "experiment").mkdir(parents=True)
    (d / "experiment" / "broken.yaml").write_text("# @package _global_\nreplicates: 3\nhydra: {sweeper: [\n")
    ctx.refused(["-m", "--config-dir", str(d), "experiment=broken"], f"{d}/experiment/broken.yaml, line 4")


# --------------------------------------------------------------------------------------------
# Case 6: the Python API checks counts and seeds like the command line


@row(6, "run(replicates=0 | 2.5 | -1 | True)", "ConfigError naming replicates and its range")
def _(ctx):
    from cxsim.runner import run

    for bad, words in ((0, "out of range"), (2.5, "whole number"), (-1, "out of range"), (True, "must be a number")):
        with pytest.raises(ConfigError, match=rf"replicates={bad!r} .*{words}.*\[1, 10000\]"):
            run(replicates=bad, steps=2, customers__n=50)


@row(6, "run(replicates=2.0)", "two replicates")
def _(ctx):
    from cxsim.runner import run

    result = run(replicates=2.0, steps=2, customers__n=50, leader__enabled=False)
    assert result.summary["replicates"] == 2 == result.config.replicates


@row(6, "CXModel(seed=-1 | 1.7 | 'x')", "ConfigError naming the seed and its range")
def _(ctx):
    from cxsim.model import CXModel

    for bad, words in ((-1, "out of range"), (1.7, "whole number"), ("x", "must be a number")):
        with pytest.raises(ConfigError, match=rf"seed={bad!r} .*{words}.*\[0, 4294967295\]"):
            CXModel(seed=bad, customers__n=50)


@row(6, "CXModel(seed=3.0)", "the same model as CXModel(seed=3)")
def _(ctx):
    from cxsim.model import CXModel

    a, b = CXModel(seed=3.0, customers__n=50), CXModel(seed=3, customers__n=50)
    a.step(), b.step()
    assert a.metrics == b.metrics


# --------------------------------------------------------------------------------------------
# Case 7: contradictions are said (the run itself is valid)


@row(7, "--cfg job leader=none leader.strategy=organic", "a warning line: the strategy cannot act, no leader")
def _(ctx):
    res = cxsim(["--cfg", "job", "leader=none", "leader.strategy=organic"], cwd=ctx.tmp, timeout=120)
    assert res.returncode == 0, res.stderr
    [warning] = res.stderr.splitlines()
    assert warning.startswith("cxsim: warning: leader.strategy=organic cannot act: there is no CX leader")


@row(7, "leader.start_week=100 steps=30 (command line and run())", "warned: the programme never starts")
def _(ctx):
    from cxsim.cli.preflight import preflight
    from cxsim.contradictions import ConfigWarning
    from cxsim.runner import run

    [warning] = preflight(["leader.start_week=100", "steps=30"]).warnings
    assert "leader.start_week=100 is after the last week (steps=30)" in warning
    with pytest.warns(ConfigWarning, match="never starts"):
        run(leader__start_week=5, steps=4, customers__n=50)
    with pytest.warns(ConfigWarning, match="no CX leader"):
        run(leader__enabled=False, leader__focus="broad", steps=2, customers__n=50)


@row(7, "-m leader=none,decision_maker change=top_down,organic", "one warning for the 1 of 4 jobs it concerns")
def _(ctx):
    from cxsim.cli.preflight import preflight

    [warning] = preflight(["-m", "leader=none,decision_maker", "change=top_down,organic"]).warnings
    assert warning.startswith("leader.strategy=organic cannot act") and warning.endswith("(in 1 of 4 jobs)")


# --------------------------------------------------------------------------------------------
# Case 8: no per-job plots in sweeps unless asked; unique temporary files, cleaned


@row(8, "a sweep and a single run, output.plots not given", "no plots/ in the sweep's jobs; the run has its overview")
def _(ctx):
    tiny = ["steps=5", "customers.n=200", "hydra/launcher=basic", "hydra.callbacks.sweep.report=false"]
    res = cxsim(["--multirun", *tiny, "seed=1,2", f"hydra.sweep.dir={ctx.tmp / 'sweep'}"], cwd=ctx.tmp)
    assert res.returncode == 0, res.stderr
    jobs = sorted((ctx.tmp / "sweep").glob("*/summary.json"))
    assert len(jobs) == 2 and not any((j.parent / "plots").exists() for j in jobs)
    res = cxsim(["steps=5", "customers.n=200", f"hydra.run.dir={ctx.tmp / 'run'}"], cwd=ctx.tmp)
    assert res.returncode == 0, res.stderr
    assert (ctx.tmp / "run" / "plots" / "overview.png").is_file()


@row(8, "writing the overview PNG fails after the file is written", "no temporary file left in plots/")
def _(ctx):
    import matplotlib.figure

    from cxsim.plots import plot_run
    from cxsim.runner import run

    ts = run(steps=3, customers__n=50, leader__enabled=False).timeseries
    real = matplotlib.figure.Figure.savefig

    def savefig_then_fail(self, fname, *args, **kwargs):
        real(self, fname, *args, **kwargs)
        raise OSError(5, "Input/output error")

    ctx.monkeypatch.setattr(matplotlib.figure.Figure, "savefig", savefig_then_fail)
    with pytest.raises(OSError):
        plot_run(ts, ctx.tmp / "plots")
    assert list((ctx.tmp / "plots").iterdir()) == []


@row(8, "temporary files a kill left in a job directory", "removed when the job runs again")
def _(ctx):
    from cxsim.cli.job import run_job

    job = ctx.tmp / "job"
    (job / "plots").mkdir(parents=True)
    left = [job / ".summary.json.k3x9.tmp.json", job / "plots" / ".overview.png.a1b2.tmp.png"]
    for path in left:
        path.write_text("half")
    run_job(compose_dict(["debug=small", "steps=14"]), job, resume=True)
    assert not any(p.exists() for p in left)


@row(8, "two writers of one file at the same moment", "each writes its own temporary file")
def _(ctx):
    from cxsim.outputs import atomic_write

    names = []

    def inner(tmp):
        names.append(tmp)
        Path(tmp).write_text("inner")

    atomic_write(ctx.tmp / "a.json", lambda tmp: (names.append(tmp), atomic_write(ctx.tmp / "a.json", inner),
                                                  Path(tmp).write_text("outer")))
    assert len(set(names)) == 2 and (ctx.tmp / "a.json").read_text() == "outer"
    assert [p.name for p in ctx.tmp.iterdir()] == ["a.json"]


# --------------------------------------------------------------------------------------------
# Case 9: resumes keep what they should; one replicate has no interval


@row(9, "resume with the overrides (and their values) typed in another order", "every job skipped, timings kept")
def _(ctx):
    from cxsim.report import collect, timing

    d = ctx.sweep_copy()
    before = {j: job_json(d / j) for j in ("0", "1", "2", "3")}
    totals = timing(collect(d))
    res = resume(d, REORDERED)
    assert res.returncode == 0, res.stderr
    after = {}
    for job in d.glob("*/job.json"):
        record = json.loads(job.read_text())
        after[record["config_hash"]] = record
    assert {r["status"] for r in after.values()} == {"skipped"}
    for old in before.values():
        new = after[old["config_hash"]]
        assert (new["simulation_s"], new["write_s"], new["job_s"]) == (old["simulation_s"], old["write_s"], old["job_s"])
        assert new["history"][-1]["finished"] == old["finished"]
    again = timing(collect(d))
    assert again["simulation_s"] == pytest.approx(totals["simulation_s"]) and again["jobs_skipped"] == 4


@row(9, "a run with one replicate, and its report", "`n = 1, no interval` (never [x, x])")
def _(ctx):
    from cxsim.report import make_report

    run_dir = ctx.tmp / "run"
    res = cxsim(["debug=small", "replicates=1", f"hydra.run.dir={run_dir}"], cwd=ctx.tmp)
    assert res.returncode == 0, res.stderr
    assert "(n = 1, no interval)" in res.stdout
    assert json.loads((run_dir / "summary.json").read_text())["ci95"]["nps"] is None
    make_report(run_dir, plots=False)
    table = pd.read_csv(run_dir / "report" / "scenario_summary.csv")
    assert table["nps_lo"].isna().all() and table["nps_hi"].isna().all()
    assert "(n = 1, no interval)" in (run_dir / "report" / "report.md").read_text()


# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("check", TABLE)
def test_bad_input_and_fault_table(check, ctx):
    check(ctx)
