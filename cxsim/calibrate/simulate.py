"""Run the model at given parameter values and read the figures a company would see.

:class:`Simulator` is a small picklable object (a config, the metrics to record, the horizon),
so pyabc's worker processes, a process pool and a dask cluster can all call it. Each run gets
its own numpy Generator from the seed it is given (``np.random.default_rng(seed)``).
"""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field

import numpy as np

from ..config import CXConfig
from .observe import SERIES, block_means, period_values
from .prior import configure


@dataclass(frozen=True)
class Simulator:
    config: CXConfig  # the company during the data (scenario + history), free parameters unset
    metrics: tuple  # model metrics to record each week
    weeks: int  # weeks to simulate
    settings: dict = field(default_factory=dict)  # other run settings (leader.start_week, …)

    def weekly(self, values: dict, seed) -> dict[str, np.ndarray]:
        """Weekly metric arrays (index = week; 0 is the state before the first step)."""
        from ..model import CXModel

        cfg = configure(self.config, values, steps=self.weeks, **self.settings)
        model = CXModel(cfg, rng=np.random.default_rng(seed))
        out = {m: np.empty(self.weeks + 1) for m in self.metrics}
        for week in range(self.weeks + 1):
            if week:
                model.step()
            for m in self.metrics:
                out[m][week] = model.metrics[m]
        return out

    def __call__(self, job) -> dict[str, np.ndarray]:
        """``weekly`` of one ``(values, seed)`` job (what process pools map over)."""
        return self.weekly(*job)


def for_columns(config: CXConfig, columns, weeks: int, **settings) -> Simulator:
    return Simulator(config, tuple(sorted({SERIES[c].metric for c in columns})), int(weeks), dict(settings))


@dataclass(frozen=True)
class PeriodRun:
    """One run's figures per period of the observed data (what the fit and the pilot compare)."""

    simulator: Simulator
    starts: np.ndarray
    ends: np.ndarray
    columns: tuple

    def __call__(self, job) -> dict[str, np.ndarray]:
        values, seed = job
        return period_values(self.simulator.weekly(values, seed), self.starts, self.ends, self.columns)


@dataclass(frozen=True)
class AbcModel:
    """pyabc's model: parameters → block means of the period figures. The seed is drawn from
    numpy's global state, which pyabc seeds in each of its workers."""

    run: PeriodRun
    groups: tuple

    def __call__(self, par) -> dict[str, np.ndarray]:
        seed = int(np.random.randint(0, 2**31 - 1))
        return block_means(self.run((dict(par), seed)), list(self.groups))


def processes(requested=None) -> int:
    """Worker processes: as requested, else every core this process may use."""
    if requested:
        return int(requested)
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def run_many(fn, jobs: list, n_procs: int = 1, progress: bool = False, desc: str = "runs") -> list:
    """``[fn(job) for job in jobs]`` on ``n_procs`` processes, in order, with a bar and an ETA."""
    from tqdm.auto import tqdm

    bar = tqdm(total=len(jobs), desc=desc, unit="run", disable=not progress, leave=False)
    try:
        if n_procs <= 1 or len(jobs) <= 1:
            out = []
            for job in jobs:
                out.append(fn(job))
                bar.update(1)
            return out
        with ProcessPoolExecutor(max_workers=min(n_procs, len(jobs))) as pool:
            futures = [pool.submit(fn, job) for job in jobs]
            for fut in futures:
                fut.add_done_callback(lambda _f: bar.update(1))
            return [fut.result() for fut in futures]
    finally:
        bar.close()


__all__ = ["Simulator", "for_columns", "PeriodRun", "AbcModel", "processes", "run_many"]
