"""Aggregate a sweep directory into tables, figures and a Markdown report.

``python -m cxsim.report SWEEP_DIR`` (also ``cxsim-report``)."""

from .sweep_report import Job, Sweep, all_runs, collect, main, make_report, scenario_summary, timing

__all__ = ["Job", "Sweep", "all_runs", "collect", "main", "make_report", "scenario_summary", "timing"]
