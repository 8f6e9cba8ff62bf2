"""Read and check a company's CSV: one row per period, before anything runs.

The format (README, "Calibrate to your data"): a header row; ``period`` first — an integer
(weeks unless ``period=month|quarter``), an ISO date ``2024-01-31``, a month ``2024-01``, a
quarter ``2024-Q1`` or an ISO week ``2024-W05`` — then any of the observable columns of
:data:`cxsim.calibrate.observe.SERIES` (``nps``, ``churn``, ``incident_rate``, ``engagement``,
``satisfaction_<stage>``) and the counts behind them (``nps_responses``, ``churn_base``,
``journeys``). Lines starting with ``#`` are comments. Every problem is one line naming the
file, the row, the column and what is allowed (:class:`DataError`).
"""

from __future__ import annotations

import csv
import math
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np

from ..config import ConfigError
from .observe import COUNTS, SERIES

WEEKS_PER = {"week": 1.0, "month": 52.0 / 12.0, "quarter": 13.0}
FORMATS = "an integer, YYYY-MM-DD, YYYY-MM, YYYY-Qn or YYYY-Www"
_PATTERNS = (
    ("int", re.compile(r"[+-]?\d+"), None),
    ("date", re.compile(r"(\d{4})-(\d{2})-(\d{2})"), None),
    ("month", re.compile(r"(\d{4})-(\d{2})"), "month"),
    ("quarter", re.compile(r"(\d{4})-?Q([1-4])", re.I), "quarter"),
    ("isoweek", re.compile(r"(\d{4})-?W(\d{2})", re.I), "week"),
)


class DataError(ConfigError):
    """A CSV that cannot be calibrated against; the message is one line."""


@dataclass(frozen=True)
class Observed:
    """A company's series, mapped onto the model's weeks."""

    path: str
    period: str  # week | month | quarter
    labels: tuple[str, ...]
    starts: np.ndarray  # period i covers model weeks starts[i] + 1 … ends[i]
    ends: np.ndarray
    series: dict  # observable column → values per period
    counts: dict  # count column → n per period (from the file or the settings)

    @property
    def weeks(self) -> int:
        return int(self.ends[-1])

    @property
    def columns(self) -> tuple[str, ...]:
        return tuple(self.series)


def _number(text: str):
    try:
        value = float(text)
    except ValueError:
        return None
    return value


def _parse_period(text: str):
    """(kind, ordinal) of a period cell: kind says its format, ordinal orders it."""
    for kind, pattern, _ in _PATTERNS:
        m = pattern.fullmatch(text)
        if not m:
            continue
        try:
            if kind == "int":
                return kind, int(text)
            if kind == "date":
                return kind, date(int(m[1]), int(m[2]), int(m[3])).toordinal()
            if kind == "month":
                if not 1 <= int(m[2]) <= 12:
                    return None
                return kind, int(m[1]) * 12 + int(m[2]) - 1
            if kind == "quarter":
                return kind, int(m[1]) * 4 + int(m[2]) - 1
            return kind, date.fromisocalendar(int(m[1]), int(m[2]), 1).toordinal()
        except ValueError:
            return None
    return None


def _period_length(kind: str, ordinals: list[int], stated: str, where: str) -> str:
    implied = dict((k, p) for k, _, p in _PATTERNS)[kind]
    if implied and stated not in ("auto", implied):
        raise DataError(f"{where}: periods written as {kind}s cannot be period={stated}: allowed period={implied} or auto")
    if implied:
        return implied
    if kind == "int":
        return "week" if stated == "auto" else stated
    gaps = np.diff(ordinals)
    gap = float(np.median(gaps)) if gaps.size else 7.0
    if stated != "auto":
        return stated
    for name, (lo, hi) in (("week", (6, 8)), ("month", (28, 31)), ("quarter", (89, 92))):
        if lo <= gap <= hi:
            return name
    raise DataError(f"{where}: cannot tell the period length from dates {gap:g} days apart: "
                    "state period=week, month or quarter")


def _index(kind: str, period: str, ordinal: int, first: int) -> float:
    """Periods since the first one."""
    if kind != "date" and kind != "isoweek":
        return float(ordinal - first)
    d, d0 = date.fromordinal(ordinal), date.fromordinal(first)
    if period == "week":
        return (ordinal - first) / 7.0
    if period == "month":
        return float((d.year * 12 + d.month) - (d0.year * 12 + d0.month))
    return float((d.year * 4 + (d.month - 1) // 3) - (d0.year * 4 + (d0.month - 1) // 3))


def week_bounds(index: np.ndarray, period: str) -> tuple[np.ndarray, np.ndarray]:
    """Model weeks of periods numbered ``index`` from the first: period i covers weeks
    ``starts[i] + 1 … ends[i]`` (a month is 52/12 weeks, rounded to whole weeks)."""
    w = WEEKS_PER[period]
    return np.round(index * w).astype(int), np.round((index + 1) * w).astype(int)


def read(path, *, period: str = "auto", min_periods: int = 6, observation=None) -> Observed:
    """Read and check ``path``; counts missing from the file come from ``observation``."""
    path = Path(path)
    name = str(path)
    if not path.is_file():
        raise DataError(f"{name}: no such file: give the path of the company's CSV (data=...)")
    with path.open(newline="", encoding="utf-8-sig") as fh:
        lines = [(i, line) for i, line in enumerate(fh.read().splitlines(), start=1) if line.strip() and not line.lstrip().startswith("#")]
    if not lines:
        raise DataError(f"{name}: the file is empty: allowed a header row then one row per period")
    rows = list(csv.reader([text for _, text in lines]))
    header = [h.strip() for h in rows[0]]
    allowed = ["period", *SERIES, *COUNTS]
    for h in header:
        if h not in allowed:
            raise DataError(f"{name}: line {lines[0][0]}, column {h!r} is unknown: allowed columns are {', '.join(allowed)}")
    if len(set(header)) != len(header):
        dup = next(h for h in header if header.count(h) > 1)
        raise DataError(f"{name}: line {lines[0][0]}, column {dup!r} appears twice: each column once")
    if "period" not in header:
        raise DataError(f"{name}: column 'period' is missing: the first column names each period ({FORMATS})")
    observed = [h for h in header if h in SERIES]
    if not observed:
        raise DataError(f"{name}: no observed column: allowed {', '.join(SERIES)} (at least one)")
    for h in header:
        if h in COUNTS and not any(SERIES[c].count == h for c in observed):
            owner = next(s.column for s in SERIES.values() if s.count == h)
            raise DataError(f"{name}: column {h!r} is given without {owner!r}: it is the count behind {owner}")
    data = rows[1:]
    if len(data) < min_periods:
        raise DataError(f"{name}: {len(data)} period(s) is too short: at least {min_periods} are needed (min_periods)")
    values: dict[str, list[float]] = {h: [] for h in header if h != "period"}
    labels, ordinals, kinds = [], [], set()
    for r, (row, (line, _)) in enumerate(zip(data, lines[1:]), start=1):
        at = f"{name}: row {r} (line {line})"
        if len(row) != len(header):
            raise DataError(f"{at}: {len(row)} cells for {len(header)} columns: allowed one cell per column")
        for h, cell in zip(header, (c.strip() for c in row)):
            if h == "period":
                parsed = _parse_period(cell)
                if parsed is None:
                    raise DataError(f"{at}, column period: {cell!r} is not a period: allowed {FORMATS}")
                kinds.add(parsed[0])
                if len(kinds) > 1:
                    raise DataError(f"{at}, column period: {cell!r} mixes formats ({', '.join(sorted(kinds))}): one format per file")
                if ordinals and parsed[1] <= ordinals[-1]:
                    what = "repeats" if parsed[1] == ordinals[-1] else "comes before"
                    raise DataError(f"{at}, column period: {cell!r} {what} the previous period {labels[-1]!r}: "
                                    "allowed one row per period, in increasing order")
                labels.append(cell)
                ordinals.append(parsed[1])
                continue
            values[h].append(_cell(at, h, cell))
    kind = kinds.pop()
    period_len = _period_length(kind, ordinals, period, name)
    index = np.array([_index(kind, period_len, o, ordinals[0]) for o in ordinals])
    if len(set(np.round(index).astype(int))) != len(index) or not np.allclose(index, np.round(index), atol=0.15):
        raise DataError(f"{name}: column period: the dates are not whole {period_len}s apart: "
                        f"allowed one row per {period_len} (state period= if the guess is wrong)")
    starts, ends = week_bounds(np.round(index).astype(int), period_len)
    counts = {}
    for col in observed:
        key = SERIES[col].count
        if not key:
            continue
        if key in values:
            counts[key] = np.asarray(values[key], dtype=float)
        elif observation is not None and getattr(observation, key, None):
            counts[key] = np.full(len(labels), float(getattr(observation, key)))
        else:
            raise DataError(f"{name}: column {key!r} is missing: {col} needs the count behind each figure "
                            f"(add the column or set observation.{key}=<n per period>)")
    return Observed(path=name, period=period_len, labels=tuple(labels), starts=starts, ends=ends,
                    series={c: np.asarray(values[c], dtype=float) for c in observed}, counts=counts)


def _cell(at: str, column: str, cell: str) -> float:
    if column in COUNTS:
        value = _number(cell)
        if value is None or not math.isfinite(value) or value < 1 or not float(value).is_integer():
            raise DataError(f"{at}, column {column}: {cell!r} is not allowed: a whole number ≥ 1")
        return value
    spec = SERIES[column]
    value = _number(cell)
    if value is None or not math.isfinite(value):
        shown = "an empty cell" if not cell else repr(cell)
        raise DataError(f"{at}, column {column}: {shown} is not a number: allowed a number in [{spec.lo:g}, {spec.hi:g}] ({spec.unit})")
    if not spec.lo <= value <= spec.hi:
        hint = " (a share: 1.5% is 0.015)" if spec.hi == 1.0 and value > 1 else ""
        raise DataError(f"{at}, column {column}: {cell} is out of range: allowed [{spec.lo:g}, {spec.hi:g}] ({spec.unit}){hint}")
    return value


__all__ = ["DataError", "Observed", "read", "week_bounds", "WEEKS_PER", "FORMATS"]
