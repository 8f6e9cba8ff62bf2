"""Robustness of the stylised facts over a sample of the assumption space.

A fact is an outcome with an expected sign (``expect`` in its config): usually a paired
contrast between two composed scenarios. At each design point the response is the mean paired
difference over R replicates, with its Student-t 95% interval. Over the points:

* **sign share**: the share of points where the mean difference has the expected sign
  (``equivalent``: lies within ±margin);
* **significant share**: the share where the interval itself is on the expected side (the
  lower bound above 0 for ``positive``, the upper bound below 0 for ``negative``, the whole
  interval inside ±margin for ``equivalent``);
* **no difference**: the share where the mean difference is exactly 0 (with common random
  numbers, the two arms never diverged there: the mechanism the fact is about did not act).

Each share comes with its Wilson 95% interval (scipy.stats.binomtest): it estimates the share of
the *whole* space from a sample of it. A fact whose sign share is below ``holds`` (0.8) gets the
assumptions it hinges on: the assumptions its per-point contrast moves with beyond chance (a
Spearman |ρ| above the permutation quantile of the largest |ρ| among as many unrelated
assumptions over as many points, :func:`chance_rho`), and a PRIM box and CART rules describing
where it fails — exploratory: with a hundred factors and a few hundred points, a box of a dozen
points can be found by chance, so the boxes are leads, the correlations the evidence. The shares
are reported as measured; nothing here (or anywhere) tunes the model to raise them.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from .analyse import LEVEL, rank_correlation
from .discover import Box, Question, Rule, cart_rules, describe_box, prim_box
from .outcomes import Outcome


def wilson(k: int, n: int) -> tuple[float, float]:
    """Wilson 95% interval of a share k/n (nan for n = 0)."""
    if n == 0:
        return (math.nan, math.nan)
    ci = stats.binomtest(int(k), int(n)).proportion_ci(confidence_level=LEVEL, method="wilson")
    return (float(ci.low), float(ci.high))


def bounds(mean: np.ndarray, sd: np.ndarray, n: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Student-t 95% interval of each point's mean over its replicates (nan with < 2 replicates)."""
    n = np.asarray(n, float)
    t = np.where(n > 1, stats.t.ppf(0.5 + LEVEL / 2, np.maximum(n - 1, 1)), np.nan)
    half = t * sd / np.sqrt(np.maximum(n, 1))
    return mean - half, mean + half


def holds_at(o: Outcome, mean: np.ndarray, lo: np.ndarray | None = None, hi: np.ndarray | None = None):
    """Where the fact holds: by the mean (no bounds given) or by the whole interval."""
    if lo is None:
        return {"positive": mean > 0, "negative": mean < 0, "equivalent": np.abs(mean) < o.margin}[o.expect]
    return {"positive": lo > 0, "negative": hi < 0, "equivalent": (lo > -o.margin) & (hi < o.margin)}[o.expect]


@dataclass
class FactResult:
    outcome: Outcome
    points: int
    sign_share: float
    sign_ci: tuple[float, float]
    significant_share: float
    significant_ci: tuple[float, float]
    median: float
    no_difference: float = 0.0  # share of points where the mean is exactly 0 (the arms never differ)
    correlates: list | None = None  # (factor, Spearman ρ) with |ρ| above chance, strongest first
    chance: float = math.nan  # the chance level of the largest |ρ| (chance_rho)
    factors: int = 0  # assumptions the correlations were taken over
    box: Box | None = None
    rules: list[Rule] | None = None
    question: Question | None = None


def fact_results(outcomes: list[Outcome], table: pd.DataFrame, factor_names: list[str], holds: float = 0.8,
                 min_coverage: float = 0.5, max_depth: int = 3) -> list[FactResult]:
    """The robustness of every outcome that declares ``expect``, in declaration order."""
    out = []
    for o in outcomes:
        if o.expect is None:
            continue
        mean, sd, n = (table[c].to_numpy(float) for c in (o.name, f"{o.name}__sd", f"{o.name}__n"))
        ok = np.isfinite(mean)
        lo, hi = bounds(mean[ok], sd[ok], n[ok])
        by_mean = holds_at(o, mean[ok])
        by_bound = holds_at(o, mean[ok], np.nan_to_num(lo, nan=-np.inf), np.nan_to_num(hi, nan=np.inf))
        k, m = int(by_mean.sum()), int(ok.sum())
        res = FactResult(o, m, k / m if m else math.nan, wilson(k, m),
                         int(by_bound.sum()) / m if m else math.nan, wilson(int(by_bound.sum()), m),
                         float(np.median(mean[ok])) if m else math.nan,
                         float((mean[ok] == 0).mean()) if m else math.nan)
        if m and res.sign_share < holds:
            res.question = Question(f"{o.fact or o.name} fails", o.name)
            x = table.loc[ok, factor_names].reset_index(drop=True)
            fails = ~by_mean
            res.chance, res.factors = chance_rho(len(x), len(factor_names)), len(factor_names)
            rho = rank_correlation(factor_names, table, o.name)
            above = rho[rho["rho"].abs() > res.chance].sort_values("rho", key=np.abs, ascending=False)
            res.correlates = [(r.factor, float(r.rho)) for r in above.itertuples()]
            res.box = prim_box(x, fails, min_coverage)
            res.rules = cart_rules(x, fails, max_depth)
        out.append(res)
    return out


@functools.lru_cache(maxsize=None)  # deterministic in its arguments; each fragile fact of a design asks the same
def chance_rho(points: int, factors: int, alpha: float = 0.05, samples: int = 2000, seed: int = 0) -> float:
    """The |Spearman ρ| that the largest of ``factors`` unrelated assumptions exceeds with
    probability ``alpha`` over a sample of ``points`` points: the (1 − alpha) quantile of the
    largest |ρ| under independence, from ``samples`` random permutations (fixed seed, so a report
    is reproducible). Exact up to that Monte Carlo error, where normal or t approximations of ρ's
    tail are off at the 12–24 points of a study's check."""
    rng = np.random.default_rng(seed)
    n, k = max(3, int(points)), max(1, int(factors))
    top = []
    for start in range(0, samples, 250):
        m = min(250, samples - start)
        r = np.argsort(rng.random((m, n, k + 1)), axis=1).astype(np.float32)  # a random permutation is a random rank vector
        r -= (n - 1) / 2
        x, y = r[:, :, :k], r[:, :, k:]
        rho = (x * y).sum(axis=1) / ((n ** 3 - n) / 12)  # Spearman ρ of ranks without ties
        top.append(np.abs(rho).max(axis=1))
    return float(np.quantile(np.concatenate(top), 1 - alpha))


def _pct(x: float) -> str:
    return "–" if not math.isfinite(x) else f"{100 * x:.0f}%"


def table_rows(results: list[FactResult]) -> list[str]:
    """The robustness table in Markdown (one row per fact)."""
    lines = ["| fact | claim | outcome (expected) | points | sign share [95%] | significant share [95%] | no difference | median |",
             "| --- | --- | --- | ---: | --- | --- | ---: | ---: |"]
    for r in results:
        o = r.outcome
        expect = {"positive": "> 0", "negative": "< 0", "equivalent": f"within ±{o.margin:g}"}[o.expect]
        lines.append(f"| {o.fact or o.name} | {o.claim} | {o.describe()} {expect} ({o.unit}) | {r.points} | "
                     f"{_pct(r.sign_share)} [{_pct(r.sign_ci[0])}, {_pct(r.sign_ci[1])}] | "
                     f"{_pct(r.significant_share)} [{_pct(r.significant_ci[0])}, {_pct(r.significant_ci[1])}] | "
                     f"{_pct(r.no_difference)} | {r.median:.3g} |")
    return lines


def hinge_lines(results: list[FactResult], holds: float, correlations: bool = True) -> list[str]:
    """For each fact below ``holds``: the assumptions it moves with beyond chance (unless
    ``correlations`` is off: a study's report lists them itself) and where it fails (PRIM box,
    CART rules)."""
    lines = []
    for r in results:
        if r.question is None:
            continue
        o = r.outcome
        lines.append(f"- **{o.fact or o.name}** holds at {100 * r.sign_share:.1f}% of the points (< {_pct(holds)}). ")
        if correlations and r.correlates is not None:
            moved = ", ".join(f"{f} (ρ {rho:+.2f})" for f, rho in r.correlates[:6]) or "none"
            lines.append(f"  The contrast moves beyond chance (|Spearman ρ| > {r.chance:.2f}, the 95% chance level of the largest "
                         f"|ρ| of {r.factors} unrelated assumptions at {r.points} points) with: {moved}.")
        if r.box is not None and len(r.box.limits):
            lines.append(f"  Leads (exploratory): it fails mostly where {describe_box(r.box)} (PRIM: coverage {_pct(r.box.coverage)}, "
                         f"density {_pct(r.box.density)} against {_pct(r.box.base_density)} overall).")
        elif r.box is not None:
            lines.append("  PRIM finds no box that beats the failure rate of the whole space: it fails all over.")
        else:
            lines.append("  Too few failing (or holding) points to describe where it fails.")
        for rule in (r.rules or [])[:2]:
            lines.append(f"  CART: fails where {rule.conditions} (coverage {_pct(rule.coverage)}, density {_pct(rule.density)}, "
                         f"{rule.n} points).")
    return lines


__all__ = ["FactResult", "fact_results", "wilson", "bounds", "holds_at", "table_rows", "hinge_lines", "chance_rho"]
