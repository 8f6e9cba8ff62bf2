"""Hydra callbacks of a cxsim sweep: job directories aligned on resume, a jobs-done bar with an
ETA, timing, and the report.

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

from ..outputs import JOB_FILE, REPORT_DIR, REPORT_FILE, SWEEP_FILE, read_json, write_json
from .app import expected_jobs
from .resume import align_job_dirs

log = logging.getLogger("cxsim")

# Filled at the end of a multirun in this process: ``python -m cxsim`` reads it for its exit status.
LAST_SWEEP: dict[str, Any] = {}
_RUNNING: list[SweepCallback] = []  # callbacks whose progress bar is drawing (stop_progress)


def finished_jobs(sweep_dir: Path, since: float) -> list[dict]:
    """The job.json of every job finished since ``since`` (whatever its status)."""
    out: list[dict] = []
    if not sweep_dir.is_dir():
        return out
    # job directories are ${hydra.sweep.subdir} (one level by default; two allowed)
    for path in itertools.chain(sweep_dir.glob(f"*/{JOB_FILE}"), sweep_dir.glob(f"*/*/{JOB_FILE}")):
        if any(p == REPORT_DIR or p.startswith(".") for p in path.parts[len(sweep_dir.parts):-1]):
            continue
        try:
            if path.stat().st_mtime < since:
                continue
        except OSError:
            continue
        out.append(read_json(path) or {})
    return out


def done_jobs(sweep_dir: Path, since: float) -> tuple[int, int]:
    """(jobs finished since ``since``, of which failed), from the job.json files."""
    done = finished_jobs(sweep_dir, since)
    return len(done), sum(1 for j in done if j.get("status") == "failed")


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
        LAST_SWEEP["dir"] = str(self._dir)  # for the resume hint if the sweep is interrupted
        jobs = expected_jobs(config)
        self._total = len(jobs) if jobs is not None else None
        subdir = OmegaConf.to_container(config.hydra.sweep, resolve=False).get("subdir")
        try:
            moved = align_job_dirs(self._dir, jobs, str(subdir))
        except OSError as err:  # the jobs then run again instead of being skipped
            log.warning("resume: could not renumber the job directories of %s (%s)", self._dir, err)
            moved = []
        if moved:
            log.info("resume: %d job director(ies) renumbered to this command's job order (%s)", len(moved),
                     ", ".join(f"{a}→{b}" for a, b in moved))
        if self.progress:
            self._stop.clear()
            self._thread = threading.Thread(target=self._watch, name="cxsim-sweep-progress", daemon=True)
            self._thread.start()
            _RUNNING.append(self)

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

    def stop_progress(self) -> None:
        """Close the progress bar (its last state stays on screen)."""
        if self._thread is not None:
            self._stop.set()
            self._thread.join(timeout=10)
            self._thread = None
        if self in _RUNNING:
            _RUNNING.remove(self)

    def on_multirun_end(self, config: DictConfig, **kwargs: Any) -> None:
        self.stop_progress()
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

        reran = [j for j in finished_jobs(sweep_dir, self._t0 - 0.5) if j.get("rerun_reason")]
        LAST_SWEEP.update(dir=str(sweep_dir), total=self._total, failed=[], missing=[], reran=len(reran))
        try:
            sweep = report.make_report(sweep_dir) if self.report else report.collect(sweep_dir)
        except Exception as err:  # the jobs' results are safe anyway; the command fails
            LAST_SWEEP["report_error"] = f"{err} (run `python -m cxsim.report {sweep_dir}` once it is fixed)"
            return
        LAST_SWEEP.update(
            failed=[j.name for j in sweep.failed],
            missing=[" ".join(o) for o in sweep.missing] + [j.name for j in sweep.incomplete + sweep.damaged],
            report=str(sweep_dir / REPORT_DIR / REPORT_FILE) if self.report else None,
        )
        n_ok = len(sweep.complete)
        where = f"; report: {LAST_SWEEP['report']}" if self.report else ""
        again = f" ({len(reran)} re-run: their earlier outputs did not verify)" if reran else ""
        print(f"cxsim: sweep done in {info['wall_s']:.1f} s: {n_ok} job(s) complete{again}, {len(sweep.failed)} "
              f"failed, {len(LAST_SWEEP['missing'])} missing{where}", file=sys.stderr)


def stop_progress() -> None:
    """Close every progress bar of this process (an interrupted sweep ends no other way)."""
    for callback in list(_RUNNING):
        callback.stop_progress()


def sweep_summary_line() -> str | None:
    """One line about failed or missing jobs of the last sweep in this process, or a report
    that could not be written (None if all is well)."""
    failed = LAST_SWEEP.get("failed") or []
    missing = LAST_SWEEP.get("missing") or []
    if LAST_SWEEP.get("report_error"):
        return f"the sweep report failed: {LAST_SWEEP['report_error']}"
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


__all__ = ["SweepCallback", "LAST_SWEEP", "done_jobs", "finished_jobs", "stop_progress", "sweep_summary_line"]
