"""Run a design like a sweep: chunks of points on every core, resumable, failures recorded.

The design's points are cut into chunks of ``chunk_size`` consecutive points. Each chunk runs
in a worker (joblib's loky processes on this machine, or submitit jobs: ``local`` or a SLURM
cluster, with the settings of ``configs/hydra/launcher/<name>.yaml``, the same files the
sweeps use) and comes back as a small table, written at once to ``chunks/chunk_NNNNN.parquet``
(to a temporary name, then renamed: a chunk file is complete or absent). Running the same
exploration again skips the chunks already written, so an interrupted run resumes; the seeds
depend on the point number only (``SeedSequence(seed, spawn_key=(point,)).spawn(R)``), so the
resumed table is identical to an uninterrupted one.

A point whose evaluation raises is recorded (``error`` column, outcomes NaN) and the others go
on. A chunk lost with its worker (killed, out of memory) stops the run after the chunks already
returned are written; the same command then resumes.

The result table has one row per point: the design's values, for each outcome the mean over
replicates (the response), its standard deviation and the number of replicates, ``error``,
``seconds`` (the point's evaluation) and ``sim_seconds`` (inside the model).
"""

from __future__ import annotations

import math
import os
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

CHUNK_DIR = "chunks"
LAUNCHERS = ("joblib", "local", "slurm")


def point_seeds(seed: int, point: int, replicates: int, common: bool = False) -> list[np.random.SeedSequence]:
    """Replicate seeds of a design point: a function of (seed, point) only. ``common``: every point
    takes the seeds of point 0 (common random numbers across the design: an assumption that cannot
    act has an effect of exactly 0, and points that differ only in the programme share their run-in)."""
    return np.random.SeedSequence(int(seed), spawn_key=(0 if common else int(point),)).spawn(int(replicates))


def one_line(err: BaseException) -> str:
    return " ".join(f"{type(err).__name__}: {err}".split())


def run_chunk(evaluator, design: pd.DataFrame, outcomes: list[str], seed: int, replicates: int, common: bool = False) -> pd.DataFrame:
    """Evaluate the points of ``design`` (a slice of the design table); never raises for a point."""
    rows = []
    for point, values in zip(design.index, design.to_dict("records")):
        row = {"point": int(point), "error": None}
        started = time.perf_counter()
        try:
            result = evaluator(values, point_seeds(seed, point, replicates, common))
        except Exception as err:  # a failed point is recorded; the others go on
            result, row["error"] = {}, one_line(err)
        row["seconds"] = time.perf_counter() - started
        row["sim_seconds"] = float(getattr(evaluator, "sim_seconds", row["seconds"])) if row["error"] is None else 0.0
        for name in outcomes:
            v = np.asarray(result.get(name, np.full(replicates, np.nan)), dtype=float)
            ok = v[np.isfinite(v)]
            row[name] = float(ok.mean()) if ok.size else math.nan
            row[f"{name}__sd"] = float(ok.std(ddof=1)) if ok.size > 1 else math.nan
            row[f"{name}__n"] = int(ok.size)
        rows.append(row)
    return pd.DataFrame(rows)


@dataclass(frozen=True)
class Execution:
    """How to run: chunk size, workers (joblib: -1 = every core), launcher, progress bar."""

    chunk_size: int = 4
    n_jobs: int = -1
    launcher: str = "joblib"
    progress: bool = True
    launcher_params: tuple = ()  # (key, value) pairs of the submitit launcher's settings


@dataclass
class RunStats:
    """What the run cost: wall time, time inside evaluations, workers, chunks run/skipped/lost."""

    wall_seconds: float
    point_seconds: float
    sim_seconds: float
    workers: int
    chunks_run: int
    chunks_skipped: int
    chunk_errors: list


def chunk_path(out_dir: Path, index: int) -> Path:
    return Path(out_dir) / CHUNK_DIR / f"chunk_{index:05d}.parquet"


def _write_chunk(table: pd.DataFrame, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    table.to_parquet(tmp, index=False)
    os.replace(tmp, path)


def workers_for(ex: Execution, todo: int) -> int:
    """How many workers run ``todo`` chunks (joblib: at most the cores or n_jobs)."""
    if ex.launcher != "joblib":
        return max(1, todo)
    from joblib import cpu_count

    n = cpu_count() if ex.n_jobs < 0 else max(1, ex.n_jobs)
    return max(1, min(n, todo))


def run_design(evaluator, design: pd.DataFrame, outcomes: list[str], out_dir, seed: int, replicates: int,
               ex: Execution = Execution(), desc: str = "design points", common: bool = False) -> tuple[pd.DataFrame, RunStats]:
    """Run every chunk not yet on disk, then return the full table (design ⨝ outcomes)."""
    out_dir = Path(out_dir)
    size = max(1, int(ex.chunk_size))
    chunks = [design.iloc[i:i + size] for i in range(0, len(design), size)]
    todo = [i for i in range(len(chunks)) if not chunk_path(out_dir, i).is_file()]
    workers = workers_for(ex, len(todo))
    bar = None
    if ex.progress:
        from tqdm.auto import tqdm

        done = sum(len(chunks[i]) for i in range(len(chunks)) if i not in set(todo))
        bar = tqdm(total=len(design), initial=done, desc=desc, unit="point", dynamic_ncols=True)
    started = time.perf_counter()
    errors: list = []
    try:
        for index, table in _launch(ex, workers, evaluator, chunks, todo, outcomes, (seed, replicates, common), out_dir, errors):
            _write_chunk(table, chunk_path(out_dir, index))
            if bar is not None:
                bar.update(len(table))
    finally:
        if bar is not None:
            bar.close()
    wall = time.perf_counter() - started
    table = collect(out_dir, design, len(chunks))
    ran = table[table["point"].isin(np.concatenate([chunks[i].index for i in todo]) if todo else [])]
    stats = RunStats(wall, float(ran["seconds"].sum()), float(ran["sim_seconds"].sum()), workers,
                     len(todo) - len(errors), len(chunks) - len(todo), errors)
    return table, stats


def collect(out_dir: Path, design: pd.DataFrame, n_chunks: int) -> pd.DataFrame:
    """Design values joined with every chunk on disk, one row per point (missing chunks: no rows)."""
    parts = [pd.read_parquet(p) for i in range(n_chunks) if (p := chunk_path(out_dir, i)).is_file()]
    results = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame({"point": pd.Series([], dtype=int)})
    joined = design.reset_index().merge(results, on="point", how="inner")
    return joined.sort_values("point").reset_index(drop=True)


def _launch(ex, workers, evaluator, chunks, todo, outcomes, seeding, out_dir, errors):
    """Yield (chunk index, result table) as chunks finish, on the chosen launcher."""
    if not todo:
        return
    if ex.launcher == "joblib":
        yield from _joblib(workers, evaluator, chunks, todo, outcomes, seeding, errors)
    else:
        yield from _submitit(ex, evaluator, chunks, todo, outcomes, seeding, out_dir, errors)


def _joblib(workers, evaluator, chunks, todo, outcomes, seeding, errors):
    """``seeding``: (seed, replicates, common) of :func:`run_chunk`."""
    if workers == 1:  # in this process: no pool to start, same results
        for i in todo:
            yield i, run_chunk(evaluator, chunks[i], outcomes, *seeding)
        return
    from joblib import Parallel, delayed

    def task(i):
        return i, run_chunk(evaluator, chunks[i], outcomes, *seeding)

    results = Parallel(n_jobs=workers, return_as="generator_unordered")(delayed(task)(i) for i in todo)
    try:
        yield from results
    except Exception as err:  # a worker died: what came back is written; resume later
        errors.append(one_line(err))


def _submitit(ex, evaluator, chunks, todo, outcomes, seeding, out_dir, errors):
    import submitit

    executor = submitit.AutoExecutor(folder=str(Path(out_dir) / "submitit"), cluster=ex.launcher)
    executor.update_parameters(**submitit_parameters(dict(ex.launcher_params), ex.launcher))
    jobs = executor.map_array(run_chunk, [evaluator] * len(todo), [chunks[i] for i in todo],
                              [outcomes] * len(todo), *([x] * len(todo) for x in seeding))
    index = {job.job_id: i for job, i in zip(jobs, todo)}
    for job in submitit.helpers.as_completed(jobs, poll_frequency=1):
        try:
            yield index[job.job_id], job.result()
        except Exception as err:  # the job itself failed (not one of its points)
            errors.append(f"chunk {index[job.job_id]}: {one_line(err)}")


# the launcher settings submitit takes without a cluster prefix (hydra-submitit-launcher's rule)
_COMMON = ("timeout_min", "cpus_per_task", "mem_gb", "nodes", "tasks_per_node", "gpus_per_node", "name",
           "stderr_to_stdout")


def submitit_parameters(params: dict, cluster: str) -> dict:
    """hydra-submitit-launcher's settings (configs/hydra/launcher/*.yaml) as submitit parameters."""
    out = {}
    for key, value in params.items():
        if key.startswith("_") or key in ("submitit_folder", "max_num_timeout") or value is None:
            continue
        if cluster == "local" and key not in _COMMON:
            continue
        out[key if key in _COMMON else f"{cluster}_{key}"] = value
    return out


__all__ = ["run_design", "run_chunk", "collect", "point_seeds", "Execution", "RunStats", "LAUNCHERS",
           "submitit_parameters", "chunk_path", "workers_for"]
