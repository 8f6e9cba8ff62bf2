"""Command line: ``python -m cxsim [group=option ...] [key=value ...] [--multirun ...]``.

A thin Hydra entry point (lightning-hydra-template style): it checks the command line
(:func:`cxsim.cli.preflight.preflight`: one-line errors before anything starts, every value of a
sweep included), lets Hydra compose the config and launch the job(s) (the task function and
:func:`run_job`, a plain function tests can call, are in :mod:`cxsim.cli.app`), and exits with
status 1 when jobs of a sweep failed (their results are kept, the others' too; see
docs/sweeps.md).
"""

from __future__ import annotations

import sys

from .cli.preflight import preflight
from .config import ConfigError
from .cli.app import run_job, task  # noqa: F401  (re-exported: the plain job function and Hydra's task)


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else list(argv)
    try:
        preflight(args)
    except ConfigError as err:
        print(f"cxsim: error: {err}", file=sys.stderr)
        raise SystemExit(2) from None
    sys.argv = [sys.argv[0], *args]
    from .cli import app as sweep
    from .cli import callbacks

    callbacks.LAST_SWEEP.clear()
    sweep.hydra_main()
    problem = callbacks.sweep_summary_line()
    if problem:
        print(f"cxsim: error: {problem}", file=sys.stderr)
        raise SystemExit(1)


if __name__ == "__main__":
    main()
