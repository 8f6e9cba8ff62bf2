"""Aggregate a sweep directory into one table, scenario summaries, comparison plots and a report.

    python -m cxsim.report DIR            # writes DIR/report/

Works on any directory of cxsim jobs written by Hydra (a ``--multirun`` sweep, one run, a sweep
where some jobs failed, were killed or never started): it reads each job's
``.hydra/overrides.yaml`` (what was overridden), ``.hydra/config.yaml`` (the resolved values)
and ``.hydra/hydra.yaml`` (the group choices), and the sweep's ``multirun.yaml`` to know which
jobs should exist. Files written into ``DIR/report/`` (each atomically):

* ``all_runs.parquet`` and ``all_runs.csv``: one row per job × replicate × week, with the job,
  its scenario, its overrides and group choices as columns, then every weekly metric;
* ``scenario_summary.csv``: per scenario, the mean and 95% interval over replicates of each
  summary metric (each replicate's mean over the last 13 weeks, as in a job's summary.json);
* ``compare_<metric>.png``: per main metric, each scenario's weekly mean and 95% band, with the
  programme start (``leader.start_week``) marked;
* ``heatmap.png`` when exactly two numeric parameters are swept (one per combination of any
  other swept parameter);
* ``report.md``: the summary table, the plots, failed and missing jobs, timing.

A *scenario* is a combination of the swept overrides other than ``seed``: sweeping ``seed``
adds replicates to each scenario instead of making new ones.
"""

from __future__ import annotations

import argparse
import math
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import yaml

from ..cli.app import ERROR_FILE, JOB_FILE, SWEEP_FILE, expected_jobs, read_json

REPORT_DIR = "report"
MAIN_TABLE = (
    ("nps", "NPS"),
    ("satisfaction", "Satisfaction"),
    ("churn_rate", "Churn/week"),
    ("customer_friction", "Customer friction"),
    ("internal_friction", "Internal friction"),
    ("employee_knowledge", "Employee knowledge"),
)
HEATMAP_METRICS = (("nps", "NPS"), ("customer_friction", "Customer friction"), ("internal_friction", "Internal friction"))
_SKIP_DIRS = {REPORT_DIR, ".submitit"}


# --------------------------------------------------------------------------------------------
# Reading a sweep directory


def _key_value(override: str) -> tuple[str, str]:
    key, _, value = override.partition("=")
    return key.lstrip("+~"), value


def _lookup(data: dict, dotted: str):
    node = data
    for part in dotted.split("."):
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node


def _load_yaml(path: Path):
    try:
        with open(path) as fh:
            return yaml.safe_load(fh)
    except (OSError, yaml.YAMLError):
        return None


def _natural(name: str):
    return [int(t) if t.isdigit() else t for t in re.split(r"(\d+)", name)]


@dataclass
class Job:
    path: Path
    name: str
    overrides: list[str]
    choices: dict
    config: dict
    status: str  # "ok", "failed" or "incomplete"
    error: str | None = None
    timing: dict = field(default_factory=dict)
    summary: dict | None = None

    @property
    def params(self) -> dict[str, str]:
        """Overridden key → value as written on the command line."""
        return dict(_key_value(o) for o in self.overrides)

    def value(self, key: str):
        """The value a column shows for an overridden key: the group's choice or the resolved value."""
        if key in self.choices:
            return self.choices[key]
        found = _lookup(self.config, key)
        return found if found is not None else self.params.get(key)

    @property
    def seed(self):
        return self.config.get("seed")


@dataclass
class Sweep:
    dir: Path
    jobs: list[Job]
    expected: list[list[str]] | None = None
    missing: list[list[str]] = field(default_factory=list)
    stale: list[Job] = field(default_factory=list)
    info: dict | None = None

    @property
    def complete(self) -> list[Job]:
        return [j for j in self.jobs if j.status == "ok"]

    @property
    def failed(self) -> list[Job]:
        return [j for j in self.jobs if j.status == "failed"]

    @property
    def incomplete(self) -> list[Job]:
        return [j for j in self.jobs if j.status == "incomplete"]

    @property
    def keys(self) -> list[str]:
        """Every overridden key, in the order they appear."""
        out: dict[str, None] = {}
        for overrides in [j.overrides for j in self.jobs] + self.missing:
            for o in overrides:
                out.setdefault(_key_value(o)[0], None)
        return list(out)

    @property
    def swept(self) -> list[str]:
        """Keys whose value differs between jobs (``seed`` included)."""
        all_params = [j.params for j in self.jobs] + [dict(_key_value(o) for o in m) for m in self.missing]
        return [k for k in self.keys if len({p.get(k) for p in all_params}) > 1]

    @property
    def scenario_keys(self) -> list[str]:
        return [k for k in self.swept if k != "seed"]

    def scenario(self, params: dict) -> str:
        keys = self.scenario_keys
        if keys:
            return " ".join(f"{k}={params[k]}" for k in keys if k in params)
        fixed = [f"{k}={v}" for k, v in params.items() if k != "seed"]
        return " ".join(fixed) or "default"


def _read_job(path: Path, root: Path) -> Job:
    from ..runner import SUMMARY_FILE, is_complete

    hydra_dir = path / ".hydra"
    overrides = _load_yaml(hydra_dir / "overrides.yaml") or []
    hydra_cfg = (_load_yaml(hydra_dir / "hydra.yaml") or {}).get("hydra", {}) or {}
    choices = {
        k: v
        for k, v in ((hydra_cfg.get("runtime", {}) or {}).get("choices", {}) or {}).items()
        if not k.startswith("hydra/") and v is not None
    }
    config = _load_yaml(hydra_dir / "config.yaml") or {}
    name = str(path.relative_to(root)) if path != root else "."
    job = Job(path=path, name=name, overrides=[str(o) for o in overrides], choices=choices, config=config,
              status="incomplete", timing=read_json(path / JOB_FILE) or {})
    if is_complete(path) and (summary := read_json(path / SUMMARY_FILE)) is not None:
        job.status, job.summary = "ok", summary
    elif (path / ERROR_FILE).is_file():
        job.status = "failed"
        lines = (path / ERROR_FILE).read_text(errors="replace").splitlines()
        job.error = lines[0] if lines else "unknown error"
    return job


def collect(sweep_dir) -> Sweep:
    """Find every job under ``sweep_dir`` and match them with the jobs the sweep should have."""
    root = Path(sweep_dir)
    if not root.is_dir():
        raise FileNotFoundError(f"{root} is not a directory")
    paths = []
    for hydra_dir in root.rglob(".hydra"):
        rel = hydra_dir.parent.relative_to(root).parts
        if hydra_dir.is_dir() and not _SKIP_DIRS.intersection(rel):
            paths.append(hydra_dir.parent)
    paths.sort(key=lambda p: _natural(str(p.relative_to(root))))
    jobs = [_read_job(p, root) for p in paths]
    sweep = Sweep(dir=root, jobs=jobs, info=read_json(root / SWEEP_FILE))
    multirun = root / "multirun.yaml"
    if multirun.is_file():
        from omegaconf import OmegaConf

        try:
            sweep.expected = expected_jobs(OmegaConf.load(multirun))
        except Exception:
            sweep.expected = None
    if sweep.expected is not None:
        wanted = Counter(tuple(sorted(o)) for o in sweep.expected)
        found = Counter()
        kept = []
        for job in jobs:
            key = tuple(sorted(job.overrides))
            if found[key] < wanted.get(key, 0):
                found[key] += 1
                kept.append(job)
            else:
                sweep.stale.append(job)
        sweep.jobs = kept
        left = wanted - found
        for o in sweep.expected:
            key = tuple(sorted(o))
            if left[key] > 0:
                sweep.missing.append(list(o))
                left[key] -= 1
    return sweep


# --------------------------------------------------------------------------------------------
# Tables


def all_runs(sweep: Sweep):
    """One row per complete job × replicate × week, overrides and group choices as columns."""
    import pandas as pd

    from ..runner import TIMESERIES_FILE

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
            mean, lo, hi = mean_ci(values)
            row[f"{m}_mean"], row[f"{m}_lo"], row[f"{m}_hi"] = mean, lo, hi
        rows.append(row)
    return pd.DataFrame(rows)


def timing(sweep: Sweep) -> dict:
    """Where a sweep's wall time went: simulation, writing outputs, Hydra and launcher."""
    ran = [j.timing for j in sweep.jobs if j.timing.get("status") == "ok"]
    out = {
        "jobs_ran": len(ran),
        "jobs_skipped": sum(1 for j in sweep.jobs if j.timing.get("status") == "skipped"),
        "simulation_s": sum(t.get("simulation_s") or 0.0 for t in ran),
        "write_s": sum(t.get("write_s") or 0.0 for t in ran),
        "job_s": sum(t.get("job_s") or 0.0 for t in ran),
    }
    info = sweep.info or {}
    wall, workers = info.get("wall_s"), info.get("workers")
    out.update(wall_s=wall, workers=workers, launcher=info.get("launcher"))
    if wall and workers:
        busy = (out["simulation_s"] + out["write_s"]) / workers
        out["simulation_share"] = out["simulation_s"] / workers / wall
        out["write_share"] = out["write_s"] / workers / wall
        out["overhead_s"] = wall - busy
        out["overhead_share"] = (wall - busy) / wall
    return out


# --------------------------------------------------------------------------------------------
# Figures


def _colors(n: int):
    import matplotlib.pyplot as plt

    cmap = plt.get_cmap("tab10" if n <= 10 else "tab20")
    return [cmap(i % cmap.N) for i in range(n)]


def _start_weeks(jobs: list[Job]) -> list[int]:
    weeks = set()
    for job in jobs:
        leader = job.config.get("leader", {}) or {}
        if leader.get("enabled", True) and leader.get("start_week") is not None:
            weeks.add(int(leader["start_week"]))
    return sorted(weeks)


def _save(fig, path: Path) -> None:
    from ..plots import _save as save

    save(fig, path, tight=True)  # the legend sits outside the axes; save closes the figure


def comparison_plots(sweep: Sweep, runs, out: Path) -> list[Path]:
    import matplotlib.pyplot as plt
    import numpy as np

    from ..metrics import METRICS
    from ..plots import MAIN_SERIES, band

    ranges = {m.name: (m.lo, m.hi) for m in METRICS}

    if runs.empty:
        return []
    scenarios = list(dict.fromkeys(runs["scenario"]))
    colors = _colors(len(scenarios))
    starts = _start_weeks(sweep.complete)
    reps = runs.groupby("scenario")[["job", "replicate"]].apply(lambda d: len(d.drop_duplicates()))
    paths = []
    for metric, label in MAIN_SERIES:
        if metric not in runs.columns:
            continue
        fig, ax = plt.subplots(figsize=(11, 5.5))
        for scen, color in zip(scenarios, colors):
            weeks, mean, lo, hi = band(runs[runs["scenario"] == scen], metric)
            lo, hi = np.clip(lo, *ranges.get(metric, (-np.inf, np.inf))), np.clip(hi, *ranges.get(metric, (-np.inf, np.inf)))
            ax.plot(weeks, mean, color=color, lw=2, label=f"{scen} (n={reps[scen]})")
            ax.fill_between(weeks, lo, hi, color=color, alpha=0.18, lw=0)
        for i, week in enumerate(starts):
            ax.axvline(week, color="#c0392b", ls="--", lw=1.2, label="programme start" if i == 0 else None)
        ax.set_xlabel("week")
        ax.set_ylabel(label)
        ax.set_title(f"{label}: mean and 95% interval over replicates, per scenario", fontsize=12)
        ax.grid(alpha=0.3)
        ax.legend(fontsize=9, loc="center left", bbox_to_anchor=(1.01, 0.5), frameon=False)
        path = out / f"compare_{metric}.png"
        _save(fig, path)
        paths.append(path)
    return paths


def _is_number(x) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x)


def numeric_swept(sweep: Sweep) -> list[str]:
    keys = []
    for k in sweep.scenario_keys:
        values = [j.value(k) for j in sweep.jobs if k in j.params]
        if values and all(_is_number(v) for v in values):
            keys.append(k)
    return keys


def heatmaps(sweep: Sweep, summary, out: Path) -> list[Path]:
    """When exactly two numeric parameters are swept: a heatmap of the main metrics' means."""
    import matplotlib.pyplot as plt
    import numpy as np

    numeric = numeric_swept(sweep)
    if len(numeric) != 2 or summary.empty:
        return []
    xk, yk = numeric
    others = [k for k in sweep.scenario_keys if k not in numeric]
    groups = list(summary.groupby(others, sort=False)) if others else [((), summary)]
    paths = []
    for n, (values, part) in enumerate(groups):
        values = values if isinstance(values, tuple) else (values,)
        xs = sorted(part[xk].unique())
        ys = sorted(part[yk].unique())
        metrics = [(m, lab) for m, lab in HEATMAP_METRICS if f"{m}_mean" in part.columns]
        fig, axes = plt.subplots(1, len(metrics), figsize=(5.2 * len(metrics), 4.4), squeeze=False)
        for ax, (metric, label) in zip(axes[0], metrics):
            grid = np.full((len(ys), len(xs)), np.nan)
            for _, row in part.iterrows():
                grid[ys.index(row[yk]), xs.index(row[xk])] = row[f"{metric}_mean"]
            im = ax.imshow(grid, origin="lower", aspect="auto", cmap="viridis")
            for (i, j), v in np.ndenumerate(grid):
                if np.isfinite(v):
                    ax.text(j, i, _fmt(v), ha="center", va="center", color="white", fontsize=9,
                            bbox={"facecolor": "black", "alpha": 0.25, "lw": 0, "pad": 1})
            ax.set_xticks(range(len(xs)), [f"{x:g}" for x in xs])
            ax.set_yticks(range(len(ys)), [f"{y:g}" for y in ys])
            ax.set_xlabel(xk)
            ax.set_ylabel(yk)
            ax.set_title(f"{label} (mean, last 13 weeks)", fontsize=11)
            fig.colorbar(im, ax=ax, shrink=0.85)
        title = " ".join(f"{k}={v}" for k, v in zip(others, values))
        if title:
            fig.suptitle(title, fontsize=12)
        fig.tight_layout()
        path = out / ("heatmap.png" if len(groups) == 1 else f"heatmap_{n}.png")
        _save(fig, path)
        paths.append(path)
    return paths


# --------------------------------------------------------------------------------------------
# Markdown


def _fmt(x) -> str:
    if x is None or not math.isfinite(x):
        return "—"
    return f"{x:.{_decimals(x)}f}"


def _decimals(x) -> int:
    a = abs(x) if x is not None and math.isfinite(x) else 0.0
    if a >= 100:
        return 0
    if a >= 10:
        return 1
    if a >= 1 or a == 0:
        return 2
    return 2 - math.floor(math.log10(a))  # three significant digits


def _fmt_ci(mean, lo, hi) -> str:
    """``mean [lo, hi]`` to the precision the interval supports."""
    if mean is None or not math.isfinite(mean):
        return "—"
    half = (hi - lo) / 2 if lo is not None and hi is not None and math.isfinite(hi - lo) else 0.0
    # two significant digits of the interval's half-width (the mean's own precision without one)
    d = min(8, max(0, 1 - math.floor(math.log10(half)))) if half > 0 else _decimals(mean)
    return f"{mean:.{d}f} [{lo:.{d}f}, {hi:.{d}f}]"


def _table(header: list[str], rows: list[list]) -> str:
    def cell(v):
        return str(v).replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(cell(h) for h in header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


def _markdown(sweep: Sweep, summary, plots: list[Path], heat: list[Path], tim: dict, files: list[str]) -> str:
    n_expected = len(sweep.expected) if sweep.expected is not None else len(sweep.jobs)
    lines = [
        "# cxsim sweep report",
        "",
        f"Sweep directory: `{sweep.dir}`  ",
        f"Generated: {datetime.now().astimezone().isoformat(timespec='seconds')}  ",
        f"Jobs: {len(sweep.complete)} complete, {len(sweep.failed)} failed, "
        f"{len(sweep.missing) + len(sweep.incomplete)} missing or incomplete (of {n_expected}).",
        "",
    ]
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
        lines.append("Mean over replicates of each replicate's mean over the last 13 weeks, with its 95% "
                     "interval (Student t). `n` = replicates. All summary metrics: `scenario_summary.csv`.")
        lines.append("")
        cols = [(m, lab) for m, lab in MAIN_TABLE if f"{m}_mean" in summary.columns]
        rows = []
        for _, r in summary.iterrows():
            rows.append([r["scenario"], r["replicates"]] + [
                _fmt_ci(r[f"{m}_mean"], r[f"{m}_lo"], r[f"{m}_hi"]) for m, _ in cols])
        lines.append(_table(["scenario", "n"] + [lab for _, lab in cols], rows))
    if plots:
        lines += ["", "## Over time", "",
                  "Weekly mean per scenario and its 95% band over replicates; the dashed line marks the "
                  "programme start (`leader.start_week`).", ""]
        lines += [f"![{p.stem.removeprefix('compare_')}]({p.name})" for p in plots]
    if heat:
        lines += ["", "## Two swept parameters", ""] + [f"![heatmap]({p.name})" for p in heat]
    if sweep.failed:
        lines += ["", "## Failed jobs", "", "Each failed job's traceback is in its `error.txt`.", ""]
        lines.append(_table(["job", "overrides", "error"],
                            [[j.name, " ".join(j.overrides), j.error or ""] for j in sweep.failed]))
    if sweep.missing or sweep.incomplete:
        lines += ["", "## Missing or incomplete jobs", "",
                  "Run the same sweep again with `hydra.sweep.dir=` this directory to complete it: jobs with "
                  "complete results are skipped.", ""]
        rows = [[j.name, " ".join(j.overrides), "started, no result (killed or still running)"] for j in sweep.incomplete]
        rows += [["—", " ".join(o), "no job directory"] for o in sweep.missing]
        lines.append(_table(["job", "overrides", "state"], rows))
    if sweep.stale:
        lines += ["", f"Ignored {len(sweep.stale)} job director{'y' if len(sweep.stale) == 1 else 'ies'} from "
                  "another sweep into the same directory: " + ", ".join(f"`{j.name}`" for j in sweep.stale) + "."]
    lines += ["", "## Timing", ""]
    t = [f"{tim['jobs_ran']} job(s) ran, {tim['jobs_skipped']} skipped (complete results already there). "
         f"Simulation: {tim['simulation_s']:.1f} s in total; writing outputs: {tim['write_s']:.1f} s."]
    if tim.get("overhead_share") is not None:
        t.append(f"Sweep wall time {tim['wall_s']:.1f} s with {tim['workers']} worker(s) ({tim['launcher']}): "
                 f"simulation {100 * tim['simulation_share']:.0f}%, writing {100 * tim['write_share']:.0f}%, "
                 f"Hydra, launcher and idle workers {100 * tim['overhead_share']:.0f}% "
                 "(wall − (simulation + writing) / workers).")
    lines.append(" ".join(t))
    lines += ["", "## Files", ""] + [f"- `{f}`" for f in files]
    lines += ["", "Columns of `all_runs`: `job` (directory), `scenario`, one column per override and per "
              "config group choice, `seed`, `replicate`, `week`, then the weekly metrics (units and "
              "definitions in docs/ODD.md)."]
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------------------------
# The whole report


def make_report(sweep_dir, out_dir=None, *, csv: bool = True, plots: bool = True) -> Sweep:
    """Aggregate ``sweep_dir`` into ``out_dir`` (default ``sweep_dir/report``); return the Sweep."""
    from ..runner import _atomic_write

    sweep = collect(sweep_dir)
    if not sweep.jobs and not sweep.missing:
        raise FileNotFoundError(f"no cxsim job (a directory with .hydra/) under {sweep.dir}")
    out = Path(out_dir) if out_dir is not None else sweep.dir / REPORT_DIR
    out.mkdir(parents=True, exist_ok=True)
    runs = all_runs(sweep)
    summary = scenario_summary(sweep)
    files = ["all_runs.parquet"]
    _atomic_write(out / "all_runs.parquet", lambda p: runs.to_parquet(p, index=False))
    if csv:
        _atomic_write(out / "all_runs.csv", lambda p: runs.to_csv(p, index=False))
        files.append("all_runs.csv")
    _atomic_write(out / "scenario_summary.csv", lambda p: summary.to_csv(p, index=False))
    files.append("scenario_summary.csv")
    figs: list[Path] = []
    heat: list[Path] = []
    if plots:  # figures of an earlier report (other scenarios) must not linger
        for old in [*out.glob("compare_*.png"), *out.glob("heatmap*.png")]:
            old.unlink()
        figs = comparison_plots(sweep, runs, out)
        heat = heatmaps(sweep, summary, out)
        files += [p.name for p in figs + heat]
    text = _markdown(sweep, summary, figs, heat, timing(sweep), files)
    _atomic_write(out / "report.md", lambda p: Path(p).write_text(text))
    return sweep


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m cxsim.report",
                                     description="Aggregate a cxsim sweep (or run) directory into DIR/report/.")
    parser.add_argument("dir", help="a sweep directory (outputs/sweeps/...) or a run directory")
    parser.add_argument("--out", help="where to write the report (default: DIR/report)")
    parser.add_argument("--no-csv", action="store_true", help="skip all_runs.csv (the Parquet file is always written)")
    parser.add_argument("--no-plots", action="store_true", help="skip the PNG figures")
    args = parser.parse_args(argv)
    try:
        sweep = make_report(args.dir, args.out, csv=not args.no_csv, plots=not args.no_plots)
    except FileNotFoundError as err:
        print(f"cxsim.report: error: {err}", file=sys.stderr)
        return 2
    out = Path(args.out) if args.out else sweep.dir / REPORT_DIR
    print(f"cxsim.report: {len(sweep.complete)} complete, {len(sweep.failed)} failed, "
          f"{len(sweep.missing) + len(sweep.incomplete)} missing or incomplete → {out / 'report.md'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
