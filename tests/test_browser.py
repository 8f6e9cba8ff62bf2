"""The workshop page in a real browser: ``solara run`` on a free loopback port, Debian's
Chromium driven by Playwright (no browser download), Step and Play/Pause clicked, every
component checked, a screenshot saved.

With ``CI=true`` this test must run: a missing Chromium or Playwright is a failure, never a
skip (``make test`` installs Debian's ``chromium`` first). On a laptop without Chromium it
skips and says how to install it.

``CXSIM_SCREENSHOT_DIR=docs/img pytest -m browser tests/test_browser.py`` also regenerates
the screenshots of ``docs/workshop.md``.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

from cxsim.viz.__main__ import free_port, server_env, solara_command, stop

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
TITLES = ("The customer journey", "The organisation", "KPIs over time", "Scenario")
IN_CI = os.environ.get("CI", "").lower() == "true"


def _chromium() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path:
        return path
    message = "Debian's chromium is not installed: sudo apt-get install chromium (make test does it)"
    if IN_CI:
        pytest.fail(f"CI=true and {message}")
    pytest.skip(message)


def _sync_playwright():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        message = "the playwright Python package is missing: pip install -e '.[dev]' (never `playwright install`)"
        if IN_CI:
            pytest.fail(f"CI=true and {message}")
        pytest.skip(message)
    return sync_playwright


@contextmanager
def solara_server(log_path: Path, timeout: float = 60.0):
    """``solara run`` on a free loopback port, with the command and environment that
    ``python -m cxsim.viz`` (``make viz``) uses; always terminated, even when the test fails."""
    port = free_port()
    with open(log_path, "w") as log:
        proc = subprocess.Popen(solara_command(port), cwd=ROOT, env=server_env(), stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + timeout
        while True:
            if proc.poll() is not None:
                pytest.fail(f"solara run exited with {proc.returncode}:\n{log_path.read_text()[-3000:]}")
            try:
                with urllib.request.urlopen(url, timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"solara run did not answer on {url} within {timeout:.0f} s:\n{log_path.read_text()[-3000:]}")
            time.sleep(0.3)
        yield url
    finally:
        stop(proc, timeout=15)


@contextmanager
def browser_page(width: int = 1280, height: int = 720):
    executable = _chromium()
    sync_playwright = _sync_playwright()
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": width, "height": height})
            page.set_default_timeout(30_000)
            yield page
        finally:
            browser.close()


def step_count(page) -> int:
    text = page.get_by_text(re.compile(r"^Step: \d+$")).inner_text()
    return int(text.split(":")[1])


def wait_step(page, at_least: int, timeout: float = 30.0) -> int:
    deadline = time.monotonic() + timeout
    while (n := step_count(page)) < at_least:
        if time.monotonic() > deadline:
            raise AssertionError(f"step counter stuck at {n}, expected ≥ {at_least}")
        time.sleep(0.1)
    return n


def wait_rendered(page) -> None:
    page.get_by_text(re.compile(r"^Step: \d+$")).wait_for()
    for title in TITLES:
        page.get_by_text(title, exact=True).first.wait_for()
    # the three pictures arrived and decoded
    page.wait_for_function("() => { const imgs = [...document.querySelectorAll('.cx-card img')];"
                           " return imgs.length === 3 && imgs.every(i => i.complete && i.naturalWidth > 0); }")


def button(page, label: str):
    return page.get_by_role("button", name=label, exact=True)


def test_workshop_page_in_chromium(tmp_path):
    _chromium(), _sync_playwright()  # skip or fail before starting a server
    with solara_server(tmp_path / "solara.log") as url, browser_page() as page:
        t0 = time.monotonic()
        page.goto(url)
        wait_rendered(page)
        start = step_count(page)
        # Step
        button(page, "Step").click()
        wait_step(page, start + 1)
        # Play, let it run a few weeks, Pause
        button(page, "▶").click()
        wait_step(page, start + 4)
        button(page, "❚❚").click()
        button(page, "▶").wait_for()
        paused_at = step_count(page)
        time.sleep(0.8)
        assert step_count(page) - paused_at <= 1  # a step already under way may still land
        assert step_count(page) >= start + 4
        # every component is on the page, with its picture, and no error or traceback
        for title in TITLES:
            assert page.get_by_text(title, exact=True).first.is_visible(), title
        sizes = page.evaluate("() => [...document.querySelectorAll('.cx-card img')].map(i => [i.naturalWidth, i.clientWidth])")
        assert len(sizes) == 3 and all(n > 0 and c > 0 for n, c in sizes), sizes
        body = page.inner_text("body")
        assert "Traceback" not in body and "error in step" not in body
        shot = tmp_path / "workshop.png"
        page.screenshot(path=str(shot))
        assert shot.stat().st_size > 10_000
        assert time.monotonic() - t0 < 60


# ------------------------------------------------------------------------------ the guide's screenshots


def choose(page, label: str, option: str) -> None:
    """Pick ``option`` in the Vuetify select labelled ``label`` (sidebar)."""
    field = page.locator(".v-select", has=page.get_by_text(label, exact=True))
    field.locator(".v-select__slot").click()
    page.locator(".menuable__content__active .v-list-item", has_text=option).first.click()
    page.keyboard.press("Escape")


def run_weeks(page, weeks: int) -> None:
    start = step_count(page)
    button(page, "▶").click()
    wait_step(page, start + weeks, timeout=120)
    button(page, "❚❚").click()
    button(page, "▶").wait_for()
    time.sleep(1.0)  # last frame in


SHOTS = (
    # file, preset label, extra (select label, option) pairs, weeks
    ("page_ceo_decision_maker.png", "CEO-owned decision-maker, top-down", (), 60),
    ("page_marketing_influencer.png", "Marketing-owned influencer", (), 60),
    ("page_lure.png", "The lure: a title without authority or budget", (), 60),
    ("page_ceo_organic.png", "CEO-owned, organic change", (), 60),
)


@pytest.mark.skipif(not os.environ.get("CXSIM_SCREENSHOT_DIR"), reason="set CXSIM_SCREENSHOT_DIR to regenerate the guide's screenshots")
def test_guide_screenshots(tmp_path):
    from PIL import Image

    _chromium(), _sync_playwright()
    out = Path(os.environ["CXSIM_SCREENSHOT_DIR"])
    out.mkdir(parents=True, exist_ok=True)
    with solara_server(tmp_path / "solara.log") as url, browser_page() as page:
        page.goto(url)
        wait_rendered(page)
        for name, preset, extra, weeks in SHOTS:
            choose(page, "Workshop scenario", preset)
            for label, option in extra:
                choose(page, label, option)
            button(page, "Reset").click()
            wait_step(page, 0)
            time.sleep(0.5)
            run_weeks(page, weeks)
            page.screenshot(path=str(out / name))
        # a conflict: lack of vision, stepping week by week from the programme start until one shows
        choose(page, "Workshop scenario", "Company: lack of vision (weak sponsor, digital team decides)")
        button(page, "Reset").click()
        wait_step(page, 0)
        for week in range(1, 41):
            button(page, "Step").click()
            wait_step(page, week)
            if week >= 13 and page.get_by_text(re.compile(r"conflicts? this week$")).count():
                break
        time.sleep(0.8)
        page.screenshot(path=str(out / "page_conflict.png"))
        # the sidebar with every control, set up for exercise 1 (a lever moved, before Reset)
        choose(page, "Workshop scenario", "CEO-owned decision-maker, top-down")
        choose(page, "CX leader reports to", "marketing")
        page.set_viewport_size({"width": 1280, "height": 1450})
        time.sleep(0.8)
        page.screenshot(path=str(out / "sidebar_controls.png"), clip={"x": 0, "y": 64, "width": 332, "height": 1386})
        page.set_viewport_size({"width": 1280, "height": 720})
        time.sleep(0.5)
        # a bad value: the message instead of a stack trace
        field = page.get_by_label("Customers (1 – 200,000)")
        field.fill("lots")
        field.press("Enter")
        button(page, "Reset").click()
        page.get_by_text("must be a whole number").first.wait_for()
        page.screenshot(path=str(out / "error_message.png"), clip={"x": 330, "y": 64, "width": 950, "height": 260})
    for name in [s[0] for s in SHOTS] + ["page_conflict.png", "sidebar_controls.png", "error_message.png"]:
        png = out / name
        with Image.open(png) as im:  # lossless, RGB, optimised: each well under 1 MiB
            im.convert("RGB").save(png, optimize=True)
        assert png.stat().st_size < 1 << 20, png
