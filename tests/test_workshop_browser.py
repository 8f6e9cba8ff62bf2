"""The participatory workshop in a real browser: ``python -m cxsim.workshop``'s server on a free
loopback port, Debian's Chromium driven by Playwright. A facilitator and four players (phone-sized
contexts) play four rounds to the debrief; a player closes its page and comes back with its link;
hostile requests to the server's API are refused and the session goes on.

Like tests/test_browser.py: with ``CI=true`` a missing Chromium is a failure, elsewhere a skip;
timeouts only catch a hang. ``CXSIM_SCREENSHOT_DIR=docs/img pytest tests/test_workshop_browser.py
-k four_rounds`` retakes the screenshots of docs/workshop.md (``make workshop-guide``).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from cxsim.viz import headless as hl
from tests.conftest import served_in_chromium
from cxsim.workshop.headless import PHONE, create_session, launch, new_page, post

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]
PLAYERS = ("billing", "sales", "cx_leader", "ceo")
SHOTS = os.environ.get("CXSIM_SCREENSHOT_DIR")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """(Chromium, the workshop server's URL), shared by the module's tests."""
    yield from served_in_chromium(tmp_path_factory, launch)


def join(chromium, url: str, code: str, role: str):
    page = new_page(chromium, f"{url}play?code={code}", PHONE)
    page.locator(".cxp-join").wait_for()
    hl.choose(page, "Your role", role)
    page.get_by_label("Your name").fill(f"table {role}")
    page.locator(".cxp-join").click()
    page.locator(".cxp-who").wait_for()
    assert "token=" in page.url
    return page


def decide(page, round_no: int, choice: tuple[str, str] | None) -> None:
    page.get_by_text(re.compile(f"Round {round_no} of \\d+: decide")).wait_for()
    if choice is not None:
        hl.choose(page, *choice)
    page.locator(".cxp-submit").click()
    page.locator(".cxp-ok").wait_for()


def shot(page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / name), full_page=True)


CHOICES = {"billing": ("A mandate from the CX leader", "resist"), "sales": ("Budget the programme takes", "guard"),
           "cx_leader": ("Target for the next review", "installation"), "ceo": ("In a conflict, back", "department")}


def test_four_rounds_to_the_debrief_and_a_player_comes_back(server):
    chromium, url = server
    console, code, _ = create_session(chromium, url, rounds=4)
    players = {role: join(chromium, url, code, role) for role in PLAYERS}
    console.get_by_text("table ceo").wait_for()
    for n in range(1, 5):
        console.locator(".cxw-start").click()
        for role, page in players.items():
            decide(page, n, CHOICES[role] if n % 2 else None)
            if n == 1 and role == "billing":
                shot(page, "workshop_phone.png")
        if n == 2:  # billing closes its page and comes back on another device with its link
            link = players["billing"].url
            players["billing"].context.close()
            again = new_page(chromium, link, PHONE)
            again.get_by_role("heading", name="Head of billing").wait_for()
            players["billing"] = again
            decide(again, n, ("A mandate from the CX leader", "negotiate"))
        console.wait_for_function("() => document.querySelectorAll('.cxw-seats td').length > 0 && "
                                  "[...document.querySelectorAll('.cxw-seats tr')].filter(r => r.textContent.includes('✓')).length === 4")
        if n == 1:
            shot(console, "workshop_console.png")
        console.locator(".cxw-close").click()
        console.get_by_text(re.compile(f"Round {n} of 4 done|Every round played")).wait_for()
        console.locator(".cxw-reveal").click()
        console.locator(".cxw-results tr").nth(n).wait_for()
    console.locator(".cxw-debrief-table").wait_for()
    console.locator(".cxw-debrief-picture").wait_for()
    log = console.inner_text(".cxw-log")
    assert "Head of billing decided" in log and "Head of billing rejoined" in log and "CEO decided" in log
    assert len(re.findall("ran the round", log)) == 4
    console.locator(".cxw-band-progress").wait_for(state="detached", timeout=900_000)  # the band of runs arrives
    assert "typical" in console.inner_text(".cxw-debrief-table")
    shot(console, "workshop_debrief.png")
    for page in players.values():
        page.get_by_text("The session has ended").wait_for()
    body = console.inner_text("body")
    assert "Traceback" not in body
    console.locator(".cxw-end").click()  # the facilitator ends the session (two clicks)
    console.locator(".cxw-end-yes").click()
    console.locator(".cxw-create").wait_for()
    gone = players["billing"]
    gone.goto(gone.url)  # a seat's link no longer reaches it: the join form, no traceback
    gone.get_by_text("Join the workshop").wait_for()
    assert "Traceback" not in gone.inner_text("body")


def test_hostile_requests_are_refused_and_the_session_goes_on(server):
    chromium, url = server
    console, code, key = create_session(chromium, url, rounds=1, replicates=2)
    status, body = post(url, "api/join", {"code": "WRONG1", "role": "billing"})
    assert status == 400 and "wrong join code" in body["error"]
    status, body = post(url, "api/join", {"code": code, "role": "billing", "name": "A"})
    assert status == 200
    token = body["token"]
    for payload, words in (({"code": code, "role": "billing"}, "taken"), ({"code": code, "role": "sales", "holding": token}, "already play"),
                           ({"code": code, "role": "<script>"}, "not a role")):
        status, body = post(url, "api/join", payload)
        assert status == 400 and words in body["error"], body
    assert post(url, "api/join", None, raw=b"{not json")[0] == 400
    assert post(url, "api/join", None, raw=b"[1, 2]")[0] == 400
    assert post(url, "api/join", None, raw=b"{" + b" " * 10_000 + b"}")[0] == 413
    assert post(url, "api/decide", {"token": token, "decision": {}})[1]["error"].startswith("the first round")
    assert post(url, "api/facilitate", {"key": "guess", "action": "start"})[0] == 400
    assert post(url, "api/facilitate", {"key": key, "action": "start"})[0] == 200
    good = {"mandate": "resist", "budget": "offer", "champions": "yes", "community": "no", "forum": "no"}
    status, body = post(url, "api/decide", {"token": token, "decision": good, "role": "sales"})
    assert status == 400 and "cannot act for sales" in body["error"]
    status, body = post(url, "api/decide", {"token": token, "decision": {**good, "mandate": 7}})
    assert status == 400 and "mandate" in body["error"]
    accepted = [post(url, "api/decide", {"token": token, "decision": good})[0] for _ in range(25)]
    assert accepted.count(200) == 20 and accepted.count(400) == 5  # a flood: the last accepted decision stands
    console.get_by_text("✓").wait_for()
    assert post(url, "api/facilitate", {"key": key, "action": "close"})[0] == 200
    assert post(url, "api/facilitate", {"key": key, "action": "close"})[0] == 400  # never applied twice
    console.get_by_text("Every round played (1)").wait_for()
    log = console.inner_text(".cxw-log")
    assert log.count("Head of billing decided") == 1 and log.count("changed its decision") == 19
