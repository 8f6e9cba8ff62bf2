"""Resuming a sweep typed another way: job directories follow the jobs, not the typing.

Hydra numbers the jobs of a sweep in the order its overrides are typed (``a=1,2 b=x,y`` and
``b=x,y a=1,2`` give the same four jobs, numbered differently) and each job resumes in the
directory of its number. So before the jobs start, :func:`align_job_dirs` renames the job
directories an earlier run of the sweep left to the numbers this command line gives their jobs
(matched by their overrides, whatever their order), and a complete job is found and skipped
however the command was typed. A directory that matches no job of this sweep but sits on a
number a job needs is moved past the sweep's last number (kept, and listed by the report as a
job of another sweep); nothing is deleted.
"""

from __future__ import annotations

import itertools
import os
import secrets
from pathlib import Path

import yaml

from ..outputs import HYDRA_DIR

JOB_NUM_SUBDIR = "${hydra.job.num}"  # configs/config.yaml: hydra.sweep.subdir


def _overrides(job_dir: Path) -> tuple | None:
    try:
        data = yaml.safe_load((job_dir / HYDRA_DIR / "overrides.yaml").read_text())
    except (OSError, yaml.YAMLError):
        return None
    return tuple(sorted(str(o) for o in data)) if isinstance(data, list) else None


def align_job_dirs(sweep_dir, jobs: list[list[str]] | None, subdir: str = JOB_NUM_SUBDIR) -> list[tuple[int, int]]:
    """Rename numbered job directories in ``sweep_dir`` to the index of the job (in ``jobs``,
    this command's order) with the same overrides; return the (old, new) numbers moved."""
    root = Path(sweep_dir)
    if jobs is None or subdir != JOB_NUM_SUBDIR or not root.is_dir():
        return []
    existing = {int(p.name): p for p in root.iterdir() if p.name.isdigit() and p.is_dir()}
    found = {n: _overrides(p) for n, p in existing.items()}
    wanted: dict[tuple, list[int]] = {}
    for i, job in enumerate(jobs):
        wanted.setdefault(tuple(sorted(job)), []).append(i)
    target: dict[int, int] = {}
    for n, key in found.items():  # directories already where they belong stay
        if key is not None and n in wanted.get(key, []):
            target[n] = n
    taken = set(target.values())
    for n in sorted(found):
        if n not in target and found[n] is not None:
            free = [i for i in wanted.get(found[n], []) if i not in taken]
            if free:
                target[n] = free[0]
                taken.add(free[0])
    moves = {n: t for n, t in target.items() if n != t}
    if not moves:
        return []
    spare = (i for i in itertools.count(max(len(jobs), max(existing) + 1)) if i not in existing)
    for n in existing:  # in the way of a job and matching none: past the sweep's last job
        if n not in target and n in taken:
            moves[n] = next(spare)
    tag = secrets.token_hex(3)
    parked = {}
    for n in moves:
        parked[n] = root / f".renumber-{tag}-{n}"
        os.rename(existing[n], parked[n])
    for n, new in moves.items():
        os.rename(parked[n], root / str(new))
    return sorted(moves.items())


__all__ = ["align_job_dirs", "JOB_NUM_SUBDIR"]
