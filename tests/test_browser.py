"""The workshop page in a real browser: ``python -m cxsim.viz``'s server on a free loopback port,
Debian's Chromium driven by Playwright (no browser download). One server for the module; each
test opens its own browser context (its own session on the server).

With ``CI=true`` these tests must run: a missing Chromium or Playwright is a failure, never a
skip (``make test`` installs Debian's ``chromium`` first). On a laptop without Chromium they
skip and say how to install it. Timeouts only catch a hang; nothing here asserts speed
(``make bench`` measures it).

``CXSIM_SCREENSHOT_DIR=docs/img pytest tests/test_browser.py -k screenshots`` regenerates the
screenshots of ``docs/workshop.md``.
"""

from __future__ import annotations

import io
import os
import random
import re
import time
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from cxsim.viz import headless as hl
from tests.conftest import served_in_chromium

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    """(Chromium, the page's URL), shared by the module's tests."""
    yield from served_in_chromium(tmp_path_factory)


def open_page(browser, width=1280, height=720):
    chromium, url = browser
    return hl.open_page(chromium, url, width, height)


def shown_at_natural_size(page) -> list:
    return page.evaluate("() => [...document.querySelectorAll('.cx-card img')].map(i => [i.naturalWidth, i.clientWidth, i.naturalHeight, i.clientHeight])")


def start_compare(page) -> None:
    """Compare tab, scenario B as offered (No CX leader), Reset both."""
    hl.tab(page, "Compare")
    page.get_by_role("button", name="Reset both").click()
    page.get_by_text("B: No CX leader").wait_for()
    hl.wait_rendered(page, 3)


def run_debrief(page, replicates: int, scenarios: int) -> None:
    """Debrief tab: run ``replicates`` runs of each scenario and wait for the table."""
    hl.tab(page, "Debrief")
    hl.choose(page, "Replicates per scenario", str(replicates))
    page.locator(".cx-debrief").click()
    total = replicates * scenarios
    page.get_by_text(f"{total} of {total} runs").wait_for(timeout=600_000)
    page.get_by_text("typical?").wait_for(timeout=120_000)
    hl.wait_rendered(page, 1)


def test_run_tab_step_play_pause_and_a_pending_lever(browser):
    page = open_page(browser)
    assert hl.week(page) == 0 and "CEO-owned decision-maker, top-down" in page.inner_text(".cx-main")
    for week in (1, 2):  # Step is one week
        hl.button(page, "Step").click()
        hl.wait_week(page, week)
        time.sleep(0.3)
        assert hl.week(page) == week
    hl.button(page, hl.PLAY).click()
    hl.wait_week(page, 6)
    hl.button(page, hl.PAUSE).click()
    hl.button(page, hl.PLAY).wait_for()
    paused = hl.week(page)
    time.sleep(1.0)
    assert hl.week(page) == paused
    sizes = shown_at_natural_size(page)
    assert len(sizes) == 3 and all(nw == cw > 0 and nh == ch > 0 for nw, cw, nh, ch in sizes), sizes
    # a lever changed mid-run waits for Reset, and says so; the journey strip does not move
    strip = page.locator(".cx-card img").first.bounding_box()
    hl.choose(page, "CX leader reports to", "marketing")
    page.get_by_text(re.compile("CX leader reports to • waits for Reset")).wait_for()
    page.get_by_text(re.compile("1 change wait for Reset: reporting_line")).wait_for()
    assert page.locator(".cx-card img").first.bounding_box() == strip
    hl.reset(page)
    assert page.locator(".cx-message").count() == 0
    hl.tab(page, "Info")
    page.get_by_text("CX leader reports to marketing").first.wait_for()
    body = page.inner_text("body")
    assert "Traceback" not in body and "error" not in body.lower()
    page.context.close()


def test_two_browser_contexts_have_independent_models(browser):
    first = open_page(browser)
    hl.step(first, 3)
    second = open_page(browser)
    assert hl.week(second) == 0  # a fresh page starts at week 0, wherever others are
    hl.button(second, "Step").click()
    hl.wait_week(second, 1)
    time.sleep(0.5)
    assert hl.week(first) == 3 and hl.week(second) == 1
    first.context.close(), second.context.close()


def test_reset_then_play_30_times_never_freezes(browser):
    page = open_page(browser, 1920, 1080)
    rng = random.Random(18)
    for attempt in range(30):
        if attempt % 3 == 0:
            hl.button(page, "Step").click()
        hl.button(page, "Reset").click()
        time.sleep(rng.choice((0.0, 0.1, 0.3)))
        hl.button(page, hl.PLAY).click()
        hl.wait_week(page, 1, timeout=60)  # the week advances: no freeze (60 s only catches a hang)
        hl.button(page, hl.PAUSE).click()
        hl.button(page, hl.PLAY).wait_for(timeout=60_000)
    assert hl.week(page) < 156  # never jumped to the end
    page.context.close()


def test_compare_and_debrief_views_render(browser):
    page = open_page(browser)
    start_compare(page)
    hl.button(page, "Step").click()
    hl.wait_week(page, 1)
    assert len(shown_at_natural_size(page)) == 3
    run_debrief(page, 5, scenarios=2)
    hl.tab(page, "Events")
    page.get_by_text("What happened").wait_for()
    hl.tab(page, "Info")
    page.get_by_text("Things to try").wait_for()
    page.context.close()


def test_exports_from_the_page_are_valid_files(browser):
    from tests.test_viz_outputs import check_exports

    page = open_page(browser)
    hl.step(page, 3)
    page.locator(".cx-export").click()
    links = page.locator(".cx-downloads button")
    links.first.wait_for()
    files = {}
    for i in range(links.count()):
        with page.expect_download() as info:
            links.nth(i).click()
        download = info.value
        files[download.suggested_filename] = Path(download.path()).read_bytes()
    assert len(files) == 3
    check_exports(files, 3)
    page.context.close()


def test_a_large_screen_is_used_and_presenter_text_is_large(browser):
    page = open_page(browser, 1920, 1080)
    shot = np.asarray(Image.open(io.BytesIO(page.screenshot())).convert("L"))
    used = (shot < 235).any(axis=0)  # pixel columns holding anything but the white page
    assert used.mean() >= 0.8, used.mean()
    page.context.close()
    page = open_page(browser, 1280, 720)
    page.locator(".cx-presenter-toggle").click()
    page.wait_for_function("() => !document.querySelector('.cx-side')")
    hl.wait_rendered(page, 2)
    # the pictures are re-rendered for presenter mode: as wide as the page (no sidebar)
    page.wait_for_function("() => [...document.querySelectorAll('.cx-card img')].every(i => i.naturalWidth > 0.9 * window.innerWidth)")
    sizes = page.evaluate("""() => [...document.querySelectorAll('.cx-page *')]
        .filter(e => e.offsetParent !== null && [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim()))
        .map(e => [e.textContent.trim().slice(0, 30), parseFloat(getComputedStyle(e).fontSize)])""")
    small = [s for s in sizes if s[1] < 24]
    assert sizes and not small, small
    nat = shown_at_natural_size(page)
    assert len(nat) == 2 and all(nw == cw and nh == ch for nw, cw, nh, ch in nat), nat
    page.context.close()


# ------------------------------------------------------------------------------ the guide's screenshots

SHOTS = (  # file, preset label, weeks
    ("page_ceo_decision_maker.png", "CEO-owned decision-maker, top-down", 60),
    ("page_marketing_influencer.png", "Marketing-owned influencer", 60),
    ("page_lure.png", "The lure: a title without authority or budget", 60),
    ("page_ceo_organic.png", "CEO-owned, organic change", 60),
)


@pytest.mark.skipif(not os.environ.get("CXSIM_SCREENSHOT_DIR"), reason="set CXSIM_SCREENSHOT_DIR to regenerate the guide's screenshots")
def test_guide_screenshots(browser):
    out = Path(os.environ["CXSIM_SCREENSHOT_DIR"])
    out.mkdir(parents=True, exist_ok=True)
    page = open_page(browser)
    names = []

    def shot(name, **kw):
        time.sleep(0.8)
        page.evaluate("() => { const m = document.querySelector('.cx-main'); if (m) m.scrollTop = 0; }")
        page.screenshot(path=str(out / name), **kw)
        names.append(name)

    for name, preset, weeks in SHOTS:
        hl.choose(page, "Workshop scenario", preset)
        hl.reset(page)
        hl.play_until(page, weeks)
        shot(name)
    # a conflict: lack of vision, stepping week by week from the programme start until one shows
    hl.choose(page, "Workshop scenario", "Company: lack of vision (weak sponsor, digital team decides)")
    hl.reset(page)
    for week in range(1, 60):
        hl.button(page, "Step").click()
        hl.wait_week(page, week)
        if week >= 13 and page.get_by_text(re.compile(r"conflicts? this week")).count():
            break
    shot("page_conflict.png")
    hl.tab(page, "Events")
    shot("page_events.png")
    # compare: the lure against no leader, same seed
    hl.choose(page, "Workshop scenario", "The lure: a title without authority or budget")
    start_compare(page)
    hl.play_until(page, 60)
    shot("page_compare.png")
    run_debrief(page, 10, scenarios=2)
    shot("page_debrief.png")
    # the sidebar with a lever moved (waits for Reset), then a bad value
    hl.tab(page, "Run")
    hl.choose(page, "Workshop scenario", "CEO-owned decision-maker, top-down")
    hl.choose(page, "CX leader reports to", "marketing")
    page.set_viewport_size({"width": 1280, "height": 1250})
    shot("sidebar_controls.png", clip={"x": 0, "y": 0, "width": 300, "height": 1250})
    page.context.close()
    page = open_page(browser)  # a bad value on a fresh page: the message instead of a stack trace
    field = page.get_by_label(re.compile("^Customers"))
    field.fill("lots")
    field.press("Enter")
    page.get_by_text(re.compile("^Customers.*waits for Reset")).first.wait_for()
    hl.button(page, "Reset").click()
    page.get_by_text(re.compile("must be a whole number")).first.wait_for()
    shot("error_message.png", clip={"x": 300, "y": 0, "width": 980, "height": 140})
    page.context.close()
    page = open_page(browser)
    page.locator(".cx-presenter-toggle").click()
    hl.wait_rendered(page, 2)
    hl.play_until(page, 40)
    shot("page_presenter.png")
    page.context.close()
    for name in names:
        png = out / name
        with Image.open(png) as im:  # lossless, RGB, optimised: each well under 1 MiB
            im.convert("RGB").save(png, optimize=True)
        assert png.stat().st_size < 1 << 20, png
