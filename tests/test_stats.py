"""Intervals over replicates (``cxsim.stats``): values, the paired contrast, and the edge cases."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats as st

from cxsim.stats import PairedDiff, mean_ci, paired_diff_ci


def t_interval(x, level=0.95):
    """The textbook Student-t interval of the mean, written out."""
    x = np.asarray(x, float)
    half = st.t.ppf(0.5 + level / 2, x.size - 1) * x.std(ddof=1) / math.sqrt(x.size)
    return x.mean() - half, x.mean() + half


@pytest.mark.parametrize("n", [2, 3, 20, 200])
def test_mean_ci_is_the_student_t_interval(n):
    x = np.random.default_rng(n).normal(3.0, 2.0, n)
    mean, lo, hi = mean_ci(x)
    assert mean == x.mean()
    assert (lo, hi) == pytest.approx(t_interval(x), rel=1e-12, abs=1e-12)
    assert mean_ci(x, level=0.99)[1] < lo  # a higher level widens the interval


def test_mean_ci_edges():
    assert all(math.isnan(v) for v in mean_ci([]))
    assert all(math.isnan(v) for v in mean_ci([math.nan, math.inf]))
    mean, lo, hi = mean_ci([4.2])  # one replicate: no spread known, no interval
    assert mean == 4.2 and math.isnan(lo) and math.isnan(hi)
    assert mean_ci([4.2, math.nan])[0] == 4.2 and math.isnan(mean_ci([4.2, math.nan])[1])
    assert mean_ci([1.5, 1.5, 1.5]) == (1.5, 1.5, 1.5)  # replicates that agree: a point


def test_paired_diff_ci_is_the_interval_of_the_differences():
    rng = np.random.default_rng(1)
    company = rng.normal(0, 10, 20)  # replicate r's company, shared by both arms
    a = company + rng.normal(1.0, 1.0, 20)
    b = company + rng.normal(0.0, 1.0, 20)
    c = paired_diff_ci(a, b)
    assert isinstance(c, PairedDiff) and c.mean == pytest.approx((a - b).mean(), rel=1e-12)
    assert (c.low, c.high) == pytest.approx(t_interval(a - b), rel=1e-12)
    assert c.p == pytest.approx(st.ttest_1samp(a - b, 0).pvalue, rel=1e-12)
    assert c.low > 0 and c.p < 0.05
    # pairing removes the companies' spread: an unpaired interval would straddle zero here
    welch = st.ttest_ind(a, b, equal_var=False).confidence_interval()
    assert welch.low < 0 < welch.high
    # swapping the arms mirrors the interval
    r = paired_diff_ci(b, a)
    assert (r.mean, r.low, r.high) == pytest.approx((-c.mean, -c.high, -c.low), rel=1e-12)
    assert r.p == pytest.approx(c.p, rel=1e-12)


def test_paired_diff_ci_edges():
    assert paired_diff_ci([1.0, 2.0, 3.0], [1.0, 2.0, 3.0]) == PairedDiff(0.0, 0.0, 0.0, 1.0)  # equal arms
    assert paired_diff_ci([2.0, 3.0], [1.0, 2.0]) == PairedDiff(1.0, 1.0, 1.0, 0.0)  # a constant shift
    one = paired_diff_ci([2.0], [1.0])
    assert one.mean == 1.0 and all(math.isnan(v) for v in one[1:])
    # a pair with a missing member is left out, not the whole contrast
    assert paired_diff_ci([2.0, math.nan, 4.0], [1.0, 5.0, 3.0]) == PairedDiff(1.0, 1.0, 1.0, 0.0)
    with pytest.raises(ValueError, match="same length"):
        paired_diff_ci([1.0, 2.0], [1.0, 2.0, 3.0])
    assert "p = " in str(paired_diff_ci([1.0, 2.5, 3.0], [0.0, 1.0, 1.0]))
