"""Figures of one run: mean over replicates with a 95% band, programme start marked.

Sized and lettered for slides (16:9, large fonts)."""

from __future__ import annotations

import os
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from scipy import stats as _st  # noqa: E402

MAIN_SERIES = (
    ("nps", "NPS (points)"),
    ("satisfaction", "Satisfaction (0–1)"),
    ("customer_friction", "Customer friction (incidents / 100 journeys)"),
    ("internal_friction", "Internal friction (0–1)"),
    ("employee_knowledge", "Employee knowledge (0–1)"),
    ("resistance", "Resistance (0–1)"),
    ("political_capital", "Leader political capital"),
    ("sponsorship", "Executive sponsorship"),
)


def band(ts: pd.DataFrame, metric: str):
    """Weekly mean and 95% t-interval over replicates."""
    g = ts.groupby("week")[metric]
    mean = g.mean()
    n = g.count()
    sd = g.std(ddof=1).fillna(0.0)
    t = _st.t.ppf(0.975, np.maximum(n - 1, 1))
    half = np.where(n > 1, t * sd / np.sqrt(n), 0.0)
    return mean.index.to_numpy(), mean.to_numpy(), mean.to_numpy() - half, mean.to_numpy() + half


def _save(fig, path: Path, tight: bool = False) -> None:
    """Write atomically. ``tight`` grows the canvas to fit artists outside the axes (a legend
    beside the plot) at the cost of drawing the figure twice; the run overview does not need it."""
    tmp = path.with_name(f".{path.stem}.tmp{path.suffix}")
    fig.savefig(tmp, dpi=110, bbox_inches="tight" if tight else None)
    os.replace(tmp, path)
    plt.close(fig)


def plot_run(ts: pd.DataFrame, out_dir, start_week: int | None = None) -> list[Path]:
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    fig, axes = plt.subplots(2, 4, figsize=(16, 7), sharex=True)
    for ax, (metric, label) in zip(axes.flat, MAIN_SERIES):
        weeks, mean, lo, hi = band(ts, metric)
        ax.plot(weeks, mean, color="#1f5fa8", lw=2)
        ax.fill_between(weeks, lo, hi, color="#1f5fa8", alpha=0.25, lw=0)
        if start_week is not None:
            ax.axvline(start_week, color="#c0392b", ls="--", lw=1.2)
        ax.set_title(label, fontsize=12)
        ax.grid(alpha=0.3)
    for ax in axes[-1]:
        ax.set_xlabel("week")
    n_rep = ts["replicate"].nunique()
    fig.suptitle(f"cxsim run: mean and 95% interval over {n_rep} replicate(s); dashed line = programme start", fontsize=13)
    # fixed margins: tight_layout would measure every tick label first (most of the figure's cost)
    fig.subplots_adjust(left=0.045, right=0.99, bottom=0.08, top=0.88, wspace=0.22, hspace=0.22)
    path = out / "overview.png"
    _save(fig, path)
    paths.append(path)
    return paths
