"""The whole report (:func:`make_report`) and its command, ``python -m cxsim.report DIR``.

Files written into ``DIR/report/`` (each atomically): ``all_runs.parquet`` and ``all_runs.csv``,
``scenario_summary.csv`` (see :mod:`.tables`), ``compare_<metric>.png`` and ``heatmap.png``
(see :mod:`.figures`), ``report.md`` (see :mod:`.markdown`). Everything is computed before the
directory is made, and a report that cannot be written leaves no directory it created.

Exit status of the command: 0 when every job of the sweep is complete and verifies; 1 when the
report was written but jobs are missing, failed or damaged (or a file of the sweep is); 2 when
no report could be written (the message names the file or directory and what is wrong).
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

from ..outputs import (
    ALL_RUNS_CSV,
    ALL_RUNS_PARQUET,
    REPORT_DIR,
    REPORT_FILE,
    SCENARIO_SUMMARY_FILE,
    atomic_write,
    remove_temporaries,
    write_text,
)
from .figures import comparison_plots, heatmaps
from .markdown import render
from .sweep import Sweep, collect
from .tables import all_runs, scenario_summary, timing


class ReportError(Exception):
    """The report could not be written; the message says where and why, in one line."""


def make_report(sweep_dir, out_dir=None, *, csv: bool = True, plots: bool = True) -> Sweep:
    """Aggregate ``sweep_dir`` into ``out_dir`` (default ``sweep_dir/report``); return the Sweep.

    Raises FileNotFoundError when there is nothing to report and :class:`ReportError` when the
    report cannot be written."""
    sweep = collect(sweep_dir)
    if not sweep.jobs and not sweep.missing:
        raise FileNotFoundError(f"no cxsim job (a directory with .hydra/) under {sweep.dir}")
    out = Path(out_dir) if out_dir is not None else sweep.dir / REPORT_DIR
    try:
        runs = all_runs(sweep)
        summary = scenario_summary(sweep)
    except Exception as err:  # a verified file changed while it was read
        raise ReportError(f"cannot read the results of {sweep.dir}: {err}") from None
    created = not out.exists()
    try:
        out.mkdir(parents=True, exist_ok=True)
        remove_temporaries(out)
        files = [ALL_RUNS_PARQUET]
        atomic_write(out / ALL_RUNS_PARQUET, lambda p: runs.to_parquet(p, index=False))
        if csv:
            atomic_write(out / ALL_RUNS_CSV, lambda p: runs.to_csv(p, index=False))
            files.append(ALL_RUNS_CSV)
        atomic_write(out / SCENARIO_SUMMARY_FILE, lambda p: summary.to_csv(p, index=False))
        files.append(SCENARIO_SUMMARY_FILE)
        figs: list[Path] = []
        heat: list[Path] = []
        if plots:  # figures of an earlier report (other scenarios) must not linger
            for old in [*out.glob("compare_*.png"), *out.glob("heatmap*.png")]:
                old.unlink()
            figs = comparison_plots(sweep, runs, out)
            heat = heatmaps(sweep, summary, out)
            files += [p.name for p in figs + heat]
        write_text(out / REPORT_FILE, render(sweep, summary, figs, heat, timing(sweep), files))
    except Exception as err:
        if created:
            shutil.rmtree(out, ignore_errors=True)
        detail = f"{err.strerror}: {err.filename}" if isinstance(err, OSError) and err.strerror else str(err)
        raise ReportError(f"cannot write the report into {out}: {detail}") from None
    return sweep


def _state(sweep: Sweep) -> str:
    parts = [f"{len(sweep.complete)} complete", f"{len(sweep.failed)} failed",
             f"{len(sweep.missing) + len(sweep.incomplete)} missing or incomplete", f"{len(sweep.damaged)} damaged"]
    return ", ".join(parts)


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
    except (FileNotFoundError, ReportError) as err:
        print(f"cxsim.report: error: {err}", file=sys.stderr)
        return 2
    out = Path(args.out) if args.out else sweep.dir / REPORT_DIR
    print(f"cxsim.report: {_state(sweep)} → {out / REPORT_FILE}")
    if sweep.all_complete:
        return 0
    problems = [f"{j.error}" for j in sweep.damaged] + sweep.problems
    detail = f" ({'; '.join(problems)})" if problems else ""
    print(f"cxsim.report: error: the sweep is not complete: {_state(sweep)}{detail}; run the sweep again with "
          f"hydra.sweep.dir={sweep.dir} to complete it", file=sys.stderr)
    return 1


__all__ = ["ReportError", "make_report", "main"]
