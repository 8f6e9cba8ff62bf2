"""``python -m cxsim.study NAME [--jobs N] [--no-robustness] [--tiny DIR]``: run one study.

A plain argparse front (a study's settings live in its own file, experiments/NAME/study.yaml,
whose scenarios Hydra composes from configs/). Everything is checked before anything runs (the
definition parses, every scenario composes on every company preset): a bad definition is one
line naming the key, the value and what is allowed (exit status 2), and nothing is written.
Then the scenarios run (resumable), the robustness check runs (resumable), and
experiments/NAME/RESULTS.md, its figures and results.parquet are written. Exit status 1 when a
task failed (the others are kept; the same command resumes).

``--readme`` rewrites README.md's "What cxsim says" from every study's answer.json.
``--tiny DIR`` runs a small, short version (tests): results and report go to DIR, not to
experiments/.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from ..config import ConfigError


def parse_args(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m cxsim.study", description="Run one curated study (experiments/NAME).")
    p.add_argument("name", nargs="?", help="the study (a folder of experiments/ with a study.yaml)")
    p.add_argument("--list", action="store_true", help="list the studies and exit")
    p.add_argument("--readme", action="store_true", help="rewrite README.md's \"What cxsim says\" from the studies' answers")
    p.add_argument("--jobs", type=int, default=-1, help="worker processes (-1: every core)")
    p.add_argument("--no-robustness", action="store_true", help="skip the robustness check over the assumption space")
    p.add_argument("--tiny", metavar="DIR", help="a tiny version (tests): outputs in DIR, experiments/ untouched")
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    from . import definition

    args = parse_args(sys.argv[1:] if argv is None else list(argv))
    if args.readme:
        from .report import update_readme

        update_readme(definition.EXPERIMENTS_DIR.parent / "README.md", definition.EXPERIMENTS_DIR)
        return 0
    if args.list or not args.name:
        print("\n".join(definition.available()))
        return 0 if args.list else 2
    if args.jobs == 0:
        print("cxsim.study: error: --jobs=0 is not allowed: a whole number ≥ 1, or -1 for every core", file=sys.stderr)
        return 2
    try:
        study = definition.load(args.name)
        if args.tiny:
            study = definition.tiny(study)
        configs = definition.check(study)
    except ConfigError as err:
        print(f"cxsim.study: error: {args.name}: {err}", file=sys.stderr)
        return 2
    return run(study, configs, args)


def run(study, configs, args) -> int:
    import logging

    from . import contrasts as numbers
    from . import figures, report
    from .execute import OUT_ROOT, run_study
    from .robust import expected_sign, robustness

    logging.getLogger("MESA").setLevel(logging.WARNING)
    started = time.perf_counter()
    out_root = Path(args.tiny) / "outputs" if args.tiny else OUT_ROOT
    target = Path(args.tiny) if args.tiny else study.directory
    table, errors, timing = run_study(study, configs, out_root, args.jobs, progress=sys.stderr.isatty())
    for err in errors:
        print(f"cxsim.study: error: {study.name}: {err}", file=sys.stderr)
    if errors:
        print(f"cxsim.study: {len(errors)} task(s) failed; their results are missing; the same command resumes",
              file=sys.stderr)
        return 1
    contrasts = numbers.contrast_table(study, table)
    scenarios = numbers.scenario_table(study, table)
    rob = None
    if not args.no_robustness:
        head = contrasts[contrasts["contrast"] == study.contrasts.index(study.headline)].iloc[0]
        rob = robustness(study, expected_sign(head["mean"]), out_root, args.jobs)
    target.mkdir(parents=True, exist_ok=True)
    tmp = target / ".results.parquet.tmp"
    table.to_parquet(tmp, index=False)
    tmp.replace(target / "results.parquet")
    pngs = figures.draw(study, table, contrasts, target)
    command = f"python -m cxsim.study {study.name}" + (f" --tiny {args.tiny}" if args.tiny else "")
    path = report.write(study, contrasts, scenarios, pngs, rob, command, timing, target / "RESULTS.md")
    print(f"cxsim.study: {study.name}: {len(table)} rows, {(time.perf_counter() - started) / 60:.1f} min; {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
