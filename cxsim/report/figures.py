"""The report's figures: each scenario's weekly mean and 95% band per main metric, and
heatmaps when exactly two numeric parameters are swept.

* ``compare_<metric>.png`` for every metric of the ``run_plot`` view (the panels of a run's
  overview), with the programme start (``leader.start_week``) marked;
* ``heatmap.png`` (``heatmap_<n>.png``, one per combination of any other swept parameter) of the
  metrics of the ``heatmap`` view.
"""

from __future__ import annotations

import math
from pathlib import Path

from ..metrics import WINDOW, metrics_in
from .formatting import number
from .sweep import Job, Sweep


def _colors(n: int):
    import matplotlib.pyplot as plt

    cmap = plt.get_cmap("tab10" if n <= 10 else "tab20")
    return [cmap(i % cmap.N) for i in range(n)]


def _start_weeks(jobs: list[Job]) -> list[int]:
    weeks = set()
    for job in jobs:
        leader = job.config.get("leader", {}) or {}
        if leader.get("enabled", True) and leader.get("start_week") is not None:
            weeks.add(int(leader["start_week"]))
    return sorted(weeks)


def comparison_plots(sweep: Sweep, runs, out: Path) -> list[Path]:
    import matplotlib.pyplot as plt
    import numpy as np

    from ..metrics import METRICS
    from ..plots import MAIN_SERIES, band, save_figure

    ranges = {m.name: (m.lo, m.hi) for m in METRICS}

    if runs.empty:
        return []
    scenarios = list(dict.fromkeys(runs["scenario"]))
    colors = _colors(len(scenarios))
    starts = _start_weeks(sweep.complete)
    reps = runs.groupby("scenario")[["job", "replicate"]].apply(lambda d: len(d.drop_duplicates()))
    paths = []
    for metric, label in MAIN_SERIES:
        if metric not in runs.columns:
            continue
        fig, ax = plt.subplots(figsize=(11, 5.5))
        for scen, color in zip(scenarios, colors):
            weeks, mean, lo, hi = band(runs[runs["scenario"] == scen], metric)
            lo, hi = np.clip(lo, *ranges.get(metric, (-np.inf, np.inf))), np.clip(hi, *ranges.get(metric, (-np.inf, np.inf)))
            ax.plot(weeks, mean, color=color, lw=2, label=f"{scen} (n={reps[scen]})")
            ax.fill_between(weeks, lo, hi, color=color, alpha=0.18, lw=0)
        for i, week in enumerate(starts):
            ax.axvline(week, color="#c0392b", ls="--", lw=1.2, label="programme start" if i == 0 else None)
        ax.set_xlabel("week")
        ax.set_ylabel(label)
        ax.set_title(f"{label}: mean and 95% interval over replicates, per scenario", fontsize=12)
        ax.grid(alpha=0.3)
        ax.legend(fontsize=9, loc="center left", bbox_to_anchor=(1.01, 0.5), frameon=False)
        # the legend sits outside the axes: a tight bounding box keeps it
        paths.append(save_figure(fig, out / f"compare_{metric}.png", tight=True))
    return paths


def _is_number(x) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x)


def numeric_swept(sweep: Sweep) -> list[str]:
    keys = []
    for k in sweep.scenario_keys:
        values = [j.value(k) for j in sweep.jobs if k in j.params]
        if values and all(_is_number(v) for v in values):
            keys.append(k)
    return keys


def heatmaps(sweep: Sweep, summary, out: Path) -> list[Path]:
    """When exactly two numeric parameters are swept: a heatmap of the main metrics' means."""
    import matplotlib.pyplot as plt
    import numpy as np

    from ..plots import save_figure

    numeric = numeric_swept(sweep)
    if len(numeric) != 2 or summary.empty:
        return []
    xk, yk = numeric
    others = [k for k in sweep.scenario_keys if k not in numeric]
    groups = list(summary.groupby(others, sort=False)) if others else [((), summary)]
    paths = []
    for n, (values, part) in enumerate(groups):
        values = values if isinstance(values, tuple) else (values,)
        xs = sorted(part[xk].unique())
        ys = sorted(part[yk].unique())
        metrics = [(m.name, m.title) for m in metrics_in("heatmap") if f"{m.name}_mean" in part.columns]
        fig, axes = plt.subplots(1, len(metrics), figsize=(5.2 * len(metrics), 4.4), squeeze=False)
        for ax, (metric, label) in zip(axes[0], metrics):
            grid = np.full((len(ys), len(xs)), np.nan)
            for _, row in part.iterrows():
                grid[ys.index(row[yk]), xs.index(row[xk])] = row[f"{metric}_mean"]
            im = ax.imshow(grid, origin="lower", aspect="auto", cmap="viridis")
            for (i, j), v in np.ndenumerate(grid):
                if np.isfinite(v):
                    ax.text(j, i, number(v), ha="center", va="center", color="white", fontsize=9,
                            bbox={"facecolor": "black", "alpha": 0.25, "lw": 0, "pad": 1})
            ax.set_xticks(range(len(xs)), [f"{x:g}" for x in xs])
            ax.set_yticks(range(len(ys)), [f"{y:g}" for y in ys])
            ax.set_xlabel(xk)
            ax.set_ylabel(yk)
            ax.set_title(f"{label} (mean, last {WINDOW} weeks)", fontsize=11)
            fig.colorbar(im, ax=ax, shrink=0.85)
        title = " ".join(f"{k}={v}" for k, v in zip(others, values))
        if title:
            fig.suptitle(title, fontsize=12)
        fig.tight_layout()
        paths.append(save_figure(fig, out / ("heatmap.png" if len(groups) == 1 else f"heatmap_{n}.png"), tight=True))
    return paths


__all__ = ["comparison_plots", "heatmaps", "numeric_swept"]
