"""Debrief: was the room's run typical? N replicates of a scenario, run in the background.

A :class:`DebriefJob` runs the replicates of each scenario in a thread of its own, one after
the other, with :func:`cxsim.runner.run_replicate` and the replicate seeds of
:func:`cxsim.runner.replicate_seeds` (the seeds ``python -m cxsim … replicates=N`` uses), and
reports its progress. :func:`bands` turns the weekly series into, for each browser KPI, the mean
over replicates and the band where 95% of runs fall (a Student-t prediction interval,
mean ± t₀.₉₇₅,ₙ₋₁ · sd · √(1 + 1/n), clipped to the metric's range); :func:`typical_rows` sets the room's run against them.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats as st

from ..metrics import BY_NAME, names_in
from ..runner import replicate_seeds, run_replicate
from ..stats import mean_ci

REPLICATE_CHOICES = (5, 10, 20, 50)


@dataclass(frozen=True)
class Bands:
    label: str
    weeks: np.ndarray
    mean: dict  # metric → (weeks,)
    lo: dict  # lower edge of the band where 95% of runs fall
    hi: dict
    n: int
    timeseries: pd.DataFrame  # every replicate, one row per week and replicate


def bands(label: str, ts: pd.DataFrame, names=None) -> Bands:
    """Mean and 95% prediction band per week of each metric over the replicates in ``ts``."""
    names = tuple(names or names_in("browser"))
    grouped = ts.groupby("week")[list(names)]
    mean, sd, n = grouped.mean(), grouped.std(ddof=1).fillna(0.0), int(ts["replicate"].nunique())
    half = float(st.t.ppf(0.975, n - 1)) * np.sqrt(1.0 + 1.0 / n) if n > 1 else 0.0
    weeks = mean.index.to_numpy(dtype=float)
    lo = {k: np.clip((mean[k] - half * sd[k]).to_numpy(), BY_NAME[k].lo, BY_NAME[k].hi) for k in names}  # within the metric's range
    hi = {k: np.clip((mean[k] + half * sd[k]).to_numpy(), BY_NAME[k].lo, BY_NAME[k].hi) for k in names}
    return Bands(label, weeks, {k: mean[k].to_numpy() for k in names}, lo, hi, n, ts)


def typical_rows(band: Bands, room: dict, week: int) -> list[dict]:
    """For each KPI at ``week``: the room's value, the replicates' mean with its 95% interval,
    the band where 95% of runs fall, and whether the room's run is inside it."""
    ts = band.timeseries
    at = ts[ts["week"] == week]
    rows = []
    for name in band.mean:
        if at.empty or name not in room:
            continue
        m, lo, hi = mean_ci(at[name].to_numpy())
        k = int(np.searchsorted(band.weeks, week))
        value = float(room[name])
        rows.append({"metric": name, "room": value, "mean": m, "mean_lo": lo, "mean_hi": hi,
                     "band_lo": float(band.lo[name][k]), "band_hi": float(band.hi[name][k]),
                     "typical": bool(band.lo[name][k] <= value <= band.hi[name][k])})
    return rows


class DebriefJob:
    """Replicates of several scenarios, in a background thread, with progress and cancel.

    ``scenarios``: (label, config) pairs; ``on_progress(done, total)`` after each replicate;
    ``on_done(list of Bands)`` at the end (not called when cancelled)."""

    def __init__(self, scenarios, replicates: int, on_progress, on_done):
        self.scenarios, self.replicates = list(scenarios), int(replicates)
        self.on_progress, self.on_done = on_progress, on_done
        self.cancelled = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True, name="cxsim-debrief")

    @property
    def total(self) -> int:
        return self.replicates * len(self.scenarios)

    def start(self) -> "DebriefJob":
        self.thread.start()
        return self

    def cancel(self) -> None:
        self.cancelled.set()

    def run(self) -> None:
        done, out = 0, []
        self.on_progress(0, self.total)
        for label, cfg in self.scenarios:
            frames = []
            for r, seed in enumerate(replicate_seeds(cfg.seed, self.replicates)):
                if self.cancelled.is_set():
                    return
                frames.append(run_replicate(cfg, seed, r))
                done += 1
                self.on_progress(done, self.total)
            ts = pd.concat(frames, ignore_index=True)
            out.append(bands(label, ts))
        if not self.cancelled.is_set():
            self.on_done(out)
