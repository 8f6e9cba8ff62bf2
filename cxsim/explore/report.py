"""The report of an exploration: ``report.md`` and its figures, and ``docs/robustness.md``.

Readable at a glance: what ran and what it cost first, then each outcome's spread and noise
share, the sensitivity indices (the most influential factors first, with intervals), the
scenario-discovery boxes and rules, the robustness of the facts, and the factors' ranges.
"""

from __future__ import annotations

import math
import os
from pathlib import Path

import pandas as pd

from . import figures
from .analyse import importance
from .discover import describe_box
from .robustness import hinge_lines, table_rows

TOP = 8  # factors listed per outcome


def _fmt(x, digits: int = 3) -> str:
    if x is None or (isinstance(x, float) and not math.isfinite(x)):
        return "–"
    return f"{x:.{digits}g}" if isinstance(x, float) else str(x)


def _rel(path: Path, start: Path) -> str:
    return os.path.relpath(Path(path).resolve(), Path(start).resolve())


def what_ran(plan, table: pd.DataFrame, stats) -> list[str]:
    failed = int(table["error"].notna().sum())
    lines = [f"- design: **{plan.spec.kind}**, n = {plan.spec.n}"
             + (f" ({plan.spec.levels} levels)" if plan.spec.kind == "morris" else "")
             + f", {len(plan.design)} points over {len(plan.factors)} factors, seed {plan.seed}",
             f"- each point: {len(plan.scenarios)} scenario(s) × {plan.replicates} paired replicate(s) (common random numbers"
             f"{' across scenarios and across points: every point has the same seeds' if plan.seeds == 'common' else ' across scenarios; seeds independent from point to point'}); "
             f"the whole design: {plan.cost()[0]:,} model runs, {plan.cost()[1]:,} simulated weeks",
             f"- points with results: {len(table) - failed} of {len(plan.design)}; failed: {failed}"
             + (f"; chunks resumed from disk: {stats.chunks_skipped}" if stats.chunks_skipped else "")]
    if stats.chunk_errors:
        lines.append(f"- **chunks lost** (rerun the same command to resume): {'; '.join(stats.chunk_errors)}")
    lines.append("")
    lines.append("| scenario | overrides (on top of the base: " + (", ".join(plan.settings.get("base") or []) or "defaults") + ") |")
    lines.append("| --- | --- |")
    lines += [f"| {name} | {', '.join(ov) or '(base)'} |" for name, ov in plan.scenarios.items()]
    return lines


def timing_lines(timing: dict) -> list[str]:
    lines = ["| phase | seconds |", "| --- | ---: |", *(f"| {k} | {v:.1f} |" for k, v in timing["phases"].items()), ""]
    if timing["sim_seconds"] <= 0:  # every chunk was on disk: this invocation only analysed
        return lines + [f"Every chunk was on disk: the simulation ran in earlier invocations of the same command "
                        f"({timing.get('points_seconds_on_disk', 0.0):,.0f} s of model time summed over the points); "
                        "their wall time and overhead are in their logs, not measured by this one."]
    return lines + [f"Simulation: {timing['sim_seconds']:.1f} s inside the model over {timing['workers']} worker(s); "
                    f"time outside the simulation: **{100 * timing['overhead_share']:.1f}%** of the wall time × workers "
                    "(planning, starting workers, idle workers at the end, writing, analysis)."]


def outcome_lines(plan, summary: pd.DataFrame) -> list[str]:
    lines = ["| outcome | definition | unit | mean | sd across points | range | noise share |",
             "| --- | --- | --- | ---: | ---: | --- | ---: |"]
    by_name = {o.name: o for o in plan.outcomes}
    for r in summary.itertuples():
        o = by_name[r.outcome]
        lines.append(f"| {o.name} | {o.describe()} | {o.unit} | {_fmt(r.mean)} | {_fmt(r.sd)} | "
                     f"[{_fmt(r.min)}, {_fmt(r.max)}] | {_fmt(r.noise_share, 2)} |")
    lines += ["", "Noise share: the replicate noise of a point's mean (sd²/R, averaged over points) over the "
              "variance of the means across points. Near 0: the spread is the assumptions' doing; "
              "above about 0.3, indices of this outcome are blurred by noise (add replicates)."]
    if plan.replicates < 2:
        lines += ["", "One replicate per point: the noise share cannot be measured here (–). "
                  + ("Every point has the same seed, so an assumption that cannot act has an index of exactly 0; "
                     "but a change of any assumption re-draws the stochastic trajectory from that seed, and that "
                     "run-to-run noise shows up as *interactions* (ST well above S1), not as a noise share."
                     if plan.seeds == "common" else "Indices include the replicate noise of every point.")]
    return lines


def sensitivity_lines(kind: str, idx: pd.DataFrame) -> list[str]:
    if idx.empty:
        return ["No index could be computed (no outcome with results, or no spread)."]
    lines = []
    for o in dict.fromkeys(idx["outcome"]):
        d = idx[idx["outcome"] == o]
        if kind == "morris":
            d = d.nlargest(TOP, "mu_star")
            lines += [f"**{o}** (Morris)", "", "| factor | μ* [95%] | μ | σ |", "| --- | --- | ---: | ---: |"]
            lines += [f"| {r.factor} | {_fmt(r.mu_star)} [{_fmt(r.mu_star - r.mu_star_conf)}, {_fmt(r.mu_star + r.mu_star_conf)}] "
                      f"| {_fmt(r.mu)} | {_fmt(r.sigma)} |" for r in d.itertuples()]
        elif kind == "sobol":
            d = d.nlargest(TOP, "ST")
            lines += [f"**{o}** (Sobol)", "", "| factor | S1 [95%] | ST [95%] |", "| --- | --- | --- |"]
            lines += [f"| {r.factor} | {r.S1:.2f} [{r.S1 - r.S1_conf:.2f}, {r.S1 + r.S1_conf:.2f}] | "
                      f"{r.ST:.2f} [{r.ST - r.ST_conf:.2f}, {r.ST + r.ST_conf:.2f}] |" for r in d.itertuples()]
        else:
            d = d.assign(size=d["rho"].abs()).nlargest(TOP, "size")
            lines += [f"**{o}** (Spearman ρ)", "", "| factor | ρ [95%] |", "| --- | --- |"]
            lines += [f"| {r.factor} | {r.rho:.2f} [{r.rho_lo:.2f}, {r.rho_hi:.2f}] |" for r in d.itertuples()]
        dropped = int(d["units_dropped"].max()) if "units_dropped" in d else 0
        lines += [f"\n{dropped} unit(s) with a failed point left out." if dropped else "", ""]
    ranking = importance(kind, idx)
    lines += ["**Overall ranking** (largest index relative to each outcome's largest, over all outcomes; "
              "ties by the mean): "
              + ", ".join(f"{f} ({v:.2f})" for f, v in ranking.head(12).items()), ""]
    return lines


def discovery_lines(found: list, figs: dict) -> list[str]:
    lines = []
    for i, (q, box, rules) in enumerate(found):
        fig = figs.get(f"prim_{i}")
        lines.append(f"**{q.label}** ({q.outcome} {'<' if q.below else '>'} {q.threshold:g})")
        if box is None:
            lines.append("\nToo few cases (or too few others) to describe: fewer than 5 points on one side.\n")
            continue
        lines.append(f"\n- base rate: {box.base_density:.0%} of the points")
        figure = f" ([figure]({fig.name}))" if fig else ""
        if len(box.limits):
            lines.append(f"- PRIM: {describe_box(box)}: coverage {box.coverage:.0%}, density {box.density:.0%}, "
                         f"mass {box.mass:.0%}{figure}")
        else:
            lines.append(f"- PRIM: no restriction is significant (quasi-p < 0.05): the cases are spread over the space{figure}")
        lines += [f"- CART: {r.conditions}: coverage {r.coverage:.0%}, density {r.density:.0%} ({r.n} points)" for r in rules[:3]]
        lines.append("")
    return lines


def factor_lines(plan) -> list[str]:
    lines = ["| factor | role | range | unit | why this range |", "| --- | --- | --- | --- | --- |"]
    lines += [f"| {f.name} | {f.role} | [{f.lo:g}, {f.hi:g}] | {f.unit} | {f.reason} |" for f in plan.factors]
    return lines


def robustness_frame(facts) -> pd.DataFrame:
    return pd.DataFrame([{"fact": r.outcome.fact or r.outcome.name, "sign_share": r.sign_share,
                          "sign_lo": r.sign_ci[0], "sign_hi": r.sign_ci[1], "significant_share": r.significant_share,
                          "significant_lo": r.significant_ci[0], "significant_hi": r.significant_ci[1]} for r in facts])


def draw_figures(plan, idx: pd.DataFrame, found: list, facts: list) -> dict:
    """Every figure of the report, drawn into ``plan.report_dir``: {name: path}."""
    out = Path(plan.report_dir)
    figs = {}
    kind = plan.spec.kind
    if not idx.empty:
        draw = {"morris": figures.morris_plot, "sobol": figures.sobol_plot, "lhs": figures.correlation_plot}[kind]
        figs[kind] = draw(idx, out / f"{kind}.png")
    for i, (q, box, _rules) in enumerate(found):
        if box is not None:
            figs[f"prim_{i}"] = figures.prim_plot(box, q.label, out / f"prim_{i}.png")
    if facts:
        figs["robustness"] = figures.robustness_plot(robustness_frame(facts), plan.holds, out / "robustness.png")
        for r in facts:
            if r.box is not None and len(r.box.limits):
                name = f"hinge_{r.outcome.name}"
                figs[name] = figures.prim_plot(r.box, r.question.label, out / f"{name}.png")
    return figs


def write_report(plan, table, stats, summary, idx, found, facts, timing, figs: dict) -> Path:
    """Write report.md into ``plan.report_dir`` (figures drawn by :func:`draw_figures`)."""
    out = Path(plan.report_dir)
    out.mkdir(parents=True, exist_ok=True)
    kind = plan.spec.kind
    lines = [f"# Exploration `{plan.name}`", "", "Written by `python -m cxsim.explore` (docs/exploration.md).", "",
             "## What ran", "", *what_ran(plan, table, stats), "", "## Timing", "", *timing_lines(timing), "",
             "## Outcomes", "", *outcome_lines(plan, summary), "", "## Sensitivity", ""]
    if kind in figs:
        lines += [f"![{kind}]({figs[kind].name})", ""]
    lines += sensitivity_lines(kind, idx)
    if found:
        lines += ["## Scenario discovery", "", *discovery_lines(found, figs)]
    if facts:
        lines += ["## Robustness of the facts", "", *table_rows(facts), "", f"![robustness]({figs['robustness'].name})", "",
                  *hinge_lines(facts, plan.holds), ""]
        lines += [f"![{name}]({path.name})" for name, path in figs.items() if name.startswith("hinge_")] + [""]
    failed = table[table["error"].notna()]
    if len(failed):
        lines += ["## Failed points", "", "| point | error |", "| ---: | --- |",
                  *(f"| {r.point} | {r.error} |" for r in failed.head(20).itertuples()), ""]
    lines += ["## Factors", "", *factor_lines(plan), ""]
    path = out / "report.md"
    path.write_text("\n".join(lines))
    return path


def write_robustness_doc(plan, facts, table, report: Path) -> Path:
    """``docs/robustness.md``: the robustness table of every fact, and where the fragile ones fail."""
    path = Path(plan.robustness_doc)
    path.parent.mkdir(parents=True, exist_ok=True)
    figure = _rel(Path(plan.report_dir) / "robustness.png", path.parent)
    lines = ["# Robustness of the stylised facts", "",
             f"Generated by `python -m cxsim.explore` ({plan.name}): a {plan.spec.kind} sample of "
             f"{len(table)} points of the assumption space ({len(plan.factors)} factors, ranges in "
             f"[the exploration's report]({_rel(report, path.parent)})) × {plan.replicates} paired replicates per "
             "scenario. Each fact is a contrast between composed scenarios with an expected sign "
             "(configs/explore/questions/facts.yaml). *Sign share*: share of points where the mean paired "
             "difference has the expected sign; *significant share*: where its 95% interval is on the expected "
             "side; both with Wilson 95% intervals; *no difference*: where the two arms never diverged (common "
             "random numbers: the mechanism did not act). Facts are reported as measured: the model is not tuned "
             "to raise these shares.", "", *table_rows(facts), "", f"![robustness]({figure})", ""]
    hinges = hinge_lines(facts, plan.holds)
    lines += ["## Where the fragile facts fail", "", *(hinges or [f"Every fact holds in at least {plan.holds:.0%} of the space."]), ""]
    path.write_text("\n".join(lines))
    return path


__all__ = ["draw_figures", "write_report", "write_robustness_doc"]
