"""Load on the participatory workshop (issue 19): simulated participants on 127.0.0.1 while the
facilitator's console runs in headless Chromium. Part of ``make bench`` (not a timed test).

    python benchmarks/workshop_load.py [--quick]     # prints the figures as JSON

``participants`` HTTP clients (threads; 30, or 10 in quick mode) join ``participants / 10``
sessions (ten roles each: eight department heads, the CX leader, the CEO) through the server's
JSON API and play ``rounds`` rounds (8; 2 quick): each polls its state until its round opens,
then decides. The facilitator's console of the first session (Chromium, 1280×800) starts and
closes that session's rounds with its buttons; the other sessions are driven through the API.
Measured: the latency of every join, state poll and decision (median, 95th percentile, max), the
console's round trip while the participants play (a click on Projector/Controls until the page
shows the change, through Solara's websocket), a Start-round click until the round shows open,
and a close-and-run click until the round's results are ready (the two models run 13 weeks).
Bounded: every request has a 60 s timeout, every participant a deadline.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from cxsim.viz import headless as hl  # noqa: E402
from cxsim.workshop.headless import create_session, get, launch, post  # noqa: E402
from cxsim.viz.presets import DEFAULT_PRESET, scenario_config  # noqa: E402
from cxsim.workshop.roles import ROLES, rule_values  # noqa: E402

ROLES_PER_SESSION = len(ROLES)
POLL_S = 1.0  # a participant waiting for its round asks for its state once a second


def log(msg: str) -> None:
    print(f"[workshop load {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def summary(ms: list[float]) -> dict:
    ms = sorted(ms)
    if not ms:
        return {"n": 0}
    return {"n": len(ms), "median_ms": statistics.median(ms), "p95_ms": ms[int(0.95 * (len(ms) - 1))], "max_ms": ms[-1]}


class Participant(threading.Thread):
    """One simulated player: joins, then decides in each round as soon as it opens."""

    def __init__(self, url: str, code: str, role: str, rounds: int, config, deadline: float, times: dict, errors: list):
        super().__init__(daemon=True)
        self.url, self.code, self.role, self.rounds, self.deadline = url, code, role, rounds, deadline
        self.decision = rule_values(role, config)
        self.times, self.errors = times, errors

    def timed(self, kind: str, fn):
        t0 = time.perf_counter()
        status, body = fn()
        self.times[kind].append(1000 * (time.perf_counter() - t0))
        return status, body

    def run(self) -> None:
        status, body = self.timed("join", lambda: post(self.url, "api/join", {"code": self.code, "role": self.role, "name": self.role}))
        if status != 200:
            self.errors.append(f"{self.role}: join {status} {body}")
            return
        token = body["token"]
        for n in range(1, self.rounds + 1):
            while time.monotonic() < self.deadline:
                status, body = self.timed("state", lambda: get(self.url, f"api/state?token={token}"))
                st = body.get("status", {})
                if status == 200 and st.get("phase") in ("open", "paused") and st.get("round") == n:
                    break
                time.sleep(POLL_S)
            else:
                self.errors.append(f"{self.role}: round {n} never opened")
                return
            status, body = self.timed("decide", lambda: post(self.url, "api/decide", {"token": token, "decision": self.decision}))
            if status != 200:
                self.errors.append(f"{self.role}: decide {status} {body}")


def console_round_trip(page) -> float:
    """A click on Projector (or Controls) until the page shows the other button: ms."""
    t0 = time.perf_counter()
    toggle = page.locator(".cxw-projector-toggle")
    before = toggle.inner_text().strip()
    toggle.click()
    page.wait_for_function("(b) => { const t = document.querySelector('.cxw-projector-toggle');"
                           " return t && t.textContent.trim() !== b; }", arg=before)
    return 1000 * (time.perf_counter() - t0)


def decided(status: dict, n: int) -> bool:
    return status.get("round") == n and len(status.get("decided", [])) == ROLES_PER_SESSION


def facilitate(url: str, key: str, action: str, ready, deadline: float, errors: list) -> None:
    """The facilitator's ``action`` on a session driven through the API, once ``ready(status)``
    (a round is started once the previous one has run, closed once everyone decided)."""
    while time.monotonic() < deadline:
        status = post(url, "api/facilitate", {"key": key, "action": "status"})[1]["status"]
        if ready(status):
            code, body = post(url, "api/facilitate", {"key": key, "action": action})
            if code != 200:
                errors.append(f"facilitator {action}: {body}")
            return
        time.sleep(POLL_S)
    errors.append(f"facilitator {action}: never ready")


def measure(quick: bool = False) -> dict:
    participants, rounds = (10, 2) if quick else (30, 8)
    try:
        hl.chromium_path()
        hl.sync_playwright()
    except hl.Unavailable as err:
        return {"available": False, "reason": str(err)}
    times = {"join": [], "state": [], "decide": []}
    console_ms, start_ms, run_ms, errors = [], [], [], []
    with tempfile.TemporaryDirectory() as tmp, hl.page_server(Path(tmp) / "server.log", launch=launch) as url, hl.chromium() as chromium:
        n_sessions = participants // ROLES_PER_SESSION
        sessions = [create_session(chromium, url, rounds=rounds, replicates=2) for _ in range(n_sessions)]
        log(f"{n_sessions} sessions created")
        for page, _, _ in sessions[1:]:
            page.context.close()  # only the first console stays open: the one measured
        console, _, first_key = sessions[0]
        config = scenario_config(DEFAULT_PRESET)[0]  # the forms' values: the console's default scenario
        deadline = time.monotonic() + 600 * rounds
        players = [Participant(url, code, role, rounds, config, deadline, times, errors) for _, code, _ in sessions for role in ROLES]
        t_start = time.perf_counter()
        for p in players:
            p.start()
        console.get_by_text("CEO", exact=True).wait_for()
        for n in range(1, rounds + 1):
            t0 = time.perf_counter()
            console.locator(".cxw-start").click()
            console.get_by_text(f"Round {n} of {rounds} open", exact=False).wait_for()
            start_ms.append(1000 * (time.perf_counter() - t0))
            log(f"round {n} open ({start_ms[-1]:.0f} ms)")
            for _, _, key in sessions[1:]:
                facilitate(url, key, "start", lambda st: st["phase"] in ("lobby", "closed"), deadline, errors)
            for _ in range(2):  # to the projector view and back to the controls
                console_ms.append(console_round_trip(console))
            console.wait_for_function("(k) => [...document.querySelectorAll('.cxw-seats tr')].filter(r => r.textContent.includes('✓')).length === k",
                                      arg=ROLES_PER_SESSION, timeout=600_000)
            t0 = time.perf_counter()
            console.locator(".cxw-close").click()
            console.get_by_text(f"Round {n} of {rounds} done" if n < rounds else "Every round played").wait_for(timeout=600_000)
            run_ms.append(1000 * (time.perf_counter() - t0))
            log(f"round {n} run in the first session ({run_ms[-1] / 1000:.1f} s)")
            for _, _, key in sessions[1:]:
                facilitate(url, key, "close", lambda st, n=n: decided(st, n), deadline, errors)
        for p in players:
            p.join(timeout=120)
        wall = time.perf_counter() - t_start
    return {"available": True, "participants": participants, "sessions": n_sessions, "rounds": rounds, "wall_s": wall, "errors": errors,
            **{k: summary(v) for k, v in times.items()}, "console_round_trip": summary(console_ms), "console_start_round": summary(start_ms),
            "console_close_and_run": summary(run_ms)}


ROW_KEYS = ("workshop_http", "workshop_console", "workshop_round")


def rows(w: dict) -> list[tuple[str, str, str, str, str]]:
    if not w.get("available"):
        return [(k, f"workshop load: {k.split('_', 1)[1]}", "not measured", "", w.get("reason", "")) for k in ROW_KEYS]
    who = f"{w['participants']} participants in {w['sessions']} sessions × {w['rounds']} rounds"
    d, s, j = w["decide"], w["state"], w["join"]
    return [
        ("workshop_http", f"workshop load, {who}: decision round trip (HTTP, 127.0.0.1)", f"{d['median_ms']:.0f} ms",
         "", f"95th percentile {d['p95_ms']:.0f} ms, max {d['max_ms']:.0f} ms over {d['n']}; state polls median {s['median_ms']:.0f} ms "
             f"(p95 {s['p95_ms']:.0f}, {s['n']}); joins median {j['median_ms']:.0f} ms; errors {len(w['errors'])}"),
        ("workshop_console", f"workshop load, {who}: facilitator console click → page updated (Chromium, websocket)",
         f"{w['console_round_trip']['median_ms']:.0f} ms", "", f"max {w['console_round_trip']['max_ms']:.0f} ms over {w['console_round_trip']['n']}; "
                                                                 f"Start round → open: median {w['console_start_round']['median_ms']:.0f} ms"),
        ("workshop_round", f"workshop load, {who}: close-and-run click → results (13 weeks, room + model alone)",
         f"{w['console_close_and_run']['median_ms'] / 1000:.1f} s", "", f"max {w['console_close_and_run']['max_ms'] / 1000:.1f} s; wall {w['wall_s']:.0f} s"),
    ]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true")
    args = ap.parse_args(argv)
    print(json.dumps(measure(args.quick), indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
