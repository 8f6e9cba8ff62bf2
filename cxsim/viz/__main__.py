"""``python -m cxsim.viz``: serve the workshop page on 127.0.0.1 (what ``make viz`` runs).

    python -m cxsim.viz                 # pick a free port, print the URL, serve until Ctrl-C
    python -m cxsim.viz --port 8765     # a fixed port
    python -m cxsim.viz --bench         # time one step plus the redraw of the Run tab (no browser)
    python -m cxsim.viz --export DIR --preset lure --weeks 104 [--replicates 20] [--lever budget=1]
                                        # the slide (16:9 PNG), weekly CSV and levers of week 104

Serving runs ``solara run cxsim/viz/app.py --host 127.0.0.1 --port PORT --production --no-open``.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

APP = Path(__file__).with_name("app.py")


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


def solara_command(port: int, host: str = "127.0.0.1") -> list[str]:
    return [sys.executable, "-m", "solara", "run", str(APP), "--host", host, "--port", str(port), "--production", "--no-open"]


def server_env() -> dict:
    env = dict(os.environ)
    env.setdefault("SOLARA_TELEMETRY_MIXPANEL_ENABLE", "False")  # no calls home from a workshop laptop
    env.setdefault("SOLARA_THEME_SHOW_BANNER", "False")  # the banner would cover the KPIs
    env.setdefault("SOLARA_THEME_TITLE", "cxsim workshop")
    env.setdefault("MPLBACKEND", "Agg")
    return env


def serve(port: int | None, host: str = "127.0.0.1", command=None, env=None) -> int:
    """Run the page server (``command``, default :func:`solara_command`) until Ctrl-C or SIGTERM."""
    port = port or free_port(host)
    if command is None:
        print(f"cxsim workshop page: http://{host}:{port}/  (Ctrl-C to stop)", flush=True)
    proc = subprocess.Popen(command or solara_command(port, host), env=env or server_env())

    def _stop(signum, frame):  # SIGTERM (kill, CI, a process manager): take the server down too
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, _stop)
    try:
        return proc.wait()
    except KeyboardInterrupt:
        return 0
    finally:
        signal.signal(signal.SIGTERM, previous)
        stop(proc)


def stop(proc: subprocess.Popen, timeout: float = 10.0) -> None:
    """Take the server down: terminate, and kill it if it has not left after ``timeout`` s."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def bench(preset: str, customers: int, weeks: int, size=(1280, 720)) -> dict:
    """Median time of one model step plus the redraw of the Run tab's pictures at ``size`` (ms),
    through the page's own worker code (:class:`cxsim.viz.session.Runner`), without a browser."""
    import warnings

    warnings.filterwarnings("ignore")
    from .session import Runner

    runner = Runner(lambda frame: None, {"preset": preset, "customers": customers})
    runner.do_view("run", size)  # the first frame builds each figure once
    totals, steps = [], []
    for _ in range(weeks):
        t0 = time.perf_counter()
        runner.advance()
        t1 = time.perf_counter()
        runner.do_draw()
        totals.append(time.perf_counter() - t0)
        steps.append(t1 - t0)
    totals.sort()
    steps.sort()
    return {
        "step_ms": 1000 * steps[len(steps) // 2],
        "step_redraw_ms": 1000 * totals[len(totals) // 2],
        "step_redraw_p90_ms": 1000 * totals[int(0.9 * (len(totals) - 1))],
        "weeks": weeks,
        "customers": customers,
    }


def export(out_dir: str, preset: str, weeks: int, seed: int, customers: int, replicates: int = 0, levers: dict | None = None) -> list[Path]:
    """Run a scenario for ``weeks`` and write the slide, the weekly CSV and the levers into
    ``out_dir`` (with the bands of ``replicates`` runs on the slide when > 0)."""
    import warnings

    warnings.filterwarnings("ignore")
    from .debrief import DebriefJob
    from .export import check_directory, export_files, write_files
    from .model import WorkshopModel

    from ..config import ConfigError
    from .presets import scenario_config

    scenario_config(preset, seed, customers, **(levers or {}))  # ConfigError before anything is written
    check_directory(out_dir)
    model = WorkshopModel(preset=preset, seed=seed, customers=customers, **(levers or {}))
    if model.error:  # pragma: no cover - scenario_config above has refused it
        raise ConfigError(model.error)
    for _ in range(weeks):
        model.step()
    bands: list = []
    if replicates:
        DebriefJob([(model.preset.label, model.config)], replicates, lambda done, total: None, bands.extend).run()
    return write_files(export_files(model, bands), out_dir)


class OneLineParser(argparse.ArgumentParser):
    """Errors in one line (argparse prints the usage first), exit status 2."""

    def error(self, message):
        self.exit(2, f"{self.prog}: error: {message}\n")


def bounded_int(name: str, lo: int, hi: int):
    def parse(text: str) -> int:
        try:
            value = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{name}={text!r} must be a whole number between {lo:,} and {hi:,}") from None
        if not value.is_integer() or not lo <= value <= hi:
            raise argparse.ArgumentTypeError(f"{name}={text!r} must be a whole number between {lo:,} and {hi:,}")
        return int(value)

    return parse


def lever_pair(text: str) -> tuple[str, str]:
    from .presets import LEVERS

    name, sep, value = text.partition("=")
    if not sep or name not in LEVERS:
        raise argparse.ArgumentTypeError(f"--lever {text!r} must be NAME=VALUE with NAME one of {', '.join(LEVERS)}")
    return name, value


def main(argv: list[str] | None = None) -> int:
    from ..config import ConfigError
    from .export import ExportError
    from .presets import DEFAULT_CUSTOMERS, DEFAULT_PRESET, MAX_CUSTOMERS, PRESETS

    parser = OneLineParser(prog="python -m cxsim.viz", description="Serve the cxsim workshop page, or export a run for slides.")
    parser.add_argument("--port", type=bounded_int("--port", 1, 65535), default=None, help="port on 127.0.0.1 (default: a free one)")
    parser.add_argument("--bench", action="store_true", help="time one step plus the redraw of the Run tab (no browser) and exit")
    parser.add_argument("--export", metavar="DIR", help="write the slide (16:9 PNG), the weekly CSV and the levers (JSON) of a run into DIR")
    parser.add_argument("--preset", default=DEFAULT_PRESET, choices=sorted(PRESETS), help="scenario for --bench/--export")
    parser.add_argument("--lever", action="append", type=lever_pair, default=[], metavar="NAME=VALUE",
                        help="a lever for --export, e.g. --lever reporting_line=marketing (repeat)")
    parser.add_argument("--weeks", type=bounded_int("--weeks", 0, 156), default=60, help="weeks to run for --bench/--export (0-156, default 60)")
    parser.add_argument("--seed", type=bounded_int("--seed", 0, 2**32 - 1), default=0)
    parser.add_argument("--customers", type=bounded_int("--customers", 1, MAX_CUSTOMERS), default=DEFAULT_CUSTOMERS)
    parser.add_argument("--replicates", type=bounded_int("--replicates", 0, 200), default=0,
                        help="--export: draw the bands of this many runs on the slide (a debrief; default 0: none)")
    args = parser.parse_args(argv)
    if args.bench:
        r = bench(args.preset, args.customers, max(1, args.weeks))
        print(f"step {r['step_ms']:.1f} ms; step + redraw of the Run tab at 1280×720: median {r['step_redraw_ms']:.1f} ms, "
              f"90th percentile {r['step_redraw_p90_ms']:.1f} ms ({r['weeks']} weeks, {r['customers']:,} customers; no browser)")
        return 0
    if args.export:
        try:
            paths = export(args.export, args.preset, args.weeks, args.seed, args.customers, args.replicates, dict(args.lever))
        except (ExportError, ConfigError) as err:
            print(f"{parser.prog}: error: {err}", file=sys.stderr)
            return 2
        for path in paths:
            print(path)
        return 0
    return serve(args.port)


if __name__ == "__main__":
    sys.exit(main())
