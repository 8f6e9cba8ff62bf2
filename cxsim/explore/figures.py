"""Figures of an exploration: Morris μ*–σ, Sobol bars, rank correlations, PRIM, robustness.

Each function draws one PNG with matplotlib (Agg) and returns its path; one panel per outcome.
"""

from __future__ import annotations

import math
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from .discover import Box  # noqa: E402

LABELS = 4  # factors named in each Morris panel


def _short(name: str) -> str:
    return name.split(".", 1)[-1]


def _panels(n: int, width: float = 4.2, height: float = 3.4):
    cols = min(3, n)
    rows = math.ceil(n / cols)
    fig, axes = plt.subplots(rows, cols, figsize=(width * cols, height * rows), squeeze=False)
    for ax in axes.flat[n:]:
        ax.set_visible(False)
    return fig, list(axes.flat[:n])


def _save(fig, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def morris_plot(idx: pd.DataFrame, path: Path) -> Path:
    """μ* (with its 95% interval) against σ, one panel per outcome; the top factors named."""
    outcomes = list(dict.fromkeys(idx["outcome"]))
    fig, axes = _panels(len(outcomes))
    for ax, o in zip(axes, outcomes):
        d = idx[idx["outcome"] == o]
        ax.errorbar(d["mu_star"], d["sigma"], xerr=d["mu_star_conf"], fmt="o", ms=4, alpha=0.75, lw=0.8)
        top = max(float(d["mu_star"].max()), float(d["sigma"].max()), 1e-12)
        ax.plot([0, top], [0, top], ls="--", lw=0.8, color="grey", label="σ = μ*")
        for r in d.nlargest(LABELS, "mu_star").itertuples():
            ax.annotate(_short(r.factor), (r.mu_star, r.sigma), fontsize=7, xytext=(3, 3), textcoords="offset points")
        ax.set(title=o, xlabel="μ* (mean |elementary effect|)", ylabel="σ")
        ax.legend(fontsize=7, loc="upper left")
    return _save(fig, path)


def _ranked(idx: pd.DataFrame, score: str, top: int):
    """A figure with one panel per outcome, and each panel's top factors by ``score`` (best on top)."""
    outcomes = list(dict.fromkeys(idx["outcome"]))
    fig, axes = _panels(len(outcomes), height=0.3 * min(top, idx["factor"].nunique()) + 1.6)
    ranked = []
    for ax, o in zip(axes, outcomes):
        d = idx[idx["outcome"] == o]
        d = d.assign(score=d[score].abs()).nlargest(top, "score").iloc[::-1]
        y = np.arange(len(d))
        ax.set_yticks(y, [_short(f) for f in d["factor"]], fontsize=7)
        ax.axvline(0, color="black", lw=0.6)
        ax.set_title(o)
        ranked.append((ax, d, y))
    return fig, ranked


def sobol_plot(idx: pd.DataFrame, path: Path, top: int = 12) -> Path:
    """S1 and ST with their 95% bootstrap intervals, factors sorted by ST."""
    fig, ranked = _ranked(idx, "ST", top)
    for ax, d, y in ranked:
        ax.barh(y + 0.2, d["ST"], 0.4, xerr=d["ST_conf"], label="ST (total)", color="tab:blue", alpha=0.8)
        ax.barh(y - 0.2, d["S1"], 0.4, xerr=d["S1_conf"], label="S1 (first order)", color="tab:orange", alpha=0.8)
        ax.set_xlabel("Sobol index (95% bootstrap interval)")
        ax.legend(fontsize=7, loc="lower right")
    return _save(fig, path)


def correlation_plot(idx: pd.DataFrame, path: Path, top: int = 12) -> Path:
    """Spearman ρ of each factor with the response, with its 95% interval."""
    fig, ranked = _ranked(idx, "rho", top)
    for ax, d, y in ranked:
        err = np.vstack([d["rho"] - d["rho_lo"], d["rho_hi"] - d["rho"]])
        ax.barh(y, d["rho"], xerr=err, color=np.where(d["rho"] >= 0, "tab:blue", "tab:red"), alpha=0.8)
        ax.set(xlabel="Spearman ρ (95% interval)", xlim=(-1, 1))
    return _save(fig, path)


def prim_plot(box: Box, title: str, path: Path) -> Path:
    """PRIM's coverage–density trade-off (the chosen box circled) and the chosen box's limits."""
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 3.8))
    t = box.trajectory
    points = left.scatter(t["coverage"], t["density"], c=t["res_dim"], cmap="viridis", s=14)
    left.scatter([box.coverage], [box.density], s=90, facecolors="none", edgecolors="red",
                 label="reported box (significant restrictions)")
    fig.colorbar(points, ax=left, label="restricted factors")
    left.set(xlabel="coverage", ylabel="density", title=f"PRIM trade-off: {title}", xlim=(0, 1.02), ylim=(0, 1.02))
    left.legend(fontsize=7, loc="lower left")
    lim = box.limits
    if len(lim):
        span = (lim["full_hi"] - lim["full_lo"]).replace(0, 1)
        lo, hi = (lim["lo"] - lim["full_lo"]) / span, (lim["hi"] - lim["full_lo"]) / span
        y = np.arange(len(lim))
        right.barh(y, hi - lo, left=lo, color="tab:green", alpha=0.7)
        right.set_yticks(y, [f"{_short(r.factor)}\n[{r.lo:.3g}, {r.hi:.3g}]" for r in lim.itertuples()], fontsize=7)
    right.set(xlim=(0, 1), xlabel="share of the factor's sampled range",
              title=f"box: coverage {box.coverage:.0%}, density {box.density:.0%}")
    return _save(fig, path)


def robustness_plot(rows: pd.DataFrame, holds: float, path: Path) -> Path:
    """Sign share and significant share of each fact, with Wilson 95% intervals."""
    fig, ax = plt.subplots(figsize=(7, 0.45 * len(rows) + 1.4))
    y = np.arange(len(rows))[::-1]
    for shift, col, colour, label in ((0.18, "sign", "tab:blue", "expected sign"),
                                      (-0.18, "significant", "tab:purple", "95% interval on the expected side")):
        share = rows[f"{col}_share"].to_numpy(float)
        err = np.vstack([share - rows[f"{col}_lo"], rows[f"{col}_hi"] - share])
        ax.barh(y + shift, share, 0.36, xerr=err, color=colour, alpha=0.8, label=label)
    ax.axvline(holds, ls="--", color="grey", lw=0.8, label=f"{holds:.0%}")
    ax.set_yticks(y, rows["fact"])
    ax.set(xlim=(0, 1), xlabel="share of the assumption space (Wilson 95% interval)")
    ax.legend(fontsize=7, loc="lower right")
    return _save(fig, path)


__all__ = ["morris_plot", "sobol_plot", "correlation_plot", "prim_plot", "robustness_plot"]
