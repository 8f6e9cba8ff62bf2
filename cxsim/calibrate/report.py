"""What a calibration writes: the posterior's plots and the report a consultant reads.

``plots/pairs.png`` (pyabc's KDE matrix of the posterior), ``plots/predictive.png`` (each
observed series against its posterior-predictive 90% band), ``plots/projection.png`` (NPS of
each projected scenario, median and 90% band), and ``report.md``.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from ..outputs import atomic_write  # noqa: E402
from .observe import SERIES  # noqa: E402
from .predict import bands  # noqa: E402


def pairs_plot(posterior, free, path: Path, truth: dict | None = None) -> Path:
    from pyabc.visualization import plot_kde_matrix

    keys = [p.key for p in free]
    n = len(keys)
    fig, axes = plt.subplots(n, n, figsize=(3.2 * n, 3.2 * n), squeeze=False)
    plot_kde_matrix(posterior[keys], posterior["weight"].to_numpy(), limits={p.key: (p.lo, p.hi) for p in free},
                    refval=truth, arr_ax=axes, colorbar=False)
    fig.suptitle("Posterior of the free parameters (axes span the prior)" + (" — orange: the truth" if truth else ""))
    fig.tight_layout()
    return _save(fig, path)


def predictive_plot(obs, latent, noisy, path: Path) -> Path:
    cols = obs.columns
    fig, axes = plt.subplots(len(cols), 1, figsize=(11, 3.4 * len(cols)), squeeze=False)
    x = np.arange(len(obs.labels))
    for ax, col in zip(axes[:, 0], cols):
        q = bands(noisy, col)
        ql = bands(latent, col)
        ax.fill_between(x, q[0], q[2], color="C0", alpha=0.2, label="90% band of what the company would measure")
        ax.plot(x, ql[1], color="C0", label="model, median (before measurement noise)")
        ax.plot(x, obs.series[col], "o", color="k", ms=4, label="observed")
        ax.set_ylabel(f"{col}\n({SERIES[col].unit})")
        step = max(1, len(x) // 12)
        ax.set_xticks(x[::step], [obs.labels[i] for i in x[::step]], rotation=30, fontsize=8)
    axes[0, 0].legend(fontsize=8, loc="best")
    axes[0, 0].set_title("Posterior predictive check: observed figures against the calibrated model")
    fig.tight_layout()
    return _save(fig, path)


def projection_plot(runs: dict, obs, start_week: int, path: Path) -> Path:
    fig, ax = plt.subplots(figsize=(11, 4.5))
    for i, (name, metrics) in enumerate(runs.items()):
        nps = metrics["nps"]
        weeks = np.arange(nps.shape[1])
        q = np.quantile(nps, [0.05, 0.5, 0.95], axis=0)
        ax.fill_between(weeks, q[0], q[2], color=f"C{i}", alpha=0.15)
        ax.plot(weeks, q[1], color=f"C{i}", label=f"{name} (median, 90% band)")
    if "nps" in obs.series:
        ax.plot(obs.ends, obs.series["nps"], "o", color="k", ms=3, label="observed NPS")
    ax.axvline(start_week, color="grey", ls="--", lw=1)
    ax.text(start_week, ax.get_ylim()[1], " now: the programme starts", va="top", fontsize=8, color="grey")
    ax.set_xlabel("week")
    ax.set_ylabel("NPS (rolling 13 weeks)")
    ax.legend(fontsize=8, loc="best")
    fig.tight_layout()
    return _save(fig, path)


def _save(fig, path: Path) -> Path:
    try:
        return atomic_write(path, lambda tmp: fig.savefig(tmp, dpi=110))
    finally:
        plt.close(fig)


def _md_table(df, floatfmt: str = ".4g") -> str:
    cols = list(df.columns)
    lines = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    for row in df.itertuples(index=False):
        lines.append("| " + " | ".join(format(v, floatfmt) if isinstance(v, float) else str(v) for v in row) + " |")
    return "\n".join(lines)


def markdown(summary: dict, table, fit: dict | None, projection, preset: dict) -> str:
    """report.md: the data, the fit, the posterior, the check, the projections, the preset."""
    s = summary
    out = [f"# Calibration of `{s['data']}`", "",
           f"{s['periods']} {s['period']}s ({s['first']} … {s['last']}, {s['weeks']} model weeks); observed: "
           f"{', '.join(s['columns'])}. Company: `{' '.join(s['scenario']) or 'defaults'}`; during the data: "
           f"`{' '.join(s['history']) or 'defaults'}`. Every simulation ran in for {s['run_in']['burn_in_weeks']} weeks "
           f"(the customers for the last {s['run_in']['customer_burn_in_weeks']}) before the data's first week.", "",
           "## ABC-SMC", "",
           f"{s['abc']['generations']} generations of {s['population']} particles, {s['abc']['simulations']} model runs"
           f"{' (continued from a stored history)' if s['abc']['resumed'] else ''}; acceptance per generation: "
           f"{', '.join(f'{a:.0%}' for a in s['abc']['acceptance'])}; final temperature {s['abc']['temperature']:.3g}.", ""]
    if s["abc"]["temperature"] > 1.0 + 1e-9:
        out += ["**The run stopped before temperature 1** (budget.max_simulations): the posterior is tempered, "
                "its intervals wider than the data warrant. Continue it with a larger budget on the same directory.", ""]
    out += ["## Posterior (median and 90% credible interval)", "", _md_table(table), "",
            "`width_share`: the interval's width as a share of the prior's. ![pairs](plots/pairs.png)", ""]
    if fit:
        out += ["## Goodness of fit (posterior-predictive p-values)", ""]
        out += [f"**Warning: {fit['warning']}**" if fit["warning"] else
                f"No warning: every p-value is above {fit['threshold']:.3g} (fit_alpha {fit['alpha']} over "
                f"{len(fit['checks'])} checks, {fit['runs']} predictive runs).", ""]
        out += ["| check | statistic | p |", "|---|---|---|"]
        out += [f"| {k} | {v['statistic']:.4g} | {v['p']:.3g} |" for k, v in fit["checks"].items()]
        out += ["", "![predictive](plots/predictive.png)", ""]
    if projection is not None:
        out += [f"## Projections ({s['horizon_weeks']} weeks after the end of the data)", "",
                "Medians and 90% bands over posterior draws, each with its own seed; differences are paired "
                "(same draw and seed in every scenario).", "", _md_table(projection, ".3g"), "",
                "![projection](plots/projection.png)", ""]
    where = (f"installed as `{preset['installed']}`" if preset.get("installed")
             else "copy it into configs/company/ (or calibrate with install=true)")
    out += ["## The calibrated company", "", f"`{preset['path']}`; {where}; then `python -m cxsim company={preset['name']}`.", ""]
    return "\n".join(out)


__all__ = ["pairs_plot", "predictive_plot", "projection_plot", "markdown"]
