"""Pattern-oriented calibration (docs/calibration.md): the default company matches the published
patterns at once, and without a programme it is in a steady state.

The patterns, their sources and tolerances are declared once in ``cxsim.validation.patterns``
(which also writes the tables of docs/calibration.md); these tests assert its result objects on the
same 20 paired replicates the stylised-fact tests use (seed 2024, shared through the session cache).
"""

from __future__ import annotations

import functools

import pytest

from cxsim.validation.patterns import FLATNESS, PATTERNS, measure

from .conftest import scenario

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("facts")]


@functools.lru_cache(maxsize=None)
def calibration():
    return measure(replicates=20, seed=2024, runner=lambda overrides: scenario(20, overrides=overrides))


@pytest.mark.parametrize("pattern", PATTERNS, ids=[p.key for p in PATTERNS])
def test_pattern_holds(pattern):
    m = calibration().patterns[pattern.key]
    assert pattern.lo <= m.mean <= pattern.hi, (f"{pattern.what}: {m.mean:.3f} [{m.low:.3f}, {m.high:.3f}] "
                                                f"outside [{pattern.lo}, {pattern.hi}] {pattern.unit} ({pattern.source})")


@pytest.mark.parametrize("key, limit, unit", FLATNESS, ids=[k for k, _, _ in FLATNESS])
def test_no_programme_no_trend(key, limit, unit):
    """The run-in leaves week 0 at a steady state: the mean least-squares slope over weeks 0–156 of
    the replicates without a programme has its 95% interval within ±limit."""
    s = calibration().slopes[key]
    assert -limit <= s.low and s.high <= limit, f"{key} slope {s.mean:+.2f} [{s.low:+.2f}, {s.high:+.2f}] {unit}, limit ±{limit}"


def test_the_programme_moves_customers_not_only_nps():
    """The programme's NPS gain comes with fewer incidents and less churn (the reported fractions of
    docs/calibration.md have the expected sign)."""
    rep = calibration().reported
    assert rep["change in incidents with the programme (last quarter)"].high < 0
    assert rep["change in weekly churn with the programme (last quarter)"].high < 0
