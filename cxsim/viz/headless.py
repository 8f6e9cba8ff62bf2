"""The workshop page in headless Chromium: what the browser tests, ``make bench`` and the guide's
screenshots share (a server on a free loopback port, Debian's Chromium driven by Playwright).

Playwright is imported lazily (the ``dev`` extra); Chromium is the system's (``chromium`` on
the PATH), never a browser Playwright downloads.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from .__main__ import free_port, server_env, solara_command, stop

CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
)
ROOT = Path(__file__).resolve().parents[2]


class Unavailable(RuntimeError):
    """Chromium or Playwright is missing on this machine (the message says how to install it)."""


def chromium_path() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        raise Unavailable("Debian's chromium is not installed: sudo apt-get install chromium (make test does it)")
    return path


def sync_playwright():
    try:
        from playwright.sync_api import sync_playwright as factory
    except ImportError:
        raise Unavailable("the playwright Python package is missing: pip install -e '.[dev]' (never `playwright install`)") from None
    return factory


@contextmanager
def page_server(log_path: Path, timeout: float = 180.0, launch=None):
    """``solara run`` of the page on a free loopback port, with the command and environment that
    ``python -m cxsim.viz`` uses (or ``launch(port)`` → (command, environment), another server's);
    yields its URL and always takes it down."""
    port = free_port()
    command, env = launch(port) if launch is not None else (solara_command(port), server_env())
    with open(log_path, "w") as log:
        proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + timeout
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"solara run exited with {proc.returncode}:\n{Path(log_path).read_text()[-3000:]}")
            try:
                with urllib.request.urlopen(url, timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"solara run did not answer on {url} within {timeout:.0f} s:\n{Path(log_path).read_text()[-3000:]}")
            time.sleep(0.3)
        yield url
    finally:
        stop(proc, timeout=15)


@contextmanager
def chromium():
    """A headless Chromium (Playwright's Browser); closed on exit."""
    executable = chromium_path()
    factory = sync_playwright()
    with factory() as pw:
        browser = pw.chromium.launch(executable_path=executable, args=list(CHROMIUM_ARGS), headless=True)
        try:
            yield browser
        finally:
            browser.close()


def open_page(browser, url: str, width: int = 1280, height: int = 720, timeout_ms: int = 180_000):
    """A new browser context (its own session on the server) showing the page, fully rendered."""
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.set_default_timeout(timeout_ms)
    page.goto(url)
    wait_rendered(page)
    return page


# ------------------------------------------------------------------------------ the page's parts

WEEK = ".cx-week"
IMAGES = ".cx-card img"
PLAY, PAUSE = "▶ Play", "❚❚ Pause"


def week(page) -> int:
    return int(re.search(r"Week (\d+)", page.locator(WEEK).first.inner_text()).group(1))


def button(page, label: str):
    return page.get_by_role("button", name=label, exact=True)


def wait_rendered(page, images: int = 3) -> None:
    """The week counter and ``images`` pictures are on the page, loaded and decoded."""
    page.locator(WEEK).first.wait_for()
    page.wait_for_function(
        "([sel, n]) => { const imgs = [...document.querySelectorAll(sel)];"
        " return imgs.length >= n && imgs.every(i => i.complete && i.naturalWidth > 0); }",
        arg=[IMAGES, images])


def wait_week(page, at_least: int, timeout: float = 60.0) -> int:
    """Wait until the page shows week ``at_least`` or later (``timeout`` only catches a hang)."""
    deadline = time.monotonic() + timeout
    while (n := week(page)) < at_least:
        if time.monotonic() > deadline:
            raise AssertionError(f"the week stays at {n}, expected ≥ {at_least} within {timeout:.0f} s")
        time.sleep(0.05)
    return n


STEP_AND_REDRAW_JS = """
async ([sel, label]) => {
  const images = () => [...document.querySelectorAll(sel)];
  const before = images().map(i => i.src);
  const btn = [...document.querySelectorAll('button')].find(b => b.textContent.trim() === label);
  const t0 = performance.now();
  btn.click();
  await new Promise((resolve, reject) => {
    const poll = () => {
      const now = images();
      if (now.length === before.length && now.every((img, k) => img.src !== before[k] && img.complete && img.naturalWidth > 0)) resolve();
      else if (performance.now() - t0 > 60000) reject(new Error('no redraw within 60 s'));
      else requestAnimationFrame(poll);
    };
    poll();
  });
  await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));  // painted
  return performance.now() - t0;
}
"""


def step_and_redraw_ms(page) -> float:
    """One click on Step, until every picture on the page shows the new week and is painted (ms,
    measured in the browser)."""
    return float(page.evaluate(STEP_AND_REDRAW_JS, [IMAGES, "Step"]))


def tab(page, name: str) -> None:
    page.get_by_role("button", name=name, exact=True).first.click()


def choose(page, label: str, option: str) -> None:
    """Pick ``option`` in the select labelled ``label`` (its label may carry "waits for Reset")."""
    field = page.locator(".v-select", has=page.get_by_text(re.compile("^" + re.escape(label)))).first
    field.locator(".v-select__slot").click()
    page.locator(".menuable__content__active .v-list-item", has_text=option).first.click()
    page.keyboard.press("Escape")


def play_until(page, target: int, timeout: float = 300.0) -> int:
    """▶ Play until the week reaches ``target``, then ❚❚ Pause; returns the week shown when paused."""
    button(page, PLAY).click()
    wait_week(page, target, timeout)
    button(page, PAUSE).click()
    button(page, PLAY).wait_for()
    return week(page)


def reset(page) -> None:
    """Reset and wait for week 0 with nothing waiting for Reset."""
    button(page, "Reset").click()
    page.wait_for_function("() => { const w = document.querySelector('.cx-week');"
                           " return w && /Week 0 /.test(w.textContent) && !document.querySelector('.cx-pending'); }")


def step(page, weeks: int = 1) -> int:
    """Click Step ``weeks`` times, each time waiting for the next week; returns the week."""
    start = week(page)
    for k in range(1, weeks + 1):
        button(page, "Step").click()
        wait_week(page, start + k)
    return week(page)
