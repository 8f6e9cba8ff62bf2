"""Hydra jobs and sweeps: the task function, the resolvers the configs use, the jobs of a sweep.

Hydra stays at the edge: :func:`task` is what Hydra's launchers run in each job (in this
process, in joblib/loky workers, or in submitit jobs on a cluster); the work is done by
:func:`cxsim.cli.job.run_job`, a plain function. The task lives in an importable module, not in
``__main__``, so that every launcher pickles it by reference and its worker imports this module
(and registers the resolvers below) before resolving paths.

Failures (the choice, documented in docs/sweeps.md): in a ``--multirun`` a job that raises
writes ``error.txt`` and returns NaN instead of raising, so the launcher keeps every other
job's results and Hydra's ``on_multirun_end`` callbacks (the report) still run; the command
then exits with status 1 and names the failed jobs (see ``cxsim.__main__``). A single run
re-raises as usual.
"""

from __future__ import annotations

import logging
import math
import secrets
from pathlib import Path

from hydra.core.config_store import ConfigStore
from omegaconf import DictConfig, OmegaConf

from ..config import RunConfig
from ..outputs import ERROR_FILE
from .job import config_hash, record_failure, run_job  # noqa: F401  (the job functions, re-exported)

log = logging.getLogger("cxsim")

ConfigStore.instance().store(name="cxsim_schema", node=RunConfig)


# --------------------------------------------------------------------------------------------
# OmegaConf resolvers used by configs/ (registered on import, in every process)


def _uid() -> str:
    """A short random suffix: two sweeps started in the same microsecond still differ."""
    return secrets.token_hex(3)


def single_run() -> bool:
    """True in a single run, False in a job of a ``--multirun`` (``output.plots``' default:
    a sweep's report draws what matters, per-job plots would cost more than the simulation)."""
    from hydra.core.hydra_config import HydraConfig
    from hydra.types import RunMode

    if not HydraConfig.initialized():  # the compose API (tests, the browser): a single run
        return True
    return HydraConfig.get().mode != RunMode.MULTIRUN


def register_resolvers() -> None:
    if not OmegaConf.has_resolver("cxsim_uid"):
        # cached per config: the whole sweep (and every job's copy of its config) sees one value
        OmegaConf.register_new_resolver("cxsim_uid", _uid, use_cache=True)
    if not OmegaConf.has_resolver("cxsim_single_run"):
        OmegaConf.register_new_resolver("cxsim_single_run", single_run)
    if not OmegaConf.has_resolver("cxsim_help"):
        from .help import help_text

        OmegaConf.register_new_resolver("cxsim_help", lambda: help_text().replace("$", "$$"))
    if not OmegaConf.has_resolver("cxsim_groups"):
        from .help import groups_text

        OmegaConf.register_new_resolver("cxsim_groups", groups_text)


register_resolvers()


# --------------------------------------------------------------------------------------------
# The Hydra task function


def _result_line(summary: dict, out_dir: Path) -> str:
    nps = float(summary["nps"])
    ci = (summary.get("ci95") or {}).get("nps")
    spread = (f"95% interval [{ci[0]:.1f}, {ci[1]:.1f}] over {summary['replicates']} replicates" if ci
              else f"n = {summary['replicates']}, no interval")
    return f"NPS over the last {summary['window_weeks']} weeks = {nps:.1f} ({spread}); outputs in {out_dir}"


def task(cfg: DictConfig) -> float:
    """What Hydra runs in each job: run_job into the job's output dir; NPS as the return value."""
    from hydra.core.hydra_config import HydraConfig
    from hydra.types import RunMode

    from .shutdown import guard_worker

    guard_worker()
    hc = HydraConfig.get()
    out_dir = Path(hc.runtime.output_dir)
    multirun = hc.mode == RunMode.MULTIRUN
    launcher = str(hc.runtime.choices.get("hydra/launcher", "basic"))
    output = cfg.get("output", {}) or {}
    # per-job bars from parallel workers would overwrite each other: a sweep shows one bar of
    # jobs instead (cxsim.cli.callbacks), except with the sequential basic launcher
    progress = bool(output.get("progress", True)) and (not multirun or launcher == "basic")
    try:
        summary = run_job(cfg, out_dir, resume=multirun, progress=progress)
    except Exception as err:  # run_job wrote error.txt and a failed job.json
        if not multirun:
            raise
        log.error("job %s failed: %s (traceback in %s)", hc.job.num, f"{type(err).__name__}: {err}",
                  out_dir / ERROR_FILE)
        return math.nan
    line = _result_line(summary, out_dir)
    if summary.get("skipped"):
        log.info("job %s skipped: a complete result of the same config is already in %s", hc.job.num, out_dir)
    elif multirun:
        log.info("job %s done: %s", hc.job.num, line)
    else:
        print(f"cxsim: {line}")
    return float(summary["nps"])


def hydra_main() -> None:
    """The Hydra application (``python -m cxsim`` calls it after its preflight checks)."""
    import hydra

    from .scenarios import CONFIG_DIR, CONFIG_NAME

    # an absolute path: the task function's module is cxsim.cli.app, not a file next to configs/
    hydra.main(version_base="1.3", config_path=str(CONFIG_DIR), config_name=CONFIG_NAME)(task)()


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


__all__ = ["task", "hydra_main", "expected_jobs", "run_job", "record_failure", "config_hash", "single_run"]
