"""A study's numbers: per company preset, each scenario's outcomes and each paired contrast.

Intervals are the project's: :func:`cxsim.stats.mean_ci` for a scenario's mean over replicates,
:func:`cxsim.stats.paired_diff_ci` for a contrast (replicate r of both scenarios shares its seed).
"""

from __future__ import annotations

import pandas as pd

from ..stats import mean_ci, paired_diff_ci
from .definition import Study
from .execute import values


def contrast_table(study: Study, table: pd.DataFrame) -> pd.DataFrame:
    """One row per (company, contrast): mean a − b, its 95% interval, p, replicates."""
    rows = []
    for company in study.companies:
        ran = study.scenarios_of(company)
        for i, c in enumerate(study.contrasts):
            if c.a not in ran or c.b not in ran:
                continue
            a, b = (values(table, company.preset, s, c.outcome) for s in (c.a, c.b))
            if len(a) != len(b) or not len(a):
                continue
            d = paired_diff_ci(a, b)
            rows.append({"company": company.preset, "contrast": i, "label": c.text, "a": c.a, "b": c.b,
                         "outcome": c.outcome, "mean": d.mean, "low": d.low, "high": d.high, "p": d.p,
                         "replicates": len(a)})
    return pd.DataFrame(rows)


def scenario_table(study: Study, table: pd.DataFrame) -> pd.DataFrame:
    """One row per (company, scenario, outcome): mean over replicates and its 95% interval."""
    rows = []
    for company in study.companies:
        for scenario in study.scenarios_of(company):
            for outcome in study.outcomes:
                v = values(table, company.preset, scenario, outcome)
                if not len(v):
                    continue
                mean, low, high = mean_ci(v)
                rows.append({"company": company.preset, "scenario": scenario, "outcome": outcome,
                             "mean": mean, "low": low, "high": high, "replicates": len(v)})
    return pd.DataFrame(rows)


def series_diff(study: Study, table: pd.DataFrame, company: str, a: str, b: str, metric: str) -> pd.DataFrame:
    """Week by week, the paired difference a − b of a kept series with its 95% interval."""
    s = table[(table["company"] == company) & (table["kind"] == "series") & (table["name"] == metric)]
    wide = s.pivot_table(index=["week", "replicate"], columns="scenario", values="value").reset_index()
    rows = []
    for week, g in wide.groupby("week"):
        d = paired_diff_ci(g[a].to_numpy(float), g[b].to_numpy(float))
        rows.append({"week": int(week), "mean": d.mean, "low": d.low, "high": d.high})
    return pd.DataFrame(rows)


def series_mean(table: pd.DataFrame, company: str, scenario: str, metric: str) -> pd.DataFrame:
    """Week by week, a scenario's kept series: mean over replicates and its 95% interval."""
    s = table[(table["company"] == company) & (table["kind"] == "series") & (table["name"] == metric)
              & (table["scenario"] == scenario)]
    rows = []
    for week, g in s.groupby("week"):
        mean, low, high = mean_ci(g["value"].to_numpy(float))
        rows.append({"week": int(week), "mean": mean, "low": low, "high": high})
    return pd.DataFrame(rows)


__all__ = ["contrast_table", "scenario_table", "series_diff", "series_mean"]
