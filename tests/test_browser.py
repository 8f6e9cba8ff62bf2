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
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

from cxsim.viz import headless

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

IN_CI = os.environ.get("CI", "").lower() == "true"
TITLES = ("The customer journey", "The organisation", "KPIs over time", "Scenario")


def _require_browser() -> None:
    """Skip (or, with CI=true, fail) when Chromium or Playwright is missing."""
    try:
        headless.chromium_path()
        headless.sync_playwright()
    except headless.Unavailable as err:
        if IN_CI:
            pytest.fail(f"CI=true and {err}")
        pytest.skip(str(err))


@contextmanager
def browser_page(tmp_path, width: int = 1280, height: int = 720):
    _require_browser()
    with headless.page_server(tmp_path / "solara.log") as url, headless.chromium() as browser:
        yield headless.open_page(browser, url, width, height)


step_count, wait_step, button = headless.week, headless.wait_week, headless.button


def test_workshop_page_in_chromium(tmp_path):
    with browser_page(tmp_path) as page:
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

    out = Path(os.environ["CXSIM_SCREENSHOT_DIR"])
    out.mkdir(parents=True, exist_ok=True)
    with browser_page(tmp_path) as page:
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
