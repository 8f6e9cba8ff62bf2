"""Hydra callbacks of a cxsim sweep: a jobs-done bar with an ETA, timing, and the report.

Configured in ``configs/hydra/callbacks/cxsim.yaml`` (selected by the primary config). Jobs may
run in other processes (joblib/loky workers, submitit jobs) where this process sees nothing of
them, so progress is read from the sweep directory: a job is done when its ``job.json`` (the
last file it writes, whatever its status) is newer than the start of the sweep.

The callback object travels to the workers inside Hydra's context (it is pickled); only its
settings go with it, never the thread.
"""

from __future__ import annotations

import itertools
import logging
import os
import sys
import threading
import time
from pathlib import Path
from typing import Any

from hydra.experimental.callback import Callback
from omegaconf import DictConfig, OmegaConf

from ..outputs import JOB_FILE, REPORT_DIR, SWEEP_FILE, read_json, write_json
from .app import expected_jobs

log = logging.getLogger("cxsim")

# Filled at the end of a multirun in this process: ``python -m cxsim`` reads it for its exit status.
LAST_SWEEP: dict[str, Any] = {}


def done_jobs(sweep_dir: Path, since: float) -> tuple[int, int]:
    """(jobs finished since ``since``, of which failed), from the job.json files."""
    done = failed = 0
    if not sweep_dir.is_dir():
        return 0, 0
    # job directories are ${hydra.sweep.subdir} (one level by default; two allowed)
    for path in itertools.chain(sweep_dir.glob(f"*/{JOB_FILE}"), sweep_dir.glob(f"*/*/{JOB_FILE}")):
        if any(p == REPORT_DIR or p.startswith(".") for p in path.parts[len(sweep_dir.parts):-1]):
            continue
        try:
            if path.stat().st_mtime < since:
                continue
        except OSError:
            continue
        done += 1
        if (read_json(path) or {}).get("status") == "failed":
            failed += 1
    return done, failed


def launcher_workers(config: DictConfig) -> int | None:
    """How many jobs the launcher runs at once on this machine (None if it cannot be known)."""
    choice = str(OmegaConf.select(config, "hydra.runtime.choices.hydra/launcher", default="") or "")
    target = str(OmegaConf.select(config, "hydra.launcher._target_", default="") or "")
    if "BasicLauncher" in target or choice == "basic":
        return 1
    if "Joblib" in target:
        n = int(OmegaConf.select(config, "hydra.launcher.n_jobs", default=-1))
        cpus = os.cpu_count() or 1
        try:
            import joblib

            cpus = joblib.cpu_count()
        except Exception:
            pass
        return max(1, cpus + 1 + n) if n < 0 else n
    return None


class SweepCallback(Callback):
    """Progress of a sweep (jobs done / total, ETA), its timing in ``sweep.json`` and, at the
    end, the report (``python -m cxsim.report DIR`` does the same by hand)."""

    def __init__(self, report: bool = True, progress: bool = True, poll_s: float = 0.5) -> None:
        self.report = bool(report)
        self.progress = bool(progress)
        self.poll_s = float(poll_s)
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()
        self._t0 = time.time()
        self._total: int | None = None
        self._dir: Path | None = None

    # only the settings travel to the workers
    def __getstate__(self) -> dict:
        return {"report": self.report, "progress": self.progress, "poll_s": self.poll_s}

    def __setstate__(self, state: dict) -> None:
        self.__init__(**state)

    def on_multirun_start(self, config: DictConfig, **kwargs: Any) -> None:
        LAST_SWEEP.clear()
        self._t0 = time.time()
        self._dir = Path(str(config.hydra.sweep.dir))
        jobs = expected_jobs(config)
        self._total = len(jobs) if jobs is not None else None
        if self.progress:
            self._stop.clear()
            self._thread = threading.Thread(target=self._watch, name="cxsim-sweep-progress", daemon=True)
            self._thread.start()

    def _watch(self) -> None:
        from tqdm.auto import tqdm

        assert self._dir is not None
        bar = tqdm(total=self._total, desc="cxsim sweep", unit="job", file=sys.stderr, dynamic_ncols=True)
        seen = 0
        try:
            while True:
                stopping = self._stop.wait(self.poll_s)
                done, failed = done_jobs(self._dir, self._t0 - 0.5)
                if done > seen:
                    if failed:
                        bar.set_postfix(failed=failed, refresh=False)
                    bar.update(done - seen)
                    seen = done
                if stopping:
                    break
        finally:
            bar.close()

    def on_multirun_end(self, config: DictConfig, **kwargs: Any) -> None:
        if self._thread is not None:
            self._stop.set()
            self._thread.join(timeout=10)
            self._thread = None
        finished = time.time()
        sweep_dir = Path(str(config.hydra.sweep.dir))
        info = {
            "started": self._t0,
            "finished": finished,
            "wall_s": finished - self._t0,
            "jobs": self._total,
            "launcher": str(OmegaConf.select(config, "hydra.runtime.choices.hydra/launcher", default="")),
            "workers": launcher_workers(config),
            "cpus": os.cpu_count(),
            "overrides": list(OmegaConf.select(config, "hydra.overrides.task", default=[]) or []),
        }
        try:
            write_json(sweep_dir / SWEEP_FILE, info)
        except OSError as err:
            log.warning("could not write %s: %s", sweep_dir / SWEEP_FILE, err)
        from .. import report

        try:
            sweep = report.make_report(sweep_dir) if self.report else report.collect(sweep_dir)
        except Exception as err:  # the report is a convenience: the jobs' results are safe anyway
            log.warning("the sweep report failed (%s); run `python -m cxsim.report %s`", err, sweep_dir)
            LAST_SWEEP.update(dir=str(sweep_dir), failed=[], missing=[], total=self._total)
            return
        LAST_SWEEP.update(
            dir=str(sweep_dir),
            total=self._total,
            failed=[j.name for j in sweep.failed],
            missing=[" ".join(o) for o in sweep.missing] + [j.name for j in sweep.incomplete],
            report=str(sweep_dir / REPORT_DIR / "report.md") if self.report else None,
        )
        n_ok = len(sweep.complete)
        where = f"; report: {LAST_SWEEP['report']}" if self.report else ""
        print(f"cxsim: sweep done in {info['wall_s']:.1f} s: {n_ok} job(s) complete, {len(sweep.failed)} failed, "
              f"{len(LAST_SWEEP['missing'])} missing{where}", file=sys.stderr)


def sweep_summary_line() -> str | None:
    """One line about failed or missing jobs of the last sweep in this process (None if all ran)."""
    failed = LAST_SWEEP.get("failed") or []
    missing = LAST_SWEEP.get("missing") or []
    if not failed and not missing:
        return None
    parts = []
    if failed:
        parts.append(f"{len(failed)} job(s) failed ({', '.join(failed)}: see error.txt in each)")
    if missing:
        parts.append(f"{len(missing)} job(s) missing or incomplete")
    total = LAST_SWEEP.get("total")
    of = f" of {total}" if total else ""
    return f"{' and '.join(parts)}{of} in {LAST_SWEEP.get('dir')}; the other jobs' results are complete"


__all__ = ["SweepCallback", "LAST_SWEEP", "done_jobs", "sweep_summary_line"]
