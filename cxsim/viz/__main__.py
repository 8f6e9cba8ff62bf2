"""``python -m cxsim.viz``: serve the workshop page on 127.0.0.1 (what ``make viz`` runs).

    python -m cxsim.viz                 # pick a free port, print the URL, serve until Ctrl-C
    python -m cxsim.viz --port 8765     # a fixed port
    python -m cxsim.viz --bench         # time one step plus the redraw of every picture
    python -m cxsim.viz --export DIR --preset lure --weeks 104
                                        # write the pictures at week 104 as PNGs for slides

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


def serve(port: int | None, host: str = "127.0.0.1") -> int:
    port = port or free_port(host)
    url = f"http://{host}:{port}/"
    print(f"cxsim workshop page: {url}  (Ctrl-C to stop)", flush=True)
    proc = subprocess.Popen(solara_command(port, host), env=server_env())

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


def bench(preset: str, customers: int, weeks: int) -> dict:
    """Median time of one model step plus the redraw of the three pictures (ms)."""
    import warnings

    warnings.filterwarnings("ignore")
    from .pictures import PICTURES, render_png
    from .model import WorkshopModel

    model = WorkshopModel(preset=preset, customers=customers)
    for name in PICTURES:  # the first frame builds each figure once
        render_png(model, name)
    totals, steps = [], []
    for _ in range(weeks):
        t0 = time.perf_counter()
        model.step()
        t1 = time.perf_counter()
        for name in PICTURES:
            render_png(model, name)
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


def export(out_dir: str, preset: str, weeks: int, seed: int, customers: int) -> list[Path]:
    import warnings

    warnings.filterwarnings("ignore")
    from .export import export_figures
    from .model import WorkshopModel

    model = WorkshopModel(preset=preset, seed=seed, customers=customers)
    if model.error:
        raise SystemExit(f"cxsim.viz: error: {model.error}")
    for _ in range(weeks):
        model.step()
    return export_figures(model, out_dir)


def main(argv: list[str] | None = None) -> int:
    from .presets import DEFAULT_CUSTOMERS, DEFAULT_PRESET, PRESETS

    parser = argparse.ArgumentParser(prog="python -m cxsim.viz", description="Serve the cxsim workshop page (Mesa SolaraViz).")
    parser.add_argument("--port", type=int, default=None, help="port on 127.0.0.1 (default: a free one)")
    parser.add_argument("--bench", action="store_true", help="time one step plus the redraw of every picture and exit")
    parser.add_argument("--export", metavar="DIR", help="write the pictures of a run as PNGs into DIR and exit")
    parser.add_argument("--preset", default=DEFAULT_PRESET, choices=sorted(PRESETS), help="scenario for --bench/--export")
    parser.add_argument("--weeks", type=int, default=60, help="weeks to run for --bench/--export (default 60)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--customers", type=int, default=DEFAULT_CUSTOMERS)
    args = parser.parse_args(argv)
    if args.bench:
        r = bench(args.preset, args.customers, args.weeks)
        print(f"step {r['step_ms']:.1f} ms; step + redraw of the three pictures: median {r['step_redraw_ms']:.1f} ms, "
              f"90th percentile {r['step_redraw_p90_ms']:.1f} ms ({r['weeks']} weeks, {r['customers']:,} customers)")
        return 0
    if args.export:
        for path in export(args.export, args.preset, args.weeks, args.seed, args.customers):
            print(path)
        return 0
    return serve(args.port)


if __name__ == "__main__":
    sys.exit(main())
