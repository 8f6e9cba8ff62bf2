"""Command line: ``python -m cxsim [group=option ...] [key=value ...] [--multirun ...]``.

A thin Hydra entry point (lightning-hydra-template style): it checks the command line
(:func:`cxsim.cli.preflight.preflight`: one-line errors before anything starts, every job of a
sweep included; warnings for settings that cannot act), lets Hydra compose the config and
launch the job(s) (the task function is in :mod:`cxsim.cli.app`, the job itself in
:mod:`cxsim.cli.job`), and exits with status 1 when jobs of a sweep failed or the report could
not be written (their results are kept, the others' too; see docs/sweeps.md). Ctrl-C and
SIGTERM stop the workers and print one line saying how to resume (:mod:`cxsim.cli.shutdown`).
"""

from __future__ import annotations

import shlex
import sys

from .cli.app import run_job, task  # noqa: F401  (re-exported; importing registers the schema in Hydra's ConfigStore)
from .cli.preflight import preflight
from .config import ConfigError


def _resume_line(args: list[str], multirun: bool) -> str:
    from .cli import callbacks

    callbacks.stop_progress()
    sweep_dir = callbacks.LAST_SWEEP.get("dir")
    if not multirun:
        return "cxsim: interrupted: a single run does not resume, run the command again"
    if not sweep_dir:
        return "cxsim: interrupted before any job started: run the command again"
    kept = [a for a in args if not a.startswith("hydra.sweep.dir=")]
    command = shlex.join(["python", "-m", "cxsim", *kept, f"hydra.sweep.dir={sweep_dir}"])
    return f"cxsim: interrupted: finished jobs are kept in {sweep_dir}; resume with: {command}"


def main(argv: list[str] | None = None) -> None:
    from .cli import shutdown

    args = sys.argv[1:] if argv is None else list(argv)
    shutdown.handle_signals()
    multirun = False
    try:
        try:
            checked = preflight(args)
        except ConfigError as err:
            print(f"cxsim: error: {err}", file=sys.stderr)
            raise SystemExit(2) from None
        multirun = checked.multirun
        for warning in checked.warnings:
            print(f"cxsim: warning: {warning}", file=sys.stderr)
        sys.argv = [sys.argv[0], *checked.args]
        from .cli import app, callbacks

        callbacks.LAST_SWEEP.clear()
        previous = shutdown.mark_parent()
        try:
            if multirun:
                shutdown.guard_joblib_workers()
            app.hydra_main()
        finally:  # a caller that runs main() in its own process does not pass the mark to its later children
            shutdown.unmark_parent(previous)
    except KeyboardInterrupt as err:  # Ctrl-C, or SIGTERM (cxsim.cli.shutdown)
        print(_resume_line(sys.argv[1:], multirun), file=sys.stderr)
        raise SystemExit(shutdown.exit_status(err)) from None
    problem = callbacks.sweep_summary_line()
    if problem:
        print(f"cxsim: error: {problem}", file=sys.stderr)
        raise SystemExit(1)


if __name__ == "__main__":
    main()
