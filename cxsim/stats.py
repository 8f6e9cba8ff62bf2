"""Intervals over replicates, from ``scipy.stats``: every comparison cxsim reports is a mean with a
95% interval.

Replicate r of every scenario starts from the same child seed (common random numbers), so a
contrast between two scenarios is *paired*: :func:`paired_diff_ci` is the Student-t interval of
the mean per-replicate difference (``scipy.stats.ttest_rel``), far narrower than an unpaired
interval when the replicates' companies differ more than the scenarios do.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np


class PairedDiff(NamedTuple):
    """Mean of the paired differences a − b, its interval and the two-sided p-value."""

    mean: float
    low: float
    high: float
    p: float

    def __str__(self) -> str:
        return f"{self.mean:.4g} [{self.low:.4g}, {self.high:.4g}] (p = {self.p:.2g})"


def mean_ci(values, level: float = 0.95) -> tuple[float, float, float]:
    """Mean and Student-t interval of the mean over replicates: (mean, low, high).

    Non-finite values are left out. With a single replicate there is no interval (no spread is
    known): the bounds are NaN. Replicates that all agree give the degenerate interval
    (mean, mean, mean).
    """
    x = np.asarray(values, dtype=float)
    x = x[np.isfinite(x)]
    if x.size == 0:
        return (math.nan, math.nan, math.nan)
    mean = float(x.mean())
    if x.size < 2:
        return (mean, math.nan, math.nan)
    if np.all(x == x[0]):
        return (mean, mean, mean)
    from scipy import stats  # here, not at import: a one-replicate run needs no interval (start-up, issue 13)

    ci = stats.ttest_1samp(x, 0.0).confidence_interval(level)
    return (mean, float(ci.low), float(ci.high))


def paired_diff_ci(a, b, level: float = 0.95) -> PairedDiff:
    """Paired contrast a − b over replicates (``a[r]`` and ``b[r]`` share replicate r's seed):
    mean difference, Student-t interval and two-sided p-value of ``scipy.stats.ttest_rel``.

    Pairs with a non-finite member are left out. Differences that are all equal give the
    degenerate interval (d, d, d) with p = 1 when d = 0 and 0 otherwise; a single pair has no
    interval (NaN bounds and p).
    """
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    if a.shape != b.shape or a.ndim != 1:
        raise ValueError(f"paired_diff_ci needs two 1-d arrays of the same length, got shapes {a.shape} and {b.shape}")
    keep = np.isfinite(a) & np.isfinite(b)
    a, b = a[keep], b[keep]
    if a.size == 0:
        return PairedDiff(math.nan, math.nan, math.nan, math.nan)
    d = a - b
    mean = float(d.mean())
    if d.size < 2:
        return PairedDiff(mean, math.nan, math.nan, math.nan)
    if np.all(d == d[0]):
        return PairedDiff(mean, mean, mean, 1.0 if mean == 0 else 0.0)
    from scipy import stats  # as in mean_ci

    res = stats.ttest_rel(a, b)
    ci = res.confidence_interval(level)
    return PairedDiff(mean, float(ci.low), float(ci.high), float(res.pvalue))
