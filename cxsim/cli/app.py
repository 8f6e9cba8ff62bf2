"""Hydra jobs and sweeps: the task function, per-job failure capture, resume, job lists.

Hydra stays at the edge: :func:`run_job` is a plain function (a config and a directory in,
files out) that tests call directly; :func:`task` is what Hydra's launchers run in each job
(in this process, in joblib/loky workers, or in submitit jobs on a cluster). It lives in an
importable module, not in ``__main__``, so that every launcher pickles it by reference and
its worker imports this module (and registers the resolvers below) before resolving paths.

Files a job writes into its directory, besides Hydra's ``.hydra/``:

* ``timeseries.parquet``, ``plots/``, then ``summary.json`` (runner.write_outputs; the summary
  is written last and carries ``config_hash`` and ``timing``: its presence marks a complete
  result);
* ``job.json`` last of all: status (``ok``, ``skipped``, ``failed``) and timings, read by the
  sweep's progress bar and the report;
* ``error.txt`` when the job failed: the exception on the first line, then the traceback.

Failures (the choice, documented in docs/sweeps.md): in a ``--multirun`` a job that raises
writes ``error.txt`` and returns NaN instead of raising, so the launcher keeps every other
job's results and Hydra's ``on_multirun_end`` callbacks (the report) still run; the command
then exits with status 1 and names the failed jobs (see ``cxsim.__main__``). A single run
re-raises as usual.

Resume: in a ``--multirun``, a job whose directory already holds a complete result with the
same ``config_hash`` (the resolved model config and the cxsim version) is skipped, so running
the same sweep again with the same ``hydra.sweep.dir`` finishes an interrupted sweep.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import os
import platform
import secrets
import time
import traceback
from datetime import datetime
from pathlib import Path

from hydra.core.config_store import ConfigStore
from omegaconf import DictConfig, OmegaConf

from ..config import RunConfig, make_config, to_dict
from ..outputs import ERROR_FILE, JOB_FILE, OVERVIEW_FILE, PLOTS_DIR, SUMMARY_FILE, read_json, write_json, write_text

log = logging.getLogger("cxsim")

ConfigStore.instance().store(name="cxsim_schema", node=RunConfig)


# --------------------------------------------------------------------------------------------
# OmegaConf resolvers used by configs/ (registered on import, in every process)


def _uid() -> str:
    """A short random suffix: two sweeps started in the same microsecond still differ."""
    return secrets.token_hex(3)


def register_resolvers() -> None:
    if not OmegaConf.has_resolver("cxsim_uid"):
        # cached per config: the whole sweep (and every job's copy of its config) sees one value
        OmegaConf.register_new_resolver("cxsim_uid", _uid, use_cache=True)
    if not OmegaConf.has_resolver("cxsim_help"):
        from .preflight import help_text

        OmegaConf.register_new_resolver("cxsim_help", lambda: help_text().replace("$", "$$"))


register_resolvers()


# --------------------------------------------------------------------------------------------
# Small file helpers


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("cxsim")
    except Exception:  # not installed (running from a source tree)
        return "unknown"


def config_hash(config) -> str:
    """A short hash of the resolved model config (and cxsim's version): same hash, same run."""
    cfg = make_config(config)
    text = json.dumps({"cxsim": _version(), "config": to_dict(cfg)}, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _now() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")


# --------------------------------------------------------------------------------------------
# One job


def _complete_with(out: Path, chash: str, plots: bool) -> dict | None:
    from ..runner import is_complete

    if not is_complete(out):
        return None
    summary = read_json(out / SUMMARY_FILE)
    if not summary or summary.get("config_hash") != chash:
        return None
    if plots and not (out / PLOTS_DIR / OVERVIEW_FILE).is_file():
        return None
    return summary


def run_job(cfg, out_dir, *, resume: bool = False, progress: bool | None = None) -> dict:
    """Run one job's replicates and write its outputs into ``out_dir``; return the summary.

    ``cfg`` is anything :func:`cxsim.config.make_config` accepts plus an optional ``output``
    group (``plots``, ``progress``). With ``resume=True`` a complete result with the same
    config hash already in ``out_dir`` is returned without running (``job.json`` says
    ``skipped``).
    """
    from .. import runner  # heavy imports (pandas, mesa) only once a job really runs

    for noisy in ("MESA", "matplotlib"):  # Hydra sets the root logger to INFO; Mesa logs every step
        logging.getLogger(noisy).setLevel(logging.WARNING)
    t_job = time.perf_counter()
    started = _now()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    output = (cfg.get("output", None) if hasattr(cfg, "get") else None) or {}
    plots = bool(output.get("plots", True))
    if progress is None:
        progress = bool(output.get("progress", True))
    config = make_config(cfg)
    chash = config_hash(config)
    status = {"started": started, "host": platform.node(), "pid": os.getpid(), "config_hash": chash}
    if resume:
        summary = _complete_with(out, chash, plots)
        if summary is not None:
            write_json(out / JOB_FILE, {"status": "skipped", **status, "finished": _now(),
                                         "job_s": time.perf_counter() - t_job,
                                         "simulation_s": summary.get("timing", {}).get("simulation_s")})
            return {**summary, "skipped": True}
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
    write_s = time.perf_counter() - t_write
    write_json(out / JOB_FILE, {"status": "ok", **status, "finished": _now(), "simulation_s": simulation_s,
                                 "write_s": write_s, "job_s": time.perf_counter() - t_job})
    return result.summary


def record_failure(out_dir, err: BaseException, started: str | None = None) -> Path:
    """Write ``error.txt`` (exception on the first line, then the traceback) and ``job.json``."""
    out = Path(out_dir)
    first = f"{type(err).__name__}: {err}".splitlines()[0] if str(err) else type(err).__name__
    tb = "".join(traceback.format_exception(type(err), err, err.__traceback__))
    write_text(out / ERROR_FILE, f"{first}\n\n{tb}")
    write_json(out / JOB_FILE, {"status": "failed", "error": first, "started": started, "finished": _now(),
                                 "host": platform.node(), "pid": os.getpid()})
    return out / ERROR_FILE


# --------------------------------------------------------------------------------------------
# The Hydra task function


def task(cfg: DictConfig) -> float:
    """What Hydra runs in each job: run_job into the job's output dir; NPS as the return value."""
    from hydra.core.hydra_config import HydraConfig
    from hydra.types import RunMode

    hc = HydraConfig.get()
    out_dir = Path(hc.runtime.output_dir)
    multirun = hc.mode == RunMode.MULTIRUN
    launcher = str(hc.runtime.choices.get("hydra/launcher", "basic"))
    output = cfg.get("output", {}) or {}
    # per-job bars from parallel workers would overwrite each other: a sweep shows one bar of
    # jobs instead (cxsim.cli.callbacks), except with the sequential basic launcher
    progress = bool(output.get("progress", True)) and (not multirun or launcher == "basic")
    started = _now()
    try:
        summary = run_job(cfg, out_dir, resume=multirun, progress=progress)
    except Exception as err:
        path = record_failure(out_dir, err, started)
        if not multirun:
            raise
        log.error("job %s failed: %s (traceback in %s)", hc.job.num, f"{type(err).__name__}: {err}", path)
        return math.nan
    nps = float(summary["nps"])
    line = (f"NPS over the last {summary['window_weeks']} weeks = {nps:.1f} "
            f"(mean of {summary['replicates']} replicate(s)); outputs in {out_dir}")
    if summary.get("skipped"):
        log.info("job %s skipped: complete results with the same config are already in %s", hc.job.num, out_dir)
    elif multirun:
        log.info("job %s done: %s", hc.job.num, line)
    else:
        print(f"cxsim: {line}")
    return nps


def hydra_main() -> None:
    """The Hydra application (``python -m cxsim`` calls it after its preflight checks)."""
    import hydra

    from .preflight import CONFIG_DIR

    # an absolute path: the task function's module is cxsim.cli.app, not a file next to configs/
    hydra.main(version_base="1.3", config_path=str(CONFIG_DIR), config_name="config")(task)()


# --------------------------------------------------------------------------------------------
# The jobs a sweep is made of


def expected_jobs(config) -> list[list[str]] | None:
    """The override list of every job of a ``--multirun`` (BasicSweeper order), from the sweep's
    config (``multirun.yaml`` or the config Hydra passes to callbacks); None if unknown."""
    try:
        from hydra._internal.core_plugins.basic_sweeper import BasicSweeper
        from hydra.core.override_parser.overrides_parser import OverridesParser

        cfg = config if OmegaConf.is_config(config) else OmegaConf.create(config)
        sweeper = str(OmegaConf.select(cfg, "hydra.sweeper._target_", default="") or "")
        if sweeper and not sweeper.endswith("BasicSweeper"):
            return None
        params = OmegaConf.select(cfg, "hydra.sweeper.params", default=None) or {}
        args = [f"{k}={v}" for k, v in params.items()]
        args += list(OmegaConf.select(cfg, "hydra.overrides.task", default=[]) or [])
        overrides = OverridesParser.create().parse_overrides(args)
        batches = BasicSweeper.split_arguments(overrides, None)
        return [list(job) for job in batches[0]]
    except Exception:  # another sweeper, glob(), ...: the report then lists what it finds
        return None
