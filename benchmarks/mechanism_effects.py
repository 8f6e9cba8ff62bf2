"""Measured effects of the mechanisms of issue 15, paired over replicates (common random numbers).

    python benchmarks/mechanism_effects.py [--replicates 20] [--only TEXT] [--out FILE]

Each line is a contrast a − b of one metric between two scenarios composed from ``configs/``
(same replicate seeds, so replicate r of both starts from the same company), with its 95%
Student-t interval over the paired differences (``cxsim.stats.paired_diff_ci``), or a level with
its interval. The run-in cache is enlarged so that each replicate's company runs in once.
Prints a markdown table (and writes it to ``--out``).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

from cxsim.cli.scenarios import compose
from cxsim.model import runin
from cxsim.runner import payback_weeks, run
from cxsim.stats import mean_ci, paired_diff_ci

DEFAULT = ()
REGROUP = ("structure.merge.field_service=1", "structure.merge.customer_service=1")
CONFLICTS = ("levers.budget_conflict_rate=3", "leader.authority=1")  # a programme fought over its budget
STOPPED = ("executive.patience=13", "executive.improvement=200", "executive.cut=1", "executive.attention=1")


def per_rep(ts, metric: str, weeks=None, end: bool = False) -> np.ndarray:
    """One value per replicate: at the last week (``end``), the mean over ``weeks`` (first, last),
    or the mean over the last 13 weeks."""
    if end:
        sel = ts[ts["week"] == ts["week"].max()]
    elif weeks is not None:
        sel = ts[(ts["week"] >= weeks[0]) & (ts["week"] <= weeks[1])]
    else:
        sel = ts[ts["week"] > ts["week"].max() - 13]
    return sel.groupby("replicate")[metric].mean().sort_index().to_numpy()


class Study:
    def __init__(self, replicates: int, seed: int = 2024):
        self.replicates, self.seed, self.cache, self.rows = replicates, seed, {}, []

    def ts(self, overrides):
        key = tuple(overrides)
        if key not in self.cache:
            t = time.perf_counter()
            self.cache[key] = run(compose([*overrides, f"seed={self.seed}"]), replicates=self.replicates).timeseries
            print(f"  ran {' '.join(overrides) or 'default'} in {time.perf_counter() - t:.0f} s", file=sys.stderr)
        return self.cache[key]

    def contrast(self, what, a, b, metric, **pick):
        d = paired_diff_ci(per_rep(self.ts(a), metric, **pick), per_rep(self.ts(b), metric, **pick))
        self.rows.append((what, metric, f"{d.mean:+.4g} [{d.low:+.4g}, {d.high:+.4g}]"))

    def level(self, what, a, metric, **pick):
        mean, lo, hi = mean_ci(per_rep(self.ts(a), metric, **pick))
        self.rows.append((what, metric, f"{mean:.4g} [{lo:.4g}, {hi:.4g}]"))

    def payback(self, what, a):
        weeks = payback_weeks(self.ts(a))
        paid = [w for w in weeks if w is not None]
        median = np.median([w if w is not None else np.inf for w in weeks])
        self.rows.append((what, "payback week", f"median {median:g}, paid back in {len(paid)}/{len(weeks)}"
                          + (f", weeks {min(paid):g}–{max(paid):g}" if paid else "")))


def regrouping(s: Study):
    s.contrast("regroup field_service + customer_service − overlay, last quarter", REGROUP, DEFAULT, "incident_rate_installation_support")
    s.contrast("regroup − overlay, last quarter", REGROUP, DEFAULT, "disagreement_installation_support")
    for metric in ("resistance", "quality_installation", "engagement"):
        s.contrast("regroup − overlay, during the transition (weeks 13–39)", REGROUP, DEFAULT, metric, weeks=(13, 39))
    for metric in ("nps_gain", "customer_friction"):
        s.contrast("regroup − overlay, last quarter", REGROUP, DEFAULT, metric)
    s.contrast("regroup − overlay, at the horizon", REGROUP, DEFAULT, "roi", end=True)
    for preset in ("umbrella", "umbrella_journey", "extended_department", "new_direction"):
        for metric in ("nps_gain", "customer_friction", "internal_friction"):
            s.contrast(f"structure={preset} − overlay, last quarter", (f"structure={preset}",), DEFAULT, metric)
        s.contrast(f"structure={preset} − overlay, transition (weeks 13–39)", (f"structure={preset}",), DEFAULT, "resistance", weeks=(13, 39))
        s.contrast(f"structure={preset} − overlay, at the horizon", (f"structure={preset}",), DEFAULT, "roi", end=True)


def forum(s: Study):
    for label, base in (("default programme", DEFAULT), ("programme fought over its budget", CONFLICTS)):
        s.contrast(f"forum − none, {label}, at the horizon", (*base, "governance=forum"), base, "conflicts_total_marketing", end=True)
        s.contrast(f"forum − none, {label}, at the horizon", (*base, "governance=forum"), base, "conflicts_total", end=True)
        s.level(f"none, {label}: marketing conflicts at the horizon", base, "conflicts_total_marketing", end=True)
    for metric in ("playbook_knowledge", "nps_gain", "employee_knowledge", "customer_friction"):
        s.contrast("forum − none, last quarter", ("governance=forum",), DEFAULT, metric)
    s.contrast("forum − none, at the horizon", ("governance=forum",), DEFAULT, "roi", end=True)
    s.contrast("forum (marketing-owned) − none (marketing-owned), last quarter", ("reporting=marketing", "governance=forum"), ("reporting=marketing",), "nps_gain")


def money(s: Study):
    for company in ("siloed_telecom", "lack_of_transversality", "lack_of_weight", "lack_of_vision"):
        case = (f"company={company}",)
        for metric in ("roi", "net_benefit", "programme_cost_total", "customer_equity_gain"):
            s.level(f"default programme, company={company}, at the horizon", case, metric, end=True)
        s.level(f"default programme, company={company}, last quarter", case, "nps_gain")
        s.payback(f"default programme, company={company}", case)
    s.level("lure with a 0.5 M€/year salary, at the horizon", ("leader=lure",), "roi", end=True)
    s.level("lure, whole run", ("leader=lure",), "revenue_gain", weeks=(0, 156))


def others(s: Study):
    s.contrast("arbiter_rank 0.3 − 1, at the horizon", (*CONFLICTS, "executive.arbiter_rank=0.3"), CONFLICTS, "political_capital", end=True)
    s.contrast("arbiter_rank 0.3 − 1, last quarter", (*CONFLICTS, "executive.arbiter_rank=0.3"), CONFLICTS, "nps_gain")
    organic = ("change=organic", *STOPPED)
    s.contrast("organic, budget stopped: champion_fade 0.1 − 0, last quarter", (*organic, "levers.champion_fade=0.1"), organic, "champion_share")
    s.contrast("organic, budget stopped: champion_fade 0.1 − 0, last quarter", (*organic, "levers.champion_fade=0.1"), organic, "nps")
    s.contrast("organic programme: champion_fade 0.1 − 0, last quarter", ("change=organic", "levers.champion_fade=0.1"), ("change=organic",), "nps_gain")
    s.contrast("ex_delay 52 − 0, at week 52", ("leader.ex_delay=52",), DEFAULT, "engagement", weeks=(52, 52))
    s.contrast("ex_delay 52 − 0, last quarter", ("leader.ex_delay=52",), DEFAULT, "nps_gain")


STUDIES = {"regrouping": regrouping, "forum": forum, "money": money, "others": others}


def main(argv) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--replicates", type=int, default=20)
    ap.add_argument("--only", default=None, help="run only the studies whose name contains this text")
    ap.add_argument("--out", type=Path, default=None)
    args = ap.parse_args(argv)
    runin.CACHE_SIZE = max(runin.CACHE_SIZE, 8 * args.replicates)  # each replicate's company runs in once
    s = Study(args.replicates)
    for name, study in STUDIES.items():
        if args.only is None or args.only in name:
            study(s)
    lines = [f"| contrast or level ({args.replicates} paired replicates, 95% interval) | metric | value |", "|---|---|---|"]
    lines += [f"| {what} | `{metric}` | {value} |" for what, metric, value in s.rows]
    text = "\n".join(lines)
    print(text)
    if args.out:
        args.out.write_text(text + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
