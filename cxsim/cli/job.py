"""One job: run a config's replicates into a directory, or find its complete result there.

:func:`run_job` is a plain function (a config and a directory in, files out) that the Hydra task
(:mod:`.app`) and the tests call. Files a job writes into its directory, besides Hydra's
``.hydra/`` (names in :mod:`cxsim.outputs`):

* ``timeseries.parquet``, ``plots/`` (if asked), then ``summary.json`` (runner.write_outputs;
  the summary carries ``config_hash``, ``timing`` and the rows, columns and checksum of the time
  series);
* ``job.json`` last of all: status (``ok``, ``skipped``, ``failed``), the timings of the run
  whose outputs are there (kept when a resume skips the job), why an earlier result was
  replaced (``rerun_reason``) and the ``history`` of earlier attempts;
* ``error.txt`` when the job failed: the exception on the first line, then the traceback.

Resume: a job whose directory holds a result that verifies (:func:`cxsim.runner.verify_outputs`:
a readable time series matching the rows, columns and checksum its summary recorded, of the same
config hash) is skipped; anything else is run again, and a result that did not verify is named
in the log, in ``job.json`` and in the sweep's last line.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import platform
import time
import traceback
from datetime import datetime
from pathlib import Path

from ..config import make_config, to_dict
from ..outputs import (
    ERROR_FILE,
    JOB_FILE,
    OVERVIEW_FILE,
    PLOTS_DIR,
    SUMMARY_FILE,
    TIMESERIES_FILE,
    read_json,
    remove_temporaries,
    write_json,
    write_text,
)

log = logging.getLogger("cxsim")
HISTORY = 20  # earlier attempts kept in job.json
TIMINGS = ("simulation_s", "write_s", "job_s")


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("cxsim")
    except Exception:  # not installed (running from a source tree)
        return "unknown"


def config_hash(config) -> str:
    """A short hash of the resolved model config (and cxsim's version): same hash, same run.
    It does not depend on how the config was written (override order, group or scalar)."""
    cfg = make_config(config)
    text = json.dumps({"cxsim": _version(), "config": to_dict(cfg)}, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def now() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")


def _history(out: Path) -> list[dict]:
    """Earlier attempts in ``out`` (from its job.json), the latest last."""
    previous = read_json(out / JOB_FILE)
    if not previous:
        return []
    earlier = previous.pop("history", None)
    earlier = earlier if isinstance(earlier, list) else []
    return (earlier + [previous])[-HISTORY:]


def _reuse(out: Path, chash: str, history: list[dict], started: str, t_job: float) -> dict:
    """job.json of a skipped job: the timings of the run that made its outputs."""
    made = next((h for h in reversed(history) if h.get("status") in ("ok", "skipped") and h.get("config_hash") == chash), {})
    summary = read_json(out / SUMMARY_FILE) or {}
    timings = {k: made.get(k) for k in TIMINGS}
    if timings["simulation_s"] is None:  # job.json lost: the summary keeps the simulation time
        timings["simulation_s"] = (summary.get("timing") or {}).get("simulation_s")
    write_json(out / JOB_FILE, {"status": "skipped", "started": started, "finished": now(), "host": platform.node(),
                                "pid": os.getpid(), "config_hash": chash, **timings,
                                "made": made.get("made") or made.get("finished"), "resume_s": time.perf_counter() - t_job,
                                "history": history})
    return {**summary, "skipped": True}


def run_job(cfg, out_dir, *, resume: bool = False, progress: bool | None = None) -> dict:
    """Run one job's replicates and write its outputs into ``out_dir``; return the summary.

    ``cfg`` is anything :func:`cxsim.config.make_config` accepts plus an optional ``output``
    group (``plots``, ``progress``). With ``resume=True`` a result in ``out_dir`` that
    verifies (same config hash) is returned without running (``job.json`` says ``skipped``
    and keeps the original timings); a result that does not verify is replaced, and the
    returned summary says why (``rerun_reason``). A job that raises writes ``error.txt`` and
    a ``failed`` job.json, then re-raises.
    """
    for noisy in ("MESA", "matplotlib"):  # Hydra sets the root logger to INFO; Mesa logs every step
        logging.getLogger(noisy).setLevel(logging.WARNING)
    t_job = time.perf_counter()
    started = now()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    history = _history(out)
    try:
        return _run(cfg, out, resume, progress, history, started, t_job)
    except Exception as err:
        record_failure(out, err, started, history)
        raise


def _run(cfg, out: Path, resume: bool, progress: bool | None, history: list[dict], started: str, t_job: float) -> dict:
    from .. import runner  # heavy imports (pandas, mesa) only once a job really runs

    for d in (out, out / PLOTS_DIR):  # what a kill while writing left behind
        remove_temporaries(d)
    output = (cfg.get("output", None) if hasattr(cfg, "get") else None) or {}
    plots = bool(output.get("plots", True))
    if progress is None:
        progress = bool(output.get("progress", True))
    config = make_config(cfg)
    chash = config_hash(config)
    rerun_reason = None
    if resume:
        problem = runner.verify_outputs(out, chash)
        if problem is None and plots and not (out / PLOTS_DIR / OVERVIEW_FILE).is_file():
            problem = f"{PLOTS_DIR}/{OVERVIEW_FILE}: missing (plots were asked for)"
        if problem is None:
            return _reuse(out, chash, history, started, t_job)
        if (out / SUMMARY_FILE).exists() or (out / TIMESERIES_FILE).exists():
            rerun_reason = problem
            log.warning("the result in %s does not verify (%s): running the job again", out, problem)
    # a stale result, status or error of an earlier attempt must not outlive this one
    for name in (JOB_FILE, ERROR_FILE, SUMMARY_FILE):
        (out / name).unlink(missing_ok=True)
    t_sim = time.perf_counter()
    result = runner.run(config, progress=progress)
    simulation_s = time.perf_counter() - t_sim
    result.summary["config_hash"] = chash
    result.summary["timing"] = {"simulation_s": simulation_s}
    t_write = time.perf_counter()
    runner.write_outputs(result, out, plots=plots)
    record = {"status": "ok", "started": started, "finished": now(), "host": platform.node(), "pid": os.getpid(),
              "config_hash": chash, "simulation_s": simulation_s, "write_s": time.perf_counter() - t_write,
              "job_s": time.perf_counter() - t_job}
    if rerun_reason:
        record["rerun_reason"] = rerun_reason
    write_json(out / JOB_FILE, {**record, "history": history})
    return {**result.summary, **({"rerun_reason": rerun_reason} if rerun_reason else {})}


def record_failure(out_dir, err: BaseException, started: str | None = None, history: list[dict] | None = None) -> Path:
    """Write ``error.txt`` (exception on the first line, then the traceback) and ``job.json``
    (``history``: the earlier attempts; default: those in ``out_dir/job.json``)."""
    out = Path(out_dir)
    first = f"{type(err).__name__}: {err}".splitlines()[0] if str(err) else type(err).__name__
    tb = "".join(traceback.format_exception(type(err), err, err.__traceback__))
    history = _history(out) if history is None else history
    write_text(out / ERROR_FILE, f"{first}\n\n{tb}")
    write_json(out / JOB_FILE, {"status": "failed", "error": first, "started": started, "finished": now(),
                                "host": platform.node(), "pid": os.getpid(), "history": history})
    return out / ERROR_FILE


__all__ = ["config_hash", "run_job", "record_failure", "now"]
