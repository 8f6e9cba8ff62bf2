"""Drive the workshop's server and pages headless: its server on a free loopback port, a
facilitator's console in Chromium, players through the pages or the JSON API. Used by the
browser tests (tests/test_workshop_browser.py) and the load benchmark (benchmarks/workshop_load.py)."""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request

from .__main__ import command, environment

PHONE = {"width": 390, "height": 844}


def launch(port: int):
    """(command, environment) of ``python -m cxsim.workshop`` on 127.0.0.1:port (for
    :func:`cxsim.viz.headless.page_server`)."""
    return command("127.0.0.1", port), environment(f"http://127.0.0.1:{port}")


def new_page(chromium, url: str, viewport=None, timeout_ms: int = 180_000):
    context = chromium.new_context(viewport=viewport or {"width": 1280, "height": 800})
    page = context.new_page()
    page.set_default_timeout(timeout_ms)
    page.goto(url)
    return page


def create_session(chromium, url: str, rounds: int = 4, replicates: int = 5) -> tuple:
    """The facilitator's console with a new session: (page, join code, facilitator key)."""
    page = new_page(chromium, url)
    page.locator(".cxw-create").wait_for()
    page.get_by_label("Rounds").fill(str(rounds))
    page.get_by_label("Replicates").fill(str(replicates))
    page.locator(".cxw-create").click()
    page.locator(".cxw-code").wait_for(timeout=300_000)
    key = re.search(r"key=([\w-]+)", page.url).group(1)
    return page, page.inner_text(".cxw-code").strip(), key


def post(url: str, path: str, body, raw: bytes | None = None, timeout: float = 60.0) -> tuple[int, dict]:
    """POST JSON to the server's API: (HTTP status, the JSON answer)."""
    data = raw if raw is not None else json.dumps(body).encode()
    req = urllib.request.Request(url + path, data=data, method="POST", headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as err:
        return err.code, json.loads(err.read())


def get(url: str, path: str, timeout: float = 60.0) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(url + path, timeout=timeout) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as err:
        return err.code, json.loads(err.read())


__all__ = ["PHONE", "create_session", "get", "launch", "new_page", "post"]
