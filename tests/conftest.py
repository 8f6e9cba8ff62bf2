"""Shared helpers for the tests: scenario runs over replicates, cached per session, and paired contrasts."""

from __future__ import annotations

import functools

import numpy as np

from cxsim.cli.scenarios import compose
from cxsim.metrics import WINDOW
from cxsim.runner import run
from cxsim.stats import PairedDiff, paired_diff_ci


@functools.lru_cache(maxsize=None)
def _replicates(overrides: tuple[str, ...], replicates: int):
    return run(compose(overrides), replicates=replicates).timeseries


def _override(key: str, value) -> str:
    """``leader__budget=0.5`` as the Hydra override ``leader.budget=0.5``."""
    text = str(value).lower() if isinstance(value, bool) else str(value)
    return f"{key.replace('__', '.')}={text}"


def scenario(replicates: int = 20, steps: int = 156, seed: int = 2024, overrides=(), **params):
    """Weekly time series of a scenario over ``replicates`` replicates (child seeds of ``seed``).

    The scenario is composed from ``configs/`` (``cxsim.cli.scenarios.compose``): ``overrides``
    are Hydra overrides as on the command line (``["leader=lure", "reporting=marketing"]``),
    ``params`` single values written with double underscores (``leader__budget=0.5``). Runs are
    cached on the whole list of overrides. Two scenarios run with the same ``seed`` share their
    replicate seeds, so replicate r of both starts from the same company (common random
    numbers); comparisons are paired (:func:`contrast`).
    """
    full = (*overrides, *(_override(k, v) for k, v in params.items()), f"steps={steps}", f"seed={seed}")
    return _replicates(full, replicates)


def at_week(ts, metric: str, week: int) -> np.ndarray:
    """One value per replicate: the metric at ``week`` (rolling metrics already average WINDOW weeks)."""
    rows = ts[ts["week"] == week].sort_values("replicate")
    return rows[metric].to_numpy()


def last_quarter(ts, metric: str) -> np.ndarray:
    """One value per replicate: the metric's mean over the last WINDOW weeks."""
    last = ts[ts["week"] > ts["week"].max() - WINDOW]
    return last.groupby("replicate")[metric].mean().sort_index().to_numpy()


def window_mean(ts, metric: str, first: int, last: int) -> np.ndarray:
    """One value per replicate: the metric's mean over weeks ``first``–``last``."""
    sel = ts[(ts["week"] >= first) & (ts["week"] <= last)]
    return sel.groupby("replicate")[metric].mean().sort_index().to_numpy()


def contrast(a, b, metric: str, week: int | None = None) -> PairedDiff:
    """Paired contrast a − b of ``metric`` between two scenarios' time series, replicate by
    replicate: at ``week``, or over the last WINDOW weeks when ``week`` is None."""
    ra, rb = np.sort(a["replicate"].unique()), np.sort(b["replicate"].unique())
    assert np.array_equal(ra, rb), f"unpaired scenarios: replicates {ra} vs {rb}"
    pick = last_quarter if week is None else functools.partial(at_week, week=week)
    return paired_diff_ci(pick(a, metric), pick(b, metric))


def served_in_chromium(tmp_path_factory, launch=None):
    """Yield (headless Chromium, the URL of a page server on a free loopback port) for a module's
    browser tests, and check the server's log for tracebacks at the end. ``launch(port)`` →
    (command, environment) of another server than ``python -m cxsim.viz``'s. With ``CI=true`` a
    missing Chromium or Playwright is a failure, never a skip."""
    import os

    import pytest

    from cxsim.viz import headless as hl

    try:
        hl.chromium_path()
        hl.sync_playwright()
    except hl.Unavailable as err:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI=true and {err}")
        pytest.skip(str(err))
    log = tmp_path_factory.mktemp("server") / "server.log"
    with hl.page_server(log, launch=launch) as url, hl.chromium() as chromium:
        yield chromium, url
    text = log.read_text()
    assert "Traceback" not in text, text[-3000:]
