"""Pattern-oriented calibration (Grimm et al. 2005, *Science* 310): the published patterns the
default company must match at once, measured over paired replicates.

Three patterns are pass/fail (each with its source and tolerance); the others are reported (no
source pins them) so a reader can judge them. A steady state comes first: without a programme the
company must not trend (the flatness check). ``python -m cxsim.validation.patterns`` measures them
and rewrites the generated tables of ``docs/calibration.md``; ``tests/test_calibration.py`` asserts
the same result objects.
"""

from __future__ import annotations

import argparse
import math
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ..stats import mean_ci

WEEKS_PER_YEAR = 52
DOC = Path(__file__).resolve().parents[2] / "docs" / "calibration.md"
BEGIN, END = "<!-- BEGIN GENERATED (python -m cxsim.validation.patterns) -->", "<!-- END GENERATED -->"
NO_PROGRAMME = ["leader=none"]
PROGRAMME = []  # the default scenario: a CEO-owned decision-maker, top-down, committed executive


@dataclass(frozen=True)
class Pattern:
    """A published pattern: ``what`` the model must show, in ``[lo, hi]`` (``unit``), and where
    the range comes from."""

    key: str
    what: str
    lo: float
    hi: float
    unit: str
    source: str


PATTERNS = (
    Pattern("baseline_nps", "NPS without a programme (mean over weeks 0–156)", -20.0, 20.0, "points",
            "WDS (2013) tracked 32+ mobile carriers: telecom average +5, 'danger zone' −36, loyalty sweet spot +26"),
    Pattern("baseline_churn", "annual churn of active customers without a programme", 0.10, 0.25, "share/year",
            "TM Forum Quick Insight report (BriteBill): postpaid churn 5–32% a year; best US carrier about 11%; "
            "Virgin Media lost 1.8% a month (≈ 20% a year) before its NPS programme (Markey 2009)"),
    Pattern("gain_three_years", "a strong, well-sponsored programme (CEO-owned decision-maker) − no leader, NPS over the last quarter (weeks 144–156, paired)",
            10.0, 35.0, "points", "cases compiled by genroe.com: Orange France +6 in 8 months, Virgin Media +18 in a year, "
            "Voxeo +17 in a year, AccessPay +35 in two years (Zip Water +71 in three is the outlier)"),
    Pattern("gain_first_year", "the same contrast one year into the programme (week start + 52)", -math.inf, 20.0, "points",
            "same cases: no published programme gains more than about 20 points in its first year"),
)
# (key, limit, unit): the least-squares slope over weeks 0–156 of each replicate without a programme
FLATNESS = (("nps", 2.0, "NPS points/year"), ("annual_churn", 1.0, "points of annual churn/year"),
            ("customer_friction", 1.0, "incidents per 100 journeys/year"))


@dataclass
class Measured:
    """One measured quantity: per-replicate values, their mean and 95% interval."""

    key: str
    values: np.ndarray
    mean: float = field(init=False)
    low: float = field(init=False)
    high: float = field(init=False)

    def __post_init__(self):
        self.mean, self.low, self.high = mean_ci(self.values)


@dataclass
class Calibration:
    """The measured patterns, the reported quantities and the flatness slopes of one run set."""

    replicates: int
    seed: int
    patterns: dict  # key → Measured
    reported: dict  # label → Measured
    slopes: dict  # key → Measured (per year)

    def passed(self, key: str) -> bool:
        p = next(p for p in PATTERNS if p.key == key)
        return bool(p.lo <= self.patterns[key].mean <= p.hi)

    def flat(self, key: str) -> bool:
        limit = next(limit for k, limit, _ in FLATNESS if k == key)
        s = self.slopes[key]
        return bool(-limit <= s.low and s.high <= limit)


def _per_replicate(ts, metric: str, lo: int, hi: int) -> np.ndarray:
    sel = ts[(ts["week"] >= lo) & (ts["week"] <= hi)]
    return sel.groupby("replicate")[metric].mean().sort_index().to_numpy()


def _slopes(ts, metric: str, scale: float) -> np.ndarray:
    out = []
    for _, g in ts.sort_values("week").groupby("replicate"):
        out.append(np.polyfit(g["week"].to_numpy() / WEEKS_PER_YEAR, g[metric].to_numpy() * scale, 1)[0])
    return np.array(out)


def _annual(weekly: np.ndarray) -> np.ndarray:
    return 1.0 - (1.0 - weekly) ** WEEKS_PER_YEAR


def measure(replicates: int = 20, seed: int = 2024, runner=None) -> Calibration:
    """Run the default company without and with the default programme (paired replicates) and
    measure every pattern, reported quantity and flatness slope."""
    from ..cli.scenarios import compose
    from ..runner import run

    runner = runner or (lambda overrides: run(compose([*overrides, f"seed={seed}"]), replicates=replicates).timeseries)
    base, prog = runner(NO_PROGRAMME), runner(PROGRAMME)
    start = int(compose(PROGRAMME).leader.start_week)
    end = int(base["week"].max())
    last = (end - 12, end)
    patterns = {
        "baseline_nps": Measured("baseline_nps", _per_replicate(base, "nps", 0, end)),
        "baseline_churn": Measured("baseline_churn", _annual(_per_replicate(base, "churn_rate", 1, end))),
        "gain_three_years": Measured("gain_three_years", _per_replicate(prog, "nps", *last) - _per_replicate(base, "nps", *last)),
        "gain_first_year": Measured("gain_first_year", _per_replicate(prog, "nps", start + 52, start + 52) - _per_replicate(base, "nps", start + 52, start + 52)),
    }

    def ratio(metric):
        b, p = _per_replicate(base, metric, *last), _per_replicate(prog, metric, *last)
        return Measured(metric, p / np.where(b > 0, b, np.nan) - 1.0)

    reported = {
        "promoters (no programme)": Measured("promoters", _per_replicate(base, "promoter_share", 1, end)),
        "detractors (no programme)": Measured("detractors", _per_replicate(base, "detractor_share", 1, end)),
        "passives (no programme)": Measured("passives", 1.0 - _per_replicate(base, "promoter_share", 1, end) - _per_replicate(base, "detractor_share", 1, end)),
        "incidents per handoff (no programme)": Measured("incident_rate", _per_replicate(base, "customer_friction", 1, end) / 400.0),
        "change in weekly churn with the programme (last quarter)": ratio("churn_rate"),
        "change in incidents with the programme (last quarter)": ratio("customer_friction"),
        "promoters with the programme (last quarter)": Measured("promoters_p", _per_replicate(prog, "promoter_share", *last)),
        "detractors with the programme (last quarter)": Measured("detractors_p", _per_replicate(prog, "detractor_share", *last)),
    }
    slopes = {
        "nps": Measured("nps", _slopes(base, "nps", 1.0)),
        "annual_churn": Measured("annual_churn", _slopes(base, "churn_rate", 100.0 * WEEKS_PER_YEAR)),
        "customer_friction": Measured("customer_friction", _slopes(base, "customer_friction", 1.0)),
    }
    return Calibration(replicates, seed, patterns, reported, slopes)


def _fmt(x: float, unit: str) -> str:
    if unit.startswith("share"):
        return f"{100 * x:.1f}%"
    return f"{x:+.1f}" if unit == "points" else f"{x:.2f}"


def tables(cal: Calibration) -> str:
    """The generated tables of docs/calibration.md."""
    out = [f"Measured with {cal.replicates} paired replicates, seed {cal.seed} (`python -m cxsim.validation.patterns`).", "",
           "**Patterns (pass/fail)**: the mean must lie in the published range.", "",
           "| pattern | range | measured mean [95% interval] | holds | source |", "|---|---|---|---|---|"]
    for p in PATTERNS:
        m = cal.patterns[p.key]
        lo = "−∞" if p.lo == -math.inf else _fmt(p.lo, p.unit)
        out.append(f"| {p.what} | [{lo}, {_fmt(p.hi, p.unit)}] {p.unit} | {_fmt(m.mean, p.unit)} [{_fmt(m.low, p.unit)}, {_fmt(m.high, p.unit)}] | "
                   f"{'yes' if cal.passed(p.key) else '**no**'} | {p.source} |")
    out += ["", "**Steady state**: least-squares slope over weeks 0–156 without a programme, per replicate; "
            "the 95% interval of the mean slope must lie within ± the limit.", "",
            "| quantity | limit | mean slope [95% interval] | flat |", "|---|---|---|---|"]
    for key, limit, unit in FLATNESS:
        s = cal.slopes[key]
        out.append(f"| {key} | ±{limit:g} {unit} | {s.mean:+.2f} [{s.low:+.2f}, {s.high:+.2f}] | {'yes' if cal.flat(key) else '**no**'} |")
    out += ["", "**Reported** (no source pins them; see the assumptions above):", "",
            "| quantity | mean [95% interval] |", "|---|---|"]
    for label, m in cal.reported.items():
        out.append(f"| {label} | {100 * m.mean:+.1f}% [{100 * m.low:+.1f}, {100 * m.high:+.1f}] |" if "change" in label
                   else f"| {label} | {100 * m.mean:.1f}% [{100 * m.low:.1f}, {100 * m.high:.1f}] |")
    return "\n".join(out) + "\n"


def write(cal: Calibration, path: Path = DOC) -> Path:
    from ..outputs import write_text

    text = path.read_text(encoding="utf-8")
    head, rest = text.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    write_text(path, f"{head}{BEGIN}\n\n{tables(cal)}\n{END}{tail}")
    return path


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m cxsim.validation.patterns", description=__doc__.splitlines()[0])
    ap.add_argument("--replicates", type=int, default=20)
    ap.add_argument("--seed", type=int, default=2024)
    ap.add_argument("--no-write", action="store_true", help="print, do not rewrite docs/calibration.md")
    a = ap.parse_args(argv)
    if a.replicates < 2:
        ap.error(f"--replicates={a.replicates}: at least 2 are needed for an interval")
    cal = measure(a.replicates, a.seed)
    print(tables(cal))
    if not a.no_write:
        print(f"wrote {write(cal)}")
    ok = all(cal.passed(p.key) for p in PATTERNS) and all(cal.flat(k) for k, _, _ in FLATNESS)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())


__all__ = ["PATTERNS", "FLATNESS", "Pattern", "Calibration", "Measured", "measure", "tables", "write"]
