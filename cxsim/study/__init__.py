"""Curated studies: one seed question each, one command, a committed answer (issue 16).

``python -m cxsim.study <name>`` reads ``experiments/<name>/study.yaml`` (:mod:`.definition`:
scenarios as Hydra overrides composed from ``configs/`` through
:func:`cxsim.cli.scenarios.compose`, company presets with their replicates, outcomes, paired
contrasts, weeks), runs every scenario of a (company, replicate) in one task so that they share
the run-in and the seed (common random numbers; :mod:`.execute`: chunks on every core, written
as Parquet as they arrive, resumable), computes the contrasts with
:func:`cxsim.stats.paired_diff_ci` (:mod:`.contrasts`), checks the headline answer over a small
Latin hypercube of the assumption space with the exploration machinery of issue 14
(:mod:`.robust`), and writes ``experiments/<name>/RESULTS.md`` with its figures
(:mod:`.figures`, :mod:`.report`).
"""
