"""One exploration from config to report: plan, run, analyse, discover, report. No Hydra in here.

:func:`explore` takes the exploration's config as a plain dict (what Hydra composes from
``configs/explore/``) and writes, into ``out_dir``:

* ``manifest.json`` (what decides the results; a rerun with other settings is refused),
  ``design.parquet`` (the sampled points), ``chunks/`` (results as they arrive),
* ``table.parquet``: one row per design point, the factors and, per outcome, the mean over
  replicates, its sd and the number of replicates, ``error``, ``seconds``, ``sim_seconds``,
* ``indices.csv`` (Morris, Sobol or rank-correlation indices), ``outcomes.csv`` (spread and noise
  share), ``timing.json``,

and the report (``report_dir``: report.md and figures), plus ``docs/robustness.md`` when the
config asks for it (``robustness.doc``).
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from . import analyse
from .discover import cart_rules, prim_box
from .execute import RunStats, run_design
from .plan import INDICES_FILE, MANIFEST_FILE, Plan, preflight
from .report import draw_figures, write_report, write_robustness_doc
from .robustness import fact_results

TABLE_FILE = "table.parquet"
log = logging.getLogger("cxsim.explore")


@dataclass
class Exploration:
    plan: Plan
    table: pd.DataFrame
    stats: RunStats
    indices: pd.DataFrame
    summary: pd.DataFrame
    timing: dict
    report: Path
    facts: list

    @property
    def failed(self) -> int:
        return int(self.table["error"].notna().sum()) + (len(self.plan.design) - len(self.table))


def manifest(plan: Plan) -> dict:
    return {"name": plan.name, "kind": plan.spec.kind, "fingerprint": plan.fingerprint(),
            "factors": [f.name for f in plan.factors], "scenarios": plan.scenarios,
            "outcomes": [o.name for o in plan.outcomes], "replicates": plan.replicates, "seed": plan.seed, "seeds": plan.seeds,
            "points": len(plan.design)}


def _write(path: Path, write) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    write(tmp)
    tmp.replace(path)


def explore(cfg: Mapping, plan: Plan | None = None) -> Exploration:
    """Run an exploration (resuming the chunks already on disk) and write its outputs."""
    t0 = time.perf_counter()
    plan = plan or preflight(cfg)
    out = plan.out_dir
    out.mkdir(parents=True, exist_ok=True)
    _write(out / MANIFEST_FILE, lambda p: p.write_text(json.dumps(manifest(plan), indent=2)))
    _write(out / "design.parquet", lambda p: plan.design.to_parquet(p))
    runs, weeks = plan.cost()
    log.info("%s: %d points × %d scenario(s) × %d replicate(s) = %d model runs, %d simulated weeks; out_dir %s",
             plan.name, len(plan.design), len(plan.scenarios), plan.replicates, runs, weeks, out)
    t1 = time.perf_counter()
    names = [o.name for o in plan.outcomes]
    table, stats = run_design(plan.evaluator(), plan.design, names, out, plan.seed, plan.replicates,
                              plan.execution, desc=f"explore {plan.name}", common=plan.seeds == "common")
    _write(out / TABLE_FILE, lambda p: table.to_parquet(p, index=False))
    t2 = time.perf_counter()
    summary = analyse.summarise(table, names)
    idx = analyse.indices(plan.spec.kind, plan.factors, table, names, plan.spec.levels, plan.resamples, plan.seed)
    factor_names = [f.name for f in plan.factors]
    found = []
    for q in plan.questions:
        ok = table[table[q.outcome].notna()]
        x, y = ok[factor_names].reset_index(drop=True), q.cases(ok[q.outcome].to_numpy(float))
        found.append((q, prim_box(x, y, plan.min_coverage), cart_rules(x, y, plan.max_depth, seed=plan.seed)))
    facts = fact_results(plan.outcomes, table, factor_names, plan.holds, plan.min_coverage, plan.max_depth)
    _write(out / INDICES_FILE, lambda p: idx.to_csv(p, index=False))
    _write(out / "outcomes.csv", lambda p: summary.to_csv(p, index=False))
    t3 = time.perf_counter()
    figs = draw_figures(plan, idx, found, facts)
    t4 = time.perf_counter()
    timing = {"phases": {"plan (compose, sample)": t1 - t0, "simulation (wall)": t2 - t1,
                         "analysis and discovery": t3 - t2, "figures": t4 - t3},
              "wall_seconds": t4 - t0, "sim_seconds": stats.sim_seconds, "point_seconds": stats.point_seconds,
              "workers": stats.workers, "overhead_share": _overhead(t4 - t0, stats),
              # the points' own model time, whichever invocation ran them (all of it when resumed)
              "points_seconds_on_disk": float(table["seconds"].sum()) if "seconds" in table else 0.0}
    report = write_report(plan, table, stats, summary, idx, found, facts, timing, figs)
    if plan.robustness_doc and facts:
        write_robustness_doc(plan, facts, table, report)
    _write(out / "timing.json", lambda p: p.write_text(json.dumps(timing, indent=2)))
    return Exploration(plan, table, stats, idx, summary, timing, report, facts)


def _overhead(wall: float, stats: RunStats) -> float:
    """Share of (wall time × workers) not spent inside the model: planning, starting workers,
    idle workers at the end, writing, analysis, figures (nan when nothing ran: all resumed)."""
    if wall <= 0 or stats.sim_seconds <= 0:
        return float("nan")
    return max(0.0, 1.0 - stats.sim_seconds / (wall * stats.workers))


__all__ = ["explore", "Exploration", "TABLE_FILE"]
