"""Figures of one run: mean over replicates with a 95% band, programme start marked.

Sized and lettered for slides (16:9, large fonts). The panels are the metrics the registry
shows in the ``run_plot`` view (:func:`cxsim.metrics.metrics_in`), labelled from their title
and unit."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from scipy import stats as _st  # noqa: E402

from .metrics import Metric, metrics_in  # noqa: E402
from .outputs import OVERVIEW_FILE, atomic_write  # noqa: E402


def axis_label(metric: Metric) -> str:
    """``Title (unit)``; a metric on [0, 1] shows its range instead of a unit like "share"."""
    if (metric.lo, metric.hi) == (0, 1):
        return f"{metric.title} (0–1)"
    return f"{metric.title} ({metric.unit})"


# (column, axis label) of every panel of a run's overview
MAIN_SERIES = tuple((m.name, axis_label(m)) for m in metrics_in("run_plot"))


def band(ts: pd.DataFrame, metric: str):
    """Weekly mean and 95% t-interval over replicates."""
    g = ts.groupby("week")[metric]
    mean = g.mean()
    n = g.count()
    sd = g.std(ddof=1).fillna(0.0)
    t = _st.t.ppf(0.975, np.maximum(n - 1, 1))
    half = np.where(n > 1, t * sd / np.sqrt(n), 0.0)
    return mean.index.to_numpy(), mean.to_numpy(), mean.to_numpy() - half, mean.to_numpy() + half


def save_figure(fig, path: Path, tight: bool = False) -> Path:
    """Write ``fig`` to ``path`` atomically and close it. ``tight`` grows the canvas to fit
    artists outside the axes (a legend beside the plot) at the cost of drawing the figure
    twice; the run overview does not need it."""
    try:
        return atomic_write(path, lambda tmp: fig.savefig(tmp, dpi=110, bbox_inches="tight" if tight else None))
    finally:
        plt.close(fig)


def plot_run(ts: pd.DataFrame, out_dir, start_week: int | None = None) -> list[Path]:
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    rows = -(-len(MAIN_SERIES) // 4)  # four panels a row (two rows for today's eight)
    fig, axes = plt.subplots(rows, 4, figsize=(16, 3.5 * rows), sharex=True, squeeze=False)
    for ax, (metric, label) in zip(axes.flat, MAIN_SERIES):
        weeks, mean, lo, hi = band(ts, metric)
        ax.plot(weeks, mean, color="#1f5fa8", lw=2)
        ax.fill_between(weeks, lo, hi, color="#1f5fa8", alpha=0.25, lw=0)
        if start_week is not None:
            ax.axvline(start_week, color="#c0392b", ls="--", lw=1.2)
        ax.set_title(label, fontsize=12)
        ax.grid(alpha=0.3)
    for ax in axes.flat[len(MAIN_SERIES):]:
        ax.set_visible(False)
    for ax in axes.flat[-4:]:
        ax.set_xlabel("week")
    n_rep = ts["replicate"].nunique()
    fig.suptitle(f"cxsim run: mean and 95% interval over {n_rep} replicate(s); dashed line = programme start", fontsize=13)
    # fixed margins: tight_layout would measure every tick label first (most of the figure's cost)
    fig.subplots_adjust(left=0.045, right=0.99, bottom=0.08, top=0.88, wspace=0.22, hspace=0.22)
    return [save_figure(fig, out / OVERVIEW_FILE)]
