"""After the fit: posterior-predictive bands, the goodness-of-fit check, and projections.

* **Posterior predictive.** Parameter sets drawn from the posterior (weighted resampling), each
  run with a fresh seed, then *observed* as the company observes (observe.observe: simulated
  survey answers, churners, incidents). Its 5–95% band per period is what the company's
  figures should look like if the model is right.
* **Fit check** (posterior-predictive p-values, Gelman, Meng & Stern 1996): for each series,
  (a) the chi-square distance of the figures from the predictive mean, scaled by the
  predictive variance, and (b) its largest period-to-period jump in the same units. Each
  p-value is the share of predictive runs at least as extreme as the data. The fit is
  flagged when any p-value is below ``fit_alpha`` divided by the number of p-values
  (Bonferroni), so a model that fits raises the warning with probability ≤ ``fit_alpha``.
* **Projections.** For each scenario (cxsim overrides), posterior draws are run from week 0
  with the programme starting at the end of the data (``leader.start_week`` = the data's
  weeks) and for ``horizon_weeks`` after it; every draw has its own seed, so the 90% band
  holds both the parameter and the run-to-run uncertainty. Draw i uses the same parameters
  and seed in every scenario: differences are paired. The band is not conditioned on the
  company's actual last weeks (only through the parameters).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .observe import observe
from .simulate import PeriodRun, Simulator, run_many

CHECKS_PER_SERIES = 2  # chi-square and largest jump


def required_runs(n_series: int, alpha: float) -> int:
    """Predictive runs needed for the smallest possible p-value, 1/(R+1), to pass the threshold."""
    return int(np.floor(CHECKS_PER_SERIES * n_series / alpha))


def draws(posterior: pd.DataFrame, n: int, rng: np.random.Generator) -> list[dict]:
    """``n`` parameter sets resampled from the weighted posterior."""
    params = [c for c in posterior.columns if c != "weight"]
    rows = rng.choice(len(posterior), size=n, p=posterior["weight"].to_numpy())
    return [{k: float(posterior[k].iloc[r]) for k in params} for r in rows]


def predictive(run: PeriodRun, params: list[dict], obs, obs_settings, seed: int, n_procs: int, progress: bool):
    """(latent, observed) period figures of one run per parameter set."""
    seeds = np.random.SeedSequence([seed, 21]).spawn(len(params))
    latent = run_many(run, list(zip(params, seeds)), n_procs, progress, "posterior predictive")
    rng = np.random.default_rng(np.random.SeedSequence([seed, 22]))
    return latent, [observe(x, obs.counts, obs_settings, rng) for x in latent]


def bands(runs: list[dict], col: str, qs=(0.05, 0.5, 0.95)) -> np.ndarray:
    """(len(qs), periods) quantiles over runs."""
    return np.quantile(np.stack([r[col] for r in runs]), qs, axis=0)


def _chi2(x: np.ndarray, mean: np.ndarray, var: np.ndarray) -> np.ndarray:
    return np.sum((x - mean) ** 2 / var, axis=-1)


def _jump(x: np.ndarray, var: np.ndarray) -> np.ndarray:
    return np.max(np.abs(np.diff(x, axis=-1)) / np.sqrt(var[1:] + var[:-1]), axis=-1)


def fit_check(obs, noisy: list[dict], alpha: float) -> dict:
    """Posterior-predictive p-values per series and whether the fit is flagged."""
    checks = {}
    for col in obs.columns:
        reps = np.stack([r[col] for r in noisy])
        mean = reps.mean(axis=0)
        var = np.maximum(reps.var(axis=0, ddof=1), 1e-12)
        y = obs.series[col]
        for name, stat in (("chi2", lambda x: _chi2(x, mean, var)), ("jump", lambda x: _jump(x, var))):
            observed, replicated = float(stat(y)), stat(reps)
            checks[f"{col}:{name}"] = {"statistic": observed, "p": float((1 + np.sum(replicated >= observed)) / (1 + len(reps)))}
    threshold = alpha / len(checks)
    failed = sorted(k for k, v in checks.items() if v["p"] < threshold)
    warning = ""
    if failed:
        worst = min(failed, key=lambda k: checks[k]["p"])
        warning = (f"the model cannot reproduce the data: {', '.join(failed)} "
                   f"(smallest p = {checks[worst]['p']:.3g} < {threshold:.3g}); treat the posterior and projections with caution")
    return {"checks": checks, "threshold": threshold, "alpha": alpha, "runs": len(noisy), "warning": warning}


def project(simulators: dict[str, Simulator], params: list[dict], seed: int, n_procs: int, progress: bool) -> dict[str, np.ndarray]:
    """Weekly NPS and churn of each scenario: scenario → {metric: (draws, weeks + 1)}."""
    seeds = np.random.SeedSequence([seed, 31]).spawn(len(params))
    out = {}
    for name, sim in simulators.items():
        runs = run_many(sim, list(zip(params, seeds)), n_procs, progress, f"projection: {name}")
        out[name] = {m: np.stack([r[m] for r in runs]) for m in sim.metrics}
    return out


def annual_churn(weekly_churn: np.ndarray) -> np.ndarray:
    """Share of customers lost over the last 52 weeks, per run."""
    return 1.0 - np.exp(np.sum(np.log1p(-np.clip(weekly_churn[:, -52:], 0, 1 - 1e-12)), axis=1))


def projection_table(runs: dict, start_week: int, horizon: int) -> pd.DataFrame:
    """NPS at the horizon and churn over its last year: median and 90% band per scenario, and
    the paired difference from the first scenario."""
    rows = []
    names = list(runs)
    end = start_week + horizon
    for name in names:
        nps = runs[name]["nps"][:, end]
        churn = annual_churn(runs[name]["churn_rate"][:, : end + 1])
        row = {"scenario": name, "week": end}
        row.update(_q("nps", nps))
        row.update(_q("annual_churn", churn))
        row.update(_q("nps_vs_" + names[0], nps - runs[names[0]]["nps"][:, end]))
        rows.append(row)
    return pd.DataFrame(rows)


def _q(label: str, x: np.ndarray) -> dict:
    q05, q50, q95 = np.quantile(x, [0.05, 0.5, 0.95])
    return {f"{label}_median": q50, f"{label}_q05": q05, f"{label}_q95": q95}


__all__ = ["required_runs", "draws", "predictive", "bands", "fit_check", "project", "annual_churn",
           "projection_table", "CHECKS_PER_SERIES"]
