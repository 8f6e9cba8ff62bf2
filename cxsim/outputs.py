"""What cxsim writes, and the one way it writes it: file names and atomic writes.

Every file a run, a sweep or a report writes goes through :func:`atomic_write`: the content is
written to a temporary file with a unique name in the same directory, then renamed over the
target, so a reader (a resumed sweep, the report, a user) sees the old file or the complete new
one, never half of one; if writing fails the temporary file is removed. A process killed while
writing can still leave a temporary file behind: its name starts with ``.`` and contains
``.tmp``, and :func:`remove_temporaries` clears such leftovers (run and report directories call
it before writing again).

The names of the files a job, a sweep and a report consist of are defined here, and nowhere
else.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path

# a job's (or a single run's) directory
TIMESERIES_FILE = "timeseries.parquet"  # one row per week and replicate
SUMMARY_FILE = "summary.json"  # last-WINDOW-week means, intervals, config hash, checksum of the time series
JOB_FILE = "job.json"  # status and timings, written last
ERROR_FILE = "error.txt"  # a failed job's exception, then its traceback
PLOTS_DIR = "plots"
OVERVIEW_FILE = "overview.png"  # inside PLOTS_DIR
HYDRA_DIR = ".hydra"  # Hydra's record of the job: config.yaml, overrides.yaml, hydra.yaml
# a sweep's directory
SWEEP_FILE = "sweep.json"  # wall time, launcher, workers (written at the end of a sweep)
MULTIRUN_FILE = "multirun.yaml"  # Hydra's record of the sweep (which jobs it is made of)
REPORT_DIR = "report"
# a report's directory (cxsim.report), besides its figures
REPORT_FILE = "report.md"
ALL_RUNS_PARQUET = "all_runs.parquet"  # one row per job × replicate × week
ALL_RUNS_CSV = "all_runs.csv"
SCENARIO_SUMMARY_FILE = "scenario_summary.csv"

_TEMP_MARK = ".tmp"
_UMASK_LOCK = threading.Lock()


def _umask() -> int:
    """The process umask, without changing it where the system can tell (Linux: /proc)."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    with _UMASK_LOCK:  # elsewhere: read it by setting it, and put it back at once
        mask = os.umask(0o022)
        os.umask(mask)
    return mask


def atomic_write(path, write: Callable[[str], object]) -> Path:
    """Write ``path`` through ``write(tmp)`` (a function that writes the file named ``tmp``),
    atomically: ``tmp`` is a unique name in the same directory, renamed to ``path`` once
    ``write`` returned. ``tmp`` keeps ``path``'s extension (matplotlib and pandas choose the
    format from it). The file ends with the permissions of a normally created one (0o666
    minus the umask), not the 0o600 of a temporary file. Returns ``path``."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=f"{_TEMP_MARK}{path.suffix}", dir=path.parent)
    os.close(fd)
    try:
        write(tmp)
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return path


def write_text(path, text: str) -> Path:
    return atomic_write(path, lambda tmp: Path(tmp).write_text(text))


def write_json(path, data: dict) -> Path:
    return write_text(path, json.dumps(data, indent=2, default=float))


def read_json(path) -> dict | None:
    """The JSON object in ``path``, or None when it is missing or not a readable JSON object."""
    try:
        data = json.loads(Path(path).read_text())
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def file_sha256(path) -> str:
    """The SHA-256 of a file's bytes (hex): recorded when a result is written, checked on resume."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def remove_temporaries(directory) -> list[Path]:
    """Remove what :func:`atomic_write` leaves behind when its process is killed while writing
    (``.<name>.<random>.tmp<ext>`` in ``directory``, not below); return what was removed."""
    removed = []
    d = Path(directory)
    if not d.is_dir():
        return removed
    for p in d.glob(f".*{_TEMP_MARK}*"):
        if p.is_file():
            try:
                p.unlink()
                removed.append(p)
            except OSError:
                pass
    return removed


__all__ = [
    "TIMESERIES_FILE", "SUMMARY_FILE", "JOB_FILE", "ERROR_FILE", "PLOTS_DIR", "OVERVIEW_FILE", "HYDRA_DIR",
    "SWEEP_FILE", "MULTIRUN_FILE", "REPORT_DIR", "REPORT_FILE", "ALL_RUNS_PARQUET", "ALL_RUNS_CSV",
    "SCENARIO_SUMMARY_FILE", "atomic_write", "write_text", "write_json", "read_json",
    "file_sha256", "remove_temporaries",
]
