"""The report's tables: every weekly row of a sweep, the per-scenario summary, the timing.

* :func:`all_runs`: one row per job × replicate × week, with the job, its scenario, its
  overrides and group choices as columns, then every weekly metric;
* :func:`scenario_summary`: per scenario, the mean and 95% interval over replicates of each
  summary metric (each replicate's mean over the last WINDOW weeks, as in a job's
  summary.json); with a single replicate there is no interval (its bounds are empty);
* :func:`timing`: where a sweep's wall time went.
"""

from __future__ import annotations

import math

from ..outputs import TIMESERIES_FILE
from .sweep import Job, Sweep


def all_runs(sweep: Sweep):
    """One row per complete job × replicate × week, overrides and group choices as columns."""
    import pandas as pd

    keys = sweep.keys
    groups: dict[str, None] = {}
    for job in sweep.jobs:
        for g in job.choices:
            if g not in keys:
                groups.setdefault(g, None)
    frames = []
    for job in sweep.complete:
        ts = pd.read_parquet(job.path / TIMESERIES_FILE)
        meta = {"job": job.name, "scenario": sweep.scenario(job.params)}
        meta.update({k: job.value(k) for k in keys})
        meta.update({g: job.choices.get(g) for g in groups})
        meta.setdefault("seed", job.seed)
        head = pd.DataFrame({k: [v] * len(ts) for k, v in meta.items()}, index=ts.index)
        frames.append(pd.concat([head, ts.drop(columns=[c for c in meta if c in ts.columns])], axis=1))
    if not frames:
        return pd.DataFrame(columns=["job", "scenario", *keys, *groups, "replicate", "week"])
    return pd.concat(frames, ignore_index=True)


def scenario_summary(sweep: Sweep):
    """Per scenario: mean and 95% interval over replicates of each summary metric."""
    import pandas as pd

    from ..metrics import SUMMARY_METRICS
    from ..stats import mean_ci

    order: dict[str, list[Job]] = {}
    for job in sweep.complete:
        order.setdefault(sweep.scenario(job.params), []).append(job)
    metrics = [m for m in SUMMARY_METRICS if all(m in (j.summary or {}).get("per_replicate", {}) for j in sweep.complete)]
    rows = []
    for label, jobs in order.items():
        row = {"scenario": label}
        row.update({k: jobs[0].value(k) for k in sweep.scenario_keys})
        row["jobs"] = len(jobs)
        row["replicates"] = sum(len(j.summary["per_replicate"][metrics[0]]) for j in jobs) if metrics else 0
        for m in metrics:
            values = [v for j in jobs for v in j.summary["per_replicate"][m]]
            mean, lo, hi = mean_ci(values) if len(values) > 1 else (mean_ci(values)[0], math.nan, math.nan)
            row[f"{m}_mean"], row[f"{m}_lo"], row[f"{m}_hi"] = mean, lo, hi
        rows.append(row)
    return pd.DataFrame(rows)


def timing(sweep: Sweep) -> dict:
    """Where a sweep's time went. Totals cover every complete job with the timings of the run
    that made its outputs (a resume keeps them); the shares of the wall time are those of the
    last invocation (``sweep.json``) and count the jobs that ran in it."""
    ran = [j.timing for j in sweep.jobs if j.timing.get("status") == "ok"]
    made = [j.timing for j in sweep.complete]

    def total(records, key):
        return sum(t.get(key) or 0.0 for t in records)

    out = {
        "jobs_ran": len(ran),
        "jobs_skipped": sum(1 for j in sweep.jobs if j.timing.get("status") == "skipped"),
        "reran": [(j.name, j.timing["rerun_reason"]) for j in sweep.jobs
                  if j.timing.get("status") == "ok" and j.timing.get("rerun_reason")],
        "simulation_s": total(made, "simulation_s"),
        "write_s": total(made, "write_s"),
        "job_s": total(made, "job_s"),
    }
    info = sweep.info or {}
    wall, workers = info.get("wall_s"), info.get("workers")
    out.update(wall_s=wall, workers=workers, launcher=info.get("launcher"))
    if wall and workers:
        simulation, write = total(ran, "simulation_s"), total(ran, "write_s")
        busy = (simulation + write) / workers
        out["simulation_share"] = simulation / workers / wall
        out["write_share"] = write / workers / wall
        out["overhead_s"] = wall - busy
        out["overhead_share"] = (wall - busy) / wall
    return out


__all__ = ["all_runs", "scenario_summary", "timing"]
