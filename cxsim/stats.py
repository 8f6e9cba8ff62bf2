"""Intervals over replicates: every comparison cxsim reports is a mean with a 95% interval."""

from __future__ import annotations

import math

import numpy as np
from scipy import stats as _st


def mean_ci(values, level: float = 0.95) -> tuple[float, float, float]:
    """Mean and Student-t interval of the mean over replicates: (mean, low, high).

    With a single replicate the interval collapses to the value (no spread is known).
    """
    x = np.asarray(values, dtype=float)
    x = x[np.isfinite(x)]
    if x.size == 0:
        return (math.nan, math.nan, math.nan)
    mean = float(x.mean())
    if x.size < 2:
        return (mean, mean, mean)
    half = float(_st.t.ppf(0.5 + level / 2, x.size - 1) * x.std(ddof=1) / math.sqrt(x.size))
    return (mean, mean - half, mean + half)


def diff_ci(a, b, level: float = 0.95) -> tuple[float, float, float, float]:
    """Difference of means a − b with a Welch interval and its two-sided p-value."""
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    diff = float(a.mean() - b.mean())
    va, vb = a.var(ddof=1) / a.size, b.var(ddof=1) / b.size
    se = math.sqrt(va + vb)
    if se == 0:
        return (diff, diff, diff, 0.0 if diff else 1.0)
    dof = (va + vb) ** 2 / (va**2 / (a.size - 1) + vb**2 / (b.size - 1))
    half = float(_st.t.ppf(0.5 + level / 2, dof) * se)
    p = float(2 * _st.t.sf(abs(diff) / se, dof))
    return (diff, diff - half, diff + half, p)
