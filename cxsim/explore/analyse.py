"""Sensitivity indices of each outcome, and how much of its spread is replicate noise.

The response at a design point is the mean over its R replicates. Its **noise share** is the
mean over points of the squared standard error of that mean (sd² / R) over the variance of the
responses across points: 0 means every difference between points is the assumptions' doing;
near 1 the design cannot tell sensitivity from noise (add replicates).

* Morris (SALib): μ* (mean absolute elementary effect, with its bootstrap 95% interval), μ and
  σ (interactions or non-linearity), per factor.
* Sobol (SALib, Saltelli/Jansen estimators, no second order): first-order S1 and total ST,
  each with its bootstrap 95% interval.
* Latin hypercube: Spearman rank correlation of each factor with the response, with a 95%
  interval (Fisher z) — a screening for designs that were not drawn for Morris or Sobol.

SALib's estimators need whole Morris trajectories and whole Sobol blocks: a unit with a failed
point is left out, and the number left out is reported.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from scipy import stats

from .design import complete_units
from .space import Factor, salib_problem

LEVEL = 0.95


def noise_share(table: pd.DataFrame, outcome: str) -> float:
    """Mean sd²/R over points divided by the variance of the responses across points."""
    mean, sd, n = (table[c].to_numpy(float) for c in (outcome, f"{outcome}__sd", f"{outcome}__n"))
    ok = np.isfinite(mean)
    if ok.sum() < 2:
        return math.nan
    sem2 = np.where(n[ok] > 1, np.nan_to_num(sd[ok]) ** 2 / np.maximum(n[ok], 1), np.nan)
    noise = float(np.nanmean(sem2)) if np.isfinite(sem2).any() else math.nan
    total = float(np.var(mean[ok], ddof=1))
    if total == 0.0:
        return 0.0 if noise == 0.0 else math.inf
    return noise / total


def summarise(table: pd.DataFrame, outcomes: list[str]) -> pd.DataFrame:
    """Per outcome: points with a value, mean, sd and range across points, noise share."""
    rows = []
    for o in outcomes:
        y = table[o].to_numpy(float)
        ok = y[np.isfinite(y)]
        rows.append({"outcome": o, "points": int(ok.size), "mean": float(ok.mean()) if ok.size else math.nan,
                     "sd": float(ok.std(ddof=1)) if ok.size > 1 else math.nan,
                     "min": float(ok.min()) if ok.size else math.nan, "max": float(ok.max()) if ok.size else math.nan,
                     "noise_share": noise_share(table, o)})
    return pd.DataFrame(rows)


def _usable(kind: str, factors: list[Factor], table: pd.DataFrame, outcome: str) -> tuple[np.ndarray, int]:
    y = table[outcome].to_numpy(float)
    keep = complete_units(kind, len(factors), ~np.isfinite(y))
    return keep, int((~keep).sum())


def morris(factors: list[Factor], table: pd.DataFrame, outcome: str, levels: int = 4, resamples: int = 1000,
           seed: int = 0) -> pd.DataFrame:
    from SALib.analyze import morris as salib_morris

    keep, dropped = _usable("morris", factors, table, outcome)
    names = [f.name for f in factors]
    x = table[names].to_numpy(float)[keep]
    y = table[outcome].to_numpy(float)[keep]
    if y.size == 0:
        return pd.DataFrame()
    res = salib_morris.analyze(salib_problem(factors), x, y, num_resamples=resamples, conf_level=LEVEL,
                               num_levels=levels, seed=seed)
    return pd.DataFrame({"outcome": outcome, "factor": names, "mu_star": res["mu_star"],
                         "mu_star_conf": res["mu_star_conf"], "mu": res["mu"], "sigma": res["sigma"],
                         "units_dropped": dropped // (len(factors) + 1)})


def sobol(factors: list[Factor], table: pd.DataFrame, outcome: str, resamples: int = 1000, seed: int = 0) -> pd.DataFrame:
    from SALib.analyze import sobol as salib_sobol

    keep, dropped = _usable("sobol", factors, table, outcome)
    y = table[outcome].to_numpy(float)[keep]
    names = [f.name for f in factors]
    if y.size == 0 or np.std(y) == 0:
        return pd.DataFrame()
    res = salib_sobol.analyze(salib_problem(factors), y, calc_second_order=False, num_resamples=resamples,
                              conf_level=LEVEL, seed=seed)
    return pd.DataFrame({"outcome": outcome, "factor": names, "S1": res["S1"], "S1_conf": res["S1_conf"],
                         "ST": res["ST"], "ST_conf": res["ST_conf"], "units_dropped": dropped // (len(factors) + 2)})


def rank_correlation(names: list[str], table: pd.DataFrame, outcome: str) -> pd.DataFrame:
    """Spearman ρ of each factor (by name) with ``outcome`` over the points that have it, with a
    Fisher-z 95% interval."""
    y = table[outcome].to_numpy(float)
    ok = np.isfinite(y)
    rows = []
    z = stats.norm.ppf(0.5 + LEVEL / 2)
    for name in names:
        x = table[name].to_numpy(float)[ok]
        n = int(ok.sum())
        rho = float(stats.spearmanr(x, y[ok]).statistic) if n > 2 and np.ptp(y[ok]) > 0 else math.nan
        half = z / math.sqrt(n - 3) if n > 3 else math.inf
        lo, hi = (math.tanh(math.atanh(max(-0.999999, min(0.999999, rho))) + s * half) if math.isfinite(rho) else math.nan
                  for s in (-1, 1))
        rows.append({"outcome": outcome, "factor": name, "rho": rho, "rho_lo": lo, "rho_hi": hi})
    return pd.DataFrame(rows)


def indices(kind: str, factors: list[Factor], table: pd.DataFrame, outcomes: list[str], levels: int = 4,
            resamples: int = 1000, seed: int = 0) -> pd.DataFrame:
    """The indices of every outcome for the design's kind, in one tidy table."""
    parts = []
    for o in outcomes:
        if kind == "morris":
            parts.append(morris(factors, table, o, levels, resamples, seed))
        elif kind == "sobol":
            parts.append(sobol(factors, table, o, resamples, seed))
        else:
            parts.append(rank_correlation([f.name for f in factors], table, o))
    parts = [p for p in parts if not p.empty]
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()


def importance(kind: str, idx: pd.DataFrame) -> pd.Series:
    """One score per factor over all outcomes: the largest index relative to the outcome's
    largest (Morris μ*, Sobol ST, |ρ|), so the outcomes count alike whatever their units;
    ties (a factor first for several outcomes) are ordered by the mean relative index."""
    col = {"morris": "mu_star", "sobol": "ST", "lhs": "rho"}[kind]
    if idx.empty:
        return pd.Series(dtype=float)
    value = idx[col].abs()
    top = value.groupby(idx["outcome"]).transform("max").replace(0, np.nan)
    relative = (value / top).fillna(0.0).groupby(idx["factor"])
    ranked = pd.DataFrame({"max": relative.max(), "mean": relative.mean()}).sort_values(["max", "mean"], ascending=False)
    return ranked["max"]


__all__ = ["noise_share", "summarise", "morris", "sobol", "rank_correlation", "indices", "importance", "LEVEL"]
