"""Measured effects of the mechanisms of issue 15, paired over replicates (common random numbers).

    python benchmarks/mechanism_effects.py [--replicates 20] [--only money,ex_timing,...] [--out FILE]

Each line is a contrast a − b of one metric between two scenarios composed from ``configs/``
(same replicate seeds, so replicate r of both starts from the same company), with its 95%
Student-t interval over the paired differences (``cxsim.stats.paired_diff_ci``), or a level with
its interval. The run-in cache is enlarged so that each replicate's company runs in once.
Prints a markdown table (and writes it to ``--out``).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import asdict
from pathlib import Path

import numpy as np

from cxsim.cli.scenarios import compose
from cxsim.model import runin
from cxsim.runner import payback_weeks, run
from cxsim.stats import mean_ci, paired_diff_ci

DEFAULT = ()
REGROUP = ("structure.merge.field_service=1", "structure.merge.customer_service=1")
CONFLICTS = ("levers.budget_conflict_rate=3", "leader.authority=1")  # a programme fought over its budget
EX_DELAYS = (0, 26, 52, 104, 520)
NEVER = 520  # beyond the 156-week horizon: the EX part never starts
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
        cfg = compose([*overrides, f"seed={self.seed}"])
        key = json.dumps(asdict(cfg), sort_keys=True, default=str)  # presets that compose the same config run once
        if key not in self.cache:
            t = time.perf_counter()
            self.cache[key] = run(cfg, replicates=self.replicates).timeseries
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


def ex_timing(s: Study):
    """Seed 004's delay between the customer side and the EX side: 0 (together), later, never
    (a delay beyond the horizon: the EX money goes to the customer side, ``leader.ex_reallocation``)."""
    for delay in EX_DELAYS[1:]:
        case = (f"leader.ex_delay={delay}",)
        label = "never (520)" if delay >= NEVER else str(delay)
        for metric in ("nps_gain", "engagement", "customer_friction", "internal_friction"):
            s.contrast(f"ex_delay {label} − 0, last quarter", case, DEFAULT, metric)
        s.contrast(f"ex_delay {label} − 0, at the horizon", case, DEFAULT, "roi", end=True)
    for delay in EX_DELAYS:
        label = "never (520)" if delay >= NEVER else str(delay)
        s.level(f"ex_delay {label}, last quarter", (f"leader.ex_delay={delay}",), "nps_gain")


def money(s: Study):
    for metric in ("roi", "net_benefit", "programme_cost_total", "revenue_gain", "customer_equity_gain"):
        s.level("default programme (default company), at the horizon", DEFAULT, metric, end=True)
    s.payback("default programme (default company)", DEFAULT)
    s.level("lure with a 0.5 M€/year salary, at the horizon", ("leader=lure",), "roi", end=True)
    s.level("lure, whole run", ("leader=lure",), "revenue_gain", weeks=(0, 156))


def money_by_company(s: Study):
    for company in ("lack_of_transversality", "lack_of_weight", "lack_of_vision"):
        case = (f"company={company}",)
        for metric in ("roi", "net_benefit", "programme_cost_total", "customer_equity_gain"):
            s.level(f"default programme, company={company}, at the horizon", case, metric, end=True)
        s.level(f"default programme, company={company}, last quarter", case, "nps_gain")
        s.payback(f"default programme, company={company}", case)


def others(s: Study):
    s.contrast("arbiter_rank 0.3 − 1, at the horizon", (*CONFLICTS, "executive.arbiter_rank=0.3"), CONFLICTS, "political_capital", end=True)
    s.contrast("arbiter_rank 0.3 − 1, last quarter", (*CONFLICTS, "executive.arbiter_rank=0.3"), CONFLICTS, "nps_gain")
    organic = ("change=organic", *STOPPED)
    s.contrast("organic, budget stopped: champion_fade 0.1 − 0, last quarter", (*organic, "levers.champion_fade=0.1"), organic, "champion_share")
    s.contrast("organic, budget stopped: champion_fade 0.1 − 0, last quarter", (*organic, "levers.champion_fade=0.1"), organic, "nps")
    s.contrast("organic programme: champion_fade 0.1 − 0, last quarter", ("change=organic", "levers.champion_fade=0.1"), ("change=organic",), "nps_gain")
    s.contrast("ex_delay 52 − 0, at week 52", ("leader.ex_delay=52",), DEFAULT, "engagement", weeks=(52, 52))
    s.contrast("ex_delay 52 − 0, last quarter", ("leader.ex_delay=52",), DEFAULT, "nps_gain")


STUDIES = {"money": money, "ex_timing": ex_timing, "regrouping": regrouping, "forum": forum, "others": others, "money_by_company": money_by_company}


def table(s: Study) -> str:
    lines = [f"| contrast or level ({s.replicates} paired replicates, seed {s.seed}, 95% interval) | metric | value |", "|---|---|---|"]
    return "\n".join(lines + [f"| {what} | `{metric}` | {value} |" for what, metric, value in s.rows])


def main(argv) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--replicates", type=int, default=20)
    ap.add_argument("--only", default=None, help=f"comma-separated studies to run, in this order (default: all of {', '.join(STUDIES)})")
    ap.add_argument("--out", type=Path, default=None, help="markdown file rewritten after each study (a partial table survives an interruption)")
    args = ap.parse_args(argv)
    names = args.only.split(",") if args.only else list(STUDIES)
    unknown = [n for n in names if n not in STUDIES]
    if unknown:
        ap.error(f"--only: unknown studies {unknown}; allowed: {', '.join(STUDIES)}")
    runin.CACHE_SIZE = max(runin.CACHE_SIZE, 8 * args.replicates)  # each replicate's company runs in once
    s = Study(args.replicates)
    for name in names:
        t = time.perf_counter()
        STUDIES[name](s)
        print(f"study {name} done in {time.perf_counter() - t:.0f} s", file=sys.stderr)
        if args.out:
            args.out.write_text(table(s) + "\n")
    print(table(s))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
