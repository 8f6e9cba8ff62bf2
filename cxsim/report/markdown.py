"""``report.md``: the scenario table, the figures, failed and missing jobs, the timing.

The table's columns are the metrics of the registry's ``report_table`` view
(:func:`cxsim.metrics.metrics_in`), titled with :attr:`~cxsim.metrics.Metric.title`.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from ..metrics import WINDOW, metrics_in
from .formatting import interval, markdown_table
from .sweep import Sweep


def render(sweep: Sweep, summary, plots: list[Path], heat: list[Path], tim: dict, files: list[str]) -> str:
    n_expected = len(sweep.expected) if sweep.expected is not None else len(sweep.jobs)
    lines = [
        "# cxsim sweep report",
        "",
        f"Sweep directory: `{sweep.dir}`  ",
        f"Generated: {datetime.now().astimezone().isoformat(timespec='seconds')}  ",
        f"Jobs: {len(sweep.complete)} complete, {len(sweep.failed)} failed, "
        f"{len(sweep.missing) + len(sweep.incomplete)} missing or incomplete, {len(sweep.damaged)} damaged "
        f"(of {n_expected}).",
        "",
    ]
    if sweep.problems:
        lines += ["**Damaged files of the sweep:** " + "; ".join(sweep.problems) + ".", ""]
    fixed = [k for k in sweep.keys if k not in sweep.swept]
    if sweep.swept:
        lines.append("Swept: " + "; ".join(
            f"`{k}` ∈ {{{', '.join(dict.fromkeys(str(j.params.get(k)) for j in sweep.jobs if k in j.params))}}}"
            for k in sweep.swept) + ("  (seed adds replicates to each scenario)" if "seed" in sweep.swept else ""))
    if fixed:
        lines.append("Fixed overrides: " + " ".join(f"`{k}={sweep.jobs[0].params.get(k)}`" for k in fixed if sweep.jobs))
    lines += ["", "## Scenario summary", ""]
    if summary.empty:
        lines.append("No complete job: nothing to summarise.")
    else:
        lines.append(f"Mean over replicates of each replicate's mean over the last {WINDOW} weeks, with its 95% "
                     "interval (Student t). `n` = replicates. All summary metrics: `scenario_summary.csv`.")
        lines.append("")
        cols = [(m.name, m.title) for m in metrics_in("report_table") if f"{m.name}_mean" in summary.columns]
        rows = []
        for _, r in summary.iterrows():
            rows.append([r["scenario"], r["replicates"]] + [
                interval(r[f"{m}_mean"], r[f"{m}_lo"], r[f"{m}_hi"], int(r["replicates"])) for m, _ in cols])
        lines.append(markdown_table(["scenario", "n"] + [lab for _, lab in cols], rows))
    if plots:
        lines += ["", "## Over time", "",
                  "Weekly mean per scenario and its 95% band over replicates; the dashed line marks the "
                  "programme start (`leader.start_week`).", ""]
        lines += [f"![{p.stem.removeprefix('compare_')}]({p.name})" for p in plots]
    if heat:
        lines += ["", "## Two swept parameters", ""] + [f"![heatmap]({p.name})" for p in heat]
    if sweep.failed:
        lines += ["", "## Failed jobs", "", "Each failed job's traceback is in its `error.txt`.", ""]
        lines.append(markdown_table(["job", "overrides", "error"],
                                    [[j.name, " ".join(j.overrides), j.error or ""] for j in sweep.failed]))
    if sweep.damaged:
        lines += ["", "## Damaged jobs", "",
                  "These jobs' files do not verify (changed, cut or unreadable after they were written): their "
                  "numbers are not in this report. Run the same sweep again with `hydra.sweep.dir=` this directory: "
                  "they run again.", ""]
        lines.append(markdown_table(["job", "overrides", "what is wrong"],
                                    [[j.name, " ".join(j.overrides), j.error or ""] for j in sweep.damaged]))
    if sweep.missing or sweep.incomplete:
        lines += ["", "## Missing or incomplete jobs", "",
                  "Run the same sweep again with `hydra.sweep.dir=` this directory to complete it: jobs with "
                  "complete results are skipped.", ""]
        rows = [[j.name, " ".join(j.overrides), "started, no result (killed or still running)"] for j in sweep.incomplete]
        rows += [["—", " ".join(o), "no job directory"] for o in sweep.missing]
        lines.append(markdown_table(["job", "overrides", "state"], rows))
    if sweep.stale:
        lines += ["", f"Ignored {len(sweep.stale)} job director{'y' if len(sweep.stale) == 1 else 'ies'} from "
                  "another sweep into the same directory: " + ", ".join(f"`{j.name}`" for j in sweep.stale) + "."]
    lines += ["", "## Timing", ""]
    t = [f"{tim['jobs_ran']} job(s) ran in the last invocation, {tim['jobs_skipped']} were complete already and "
         "skipped. Over all complete jobs, with the timings of the runs that made them: simulation "
         f"{tim['simulation_s']:.1f} s, writing outputs {tim['write_s']:.1f} s."]
    if tim["reran"]:
        t.append(f"{len(tim['reran'])} job(s) ran again because their earlier outputs did not verify: " +
                 "; ".join(f"`{name}` ({why})" for name, why in tim["reran"]) + ".")
    if tim.get("overhead_share") is not None:
        t.append(f"Last invocation: wall time {tim['wall_s']:.1f} s with {tim['workers']} worker(s) ({tim['launcher']}): "
                 f"simulation {100 * tim['simulation_share']:.0f}%, writing {100 * tim['write_share']:.0f}%, "
                 f"Hydra, launcher and idle workers {100 * tim['overhead_share']:.0f}% "
                 "(wall − (simulation + writing) / workers).")
    lines.append(" ".join(t))
    lines += ["", "## Files", ""] + [f"- `{f}`" for f in files]
    lines += ["", "Columns of `all_runs`: `job` (directory), `scenario`, one column per override and per "
              "config group choice, `seed`, `replicate`, `week`, then the weekly metrics (units and "
              "definitions in docs/ODD.md)."]
    return "\n".join(lines) + "\n"


__all__ = ["render"]
