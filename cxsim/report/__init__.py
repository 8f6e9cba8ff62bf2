"""Aggregate a sweep directory into tables, figures and a Markdown report.

``python -m cxsim.report SWEEP_DIR`` (also ``cxsim-report``). One module per job: reading the
sweep directory into jobs (:mod:`.sweep`), the tables (:mod:`.tables`), the figures
(:mod:`.figures`), the Markdown (:mod:`.markdown`, numbers formatted by :mod:`.formatting`) and
the command that writes them all (:mod:`.command`)."""

from .command import ReportError, main, make_report
from .sweep import Job, Sweep, collect
from .tables import all_runs, scenario_summary, timing

__all__ = ["ReportError", "Job", "Sweep", "all_runs", "collect", "main", "make_report", "scenario_summary", "timing"]
