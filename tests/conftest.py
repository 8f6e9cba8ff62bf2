"""Shared helpers for the tests: scenario runs over replicates, cached per session."""

from __future__ import annotations

import functools

import numpy as np
import pytest

from cxsim.runner import run


@functools.lru_cache(maxsize=None)
def _replicates(overrides: tuple, replicates: int, steps: int, seed: int):
    return run(replicates=replicates, steps=steps, seed=seed, **dict(overrides)).timeseries


def scenario(replicates: int = 20, steps: int = 156, seed: int = 2024, **overrides):
    """Weekly time series of a scenario over ``replicates`` replicates (child seeds of ``seed``).

    Two scenarios run with the same ``seed`` share their replicate seeds, so replicate r of
    both starts from the same company (common random numbers); comparisons are paired.
    """
    return _replicates(tuple(sorted(overrides.items())), replicates, steps, seed)


def at_week(ts, metric: str, week: int) -> np.ndarray:
    """One value per replicate: the metric at ``week`` (rolling metrics already average 13 weeks)."""
    rows = ts[ts["week"] == week].sort_values("replicate")
    return rows[metric].to_numpy()


def last_quarter(ts, metric: str) -> np.ndarray:
    last = ts[ts["week"] > ts["week"].max() - 13]
    return last.groupby("replicate")[metric].mean().sort_index().to_numpy()


@pytest.fixture
def scen():
    return scenario
