"""Browser timings of the workshop page, measured in real headless Chromium (``make bench``).

    python benchmarks/browser.py            # prints the figures as JSON
    python benchmarks/browser.py --quick    # fewer steps, a shorter Play

For each viewport (1280×720, a projector; 1920×1080): the time from a click on Step until every
picture shows the new week and is painted, measured in the page (``performance.now``), median
and 90th percentile over repeats; then a 52-week Play and a full run (Reset, ▶ until the end)
at 1280×720, timed from the click to the week counter reaching the end, with the page's default
pause between weeks (50 ms). The server is
``python -m cxsim.viz``'s, on this machine; the machine may be shared (the load is recorded).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SIZES = ((1280, 720), (1920, 1080))


def _play_seconds(page, headless, weeks: int) -> float:
    """Reset, then the time from the ▶ click until the page shows week ``weeks``."""
    headless.reset(page)
    t0 = time.perf_counter()
    headless.button(page, headless.PLAY).click()
    headless.wait_week(page, weeks, timeout=900)
    elapsed = time.perf_counter() - t0
    if headless.button(page, headless.PAUSE).count():
        headless.button(page, headless.PAUSE).click()
    return elapsed


def measure(quick: bool = False) -> dict:
    """The browser figures; ``{"available": False, "reason": …}`` without Chromium/Playwright."""
    from cxsim.viz import headless

    try:
        headless.chromium_path()
        headless.sync_playwright()
    except headless.Unavailable as err:
        return {"available": False, "reason": str(err)}
    repeats = 3 if quick else 20
    out: dict = {"available": True, "repeats": repeats, "load_before": os.getloadavg()[0], "sizes": {}}
    with tempfile.TemporaryDirectory(prefix="cxsim-bench-browser-") as tmp, \
            headless.page_server(Path(tmp) / "solara.log") as url, headless.chromium() as browser:
        for width, height in SIZES:
            page = headless.open_page(browser, url, width, height)
            headless.step_and_redraw_ms(page)  # the first step after a load builds the figures
            times = sorted(headless.step_and_redraw_ms(page) for _ in range(repeats))
            out["sizes"][f"{width}x{height}"] = {
                "median_ms": statistics.median(times),
                "p90_ms": times[int(0.9 * (len(times) - 1))],
                "min_ms": times[0],
            }
            if (width, height) == SIZES[0]:
                play_weeks = 13 if quick else 52
                out["play_weeks"] = play_weeks
                out["play_s"] = _play_seconds(page, headless, play_weeks)
                if not quick:
                    horizon = 156
                    out["full_run_weeks"] = horizon
                    out["full_run_s"] = _play_seconds(page, headless, horizon)
            page.context.close()
    out["load_after"] = os.getloadavg()[0]
    return out


def rows(b: dict) -> list[tuple[str, str, str, str, str]]:
    """(key, measure, value, target, note) rows for benchmarks/results.md."""
    if not b.get("available"):
        return [(key, f"browser: {key.split('_', 1)[1].replace('_', ' ')}", "not measured", "", b.get("reason", "")) for key in ROW_KEYS]
    out = []
    for size, r in b["sizes"].items():
        out.append((f"browser_step_{size.split('x')[1]}", f"browser: Step click → every picture redrawn and painted, {size.replace('x', '×')} (Chromium)",
                    f"{r['median_ms']:.0f} ms", "", f"median of {b['repeats']}; 90th percentile {r['p90_ms']:.0f} ms, min {r['min_ms']:.0f} ms"))
    out.append(("browser_play", f"browser: {b['play_weeks']} weeks of Play at 1280×720 (from the ▶ click)", f"{b['play_s']:.1f} s", "",
                f"{1000 * b['play_s'] / b['play_weeks']:.0f} ms a week"))
    if "full_run_s" in b:
        out.append(("browser_full_run", f"browser: a full run ({b['full_run_weeks']} weeks) at 1280×720, Reset then ▶", f"{b['full_run_s']:.1f} s", "",
                    f"{1000 * b['full_run_s'] / b['full_run_weeks']:.0f} ms a week"))
    else:
        out.append(("browser_full_run", "browser: a full run at 1280×720", "not in quick mode", "", ""))
    return out


ROW_KEYS = ("browser_step_720", "browser_step_1080", "browser_play", "browser_full_run")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true")
    args = ap.parse_args(argv)
    print(json.dumps(measure(args.quick), indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
