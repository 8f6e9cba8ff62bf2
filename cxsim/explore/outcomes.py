"""Outcomes of an exploration: metrics of a scenario at chosen weeks, and paired contrasts.

An outcome is declared once, in the exploration's config, as a mapping::

    td_minus_organic_nps_52:          # the outcome's name (a column of the results table)
      scenario: top_down              # which scenario (a list of Hydra overrides, see config)
      metric: nps                     # a metric of cxsim.metrics (or a list, combined by `across`)
      week: 52                        # or weeks: [26, 156] with stat: mean | max | min
      minus: organic                  # optional: a contrast, paired replicate by replicate
      expect: positive                # optional: the expected sign (robustness of a fact)

``minus`` is a scenario name (same metric and weeks) or a mapping that overrides any of
``scenario``, ``metric``, ``week``/``weeks``, ``stat``, ``across`` (S5's J-curve is the peak
resistance over weeks 14–39 minus the resistance at week 12, in one scenario). Replicate r of
every scenario at a design point shares its child seed (common random numbers), so the
difference is taken per replicate; the response is its mean over replicates.

``expect`` is ``positive``, ``negative`` or ``equivalent`` (then ``margin`` > 0: the fact
holds when the difference stays within ±margin).
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from ..config import ConfigError
from ..metrics import BY_NAME

STATS = ("mean", "max", "min")
ACROSS = ("mean", "max", "min")
EXPECT = ("positive", "negative", "equivalent")
MAX_WEEK = 5200  # the schema's longest horizon (CXConfig.steps)
_KEYS = ("scenario", "metric", "week", "weeks", "stat", "across", "minus", "expect", "margin", "fact", "claim")
_MEASURE_KEYS = ("scenario", "metric", "week", "weeks", "stat", "across")


@dataclass(frozen=True)
class Measure:
    """One number per replicate: ``stat`` over weeks ``first..last`` of ``metrics``
    (combined by ``across`` when there are several) in ``scenario``."""

    scenario: str
    metrics: tuple[str, ...]
    first: int
    last: int
    stat: str = "mean"
    across: str = "mean"

    def describe(self) -> str:
        what = self.metrics[0] if len(self.metrics) == 1 else f"{self.across}({', '.join(self.metrics)})"
        when = f"at week {self.first}" if self.first == self.last else f"({self.stat} over weeks {self.first}–{self.last})"
        return f"{what} {when} in {self.scenario}"


@dataclass(frozen=True)
class Outcome:
    """A measure, or a paired contrast ``measure − minus``, with what a fact expects of it."""

    name: str
    measure: Measure
    minus: Measure | None = None
    expect: str | None = None
    margin: float = 0.0
    fact: str = ""
    claim: str = ""

    @property
    def unit(self) -> str:
        return BY_NAME[self.measure.metrics[0]].unit

    @property
    def scenarios(self) -> tuple[str, ...]:
        return (self.measure.scenario,) + ((self.minus.scenario,) if self.minus else ())

    def describe(self) -> str:
        if self.minus is None:
            return self.measure.describe()
        return f"{self.measure.describe()} − {self.minus.describe()}"


def _metric_names(key: str, value) -> tuple[str, ...]:
    names = (value,) if isinstance(value, str) else tuple(value or ())
    if not names:
        raise ConfigError(f"{key} is empty: name a metric of cxsim.metrics (e.g. nps, satisfaction, churn_rate)")
    for name in names:
        if name not in BY_NAME:
            close = difflib.get_close_matches(str(name), list(BY_NAME), n=1)
            hint = f" (did you mean {close[0]}?)" if close else ""
            raise ConfigError(f"{key}={name!r} is not a metric{hint}: allowed a name of cxsim.metrics.METRICS "
                              "(nps, satisfaction, churn_rate, customer_friction, internal_friction, conflicts, …)")
    return names


def _week(key: str, value) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or not 0 <= value <= MAX_WEEK:
        raise ConfigError(f"{key}={value!r} is not a week: allowed a whole number in [0, {MAX_WEEK}]")
    return int(value)


def _measure(key: str, spec: Mapping, scenarios: Mapping) -> Measure:
    scenario = spec.get("scenario")
    if scenario is None:
        if len(scenarios) != 1:
            raise ConfigError(f"{key}.scenario is missing: choose one of {', '.join(scenarios)}")
        scenario = next(iter(scenarios))
    if scenario not in scenarios:
        close = difflib.get_close_matches(str(scenario), list(scenarios), n=1)
        hint = f" (did you mean {close[0]}?)" if close else ""
        raise ConfigError(f"{key}.scenario={scenario!r} is not a scenario of this exploration{hint}: "
                          f"defined are {', '.join(scenarios)}")
    metrics = _metric_names(f"{key}.metric", spec.get("metric"))
    if (spec.get("week") is None) == (spec.get("weeks") is None):
        raise ConfigError(f"{key}: give either week: W or weeks: [first, last]")
    if spec.get("week") is not None:
        first = last = _week(f"{key}.week", spec["week"])
    else:
        weeks = spec["weeks"]
        if isinstance(weeks, (str, bytes)) or len(weeks) != 2:
            raise ConfigError(f"{key}.weeks={weeks!r} must be [first, last]")
        first, last = (_week(f"{key}.weeks", w) for w in weeks)
        if first > last:
            raise ConfigError(f"{key}.weeks=[{first}, {last}] must have first ≤ last")
    stat = spec.get("stat", "mean")
    across = spec.get("across", "mean")
    if stat not in STATS:
        raise ConfigError(f"{key}.stat={stat!r} is not allowed: choose one of {', '.join(STATS)}")
    if across not in ACROSS:
        raise ConfigError(f"{key}.across={across!r} is not allowed: choose one of {', '.join(ACROSS)}")
    return Measure(str(scenario), metrics, first, last, stat, across)


def parse_outcome(name: str, spec: Mapping, scenarios: Mapping) -> Outcome:
    """One outcome from its config mapping, checked against the exploration's scenarios."""
    key = f"outcomes.{name}"
    if not isinstance(spec, Mapping):
        raise ConfigError(f"{key}={spec!r} must be a mapping (scenario, metric, week or weeks, …)")
    for k in spec:
        if k not in _KEYS:
            raise ConfigError(f"{key}.{k} is not an outcome setting: allowed {', '.join(_KEYS)}")
    measure = _measure(key, spec, scenarios)
    minus = spec.get("minus")
    if minus is not None:
        inherited = {k: spec.get(k) for k in _MEASURE_KEYS if spec.get(k) is not None}
        given = {"scenario": minus} if isinstance(minus, str) else dict(minus)
        if "week" in given or "weeks" in given:
            inherited.pop("week", None), inherited.pop("weeks", None)
        minus = _measure(f"{key}.minus", {**inherited, **given}, scenarios)
        if minus == measure:
            raise ConfigError(f"{key}.minus is the outcome itself: a contrast needs another scenario, metric or week")
    expect = spec.get("expect")
    if expect is not None and expect not in EXPECT:
        raise ConfigError(f"{key}.expect={expect!r} is not allowed: choose one of {', '.join(EXPECT)}")
    margin = float(spec.get("margin", 0.0) or 0.0)
    if expect == "equivalent" and not margin > 0:
        raise ConfigError(f"{key}.margin={margin:g} must be > 0 for expect: equivalent (the ± band of 'no difference')")
    return Outcome(name, measure, minus, expect, margin, str(spec.get("fact", "") or ""), str(spec.get("claim", "") or ""))


def parse_outcomes(specs: Mapping, scenarios: Mapping) -> list[Outcome]:
    if not specs:
        raise ConfigError("outcomes is empty: declare at least one outcome (scenario, metric, week)")
    return [parse_outcome(str(name), spec, scenarios) for name, spec in specs.items()]


@dataclass(frozen=True)
class Recording:
    """What to record in one scenario's runs: metrics at weeks (sorted), up to ``horizon``."""

    weeks: tuple[int, ...]
    metrics: tuple[str, ...]

    @property
    def horizon(self) -> int:
        return max(1, self.weeks[-1])


def recordings(outcomes: list[Outcome]) -> dict[str, Recording]:
    """Per scenario, the weeks and metrics its outcomes read (nothing else is kept)."""
    weeks: dict[str, set] = {}
    metrics: dict[str, set] = {}
    for o in outcomes:
        for m in (o.measure, o.minus):
            if m is None:
                continue
            weeks.setdefault(m.scenario, set()).update(range(m.first, m.last + 1))
            metrics.setdefault(m.scenario, set()).update(m.metrics)
    return {s: Recording(tuple(sorted(weeks[s])), tuple(sorted(metrics[s]))) for s in weeks}


def measure_values(m: Measure, rec: Recording, data: np.ndarray) -> np.ndarray:
    """Per replicate: ``data`` is (replicates, len(rec.weeks), len(rec.metrics))."""
    w = [rec.weeks.index(x) for x in range(m.first, m.last + 1)]
    k = [rec.metrics.index(x) for x in m.metrics]
    block = data[:, w][:, :, k]
    combined = getattr(np, m.across)(block, axis=2)
    return getattr(np, m.stat)(combined, axis=1)


def outcome_values(o: Outcome, recs: Mapping[str, Recording], data: Mapping[str, np.ndarray]) -> np.ndarray:
    """Per replicate value of an outcome (a paired difference for a contrast)."""
    value = measure_values(o.measure, recs[o.measure.scenario], data[o.measure.scenario])
    if o.minus is not None:
        value = value - measure_values(o.minus, recs[o.minus.scenario], data[o.minus.scenario])
    return value


__all__ = ["Measure", "Outcome", "Recording", "parse_outcome", "parse_outcomes", "recordings",
           "measure_values", "outcome_values", "EXPECT", "STATS"]
