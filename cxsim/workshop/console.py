"""The facilitator's console: create a session, show the room how to join, run the rounds, reveal
the results on the projector, and the debrief. Reads the session; acts only through its methods."""

from __future__ import annotations

import os
import threading

import solara

from ..viz.events import describe, read_events
from ..viz.presets import DEFAULT_PRESET, PRESETS
from .debrief import DEFAULT_REPLICATES, DebriefPicture, start_replicates, table
from .hub import HUB
from .roles import ROLES, WorkshopError, role_label
from .session import CLOSED, DEBRIEF, LOBBY, OPEN, PAUSED, RUNNING, whole

URL_ENV = "CXSIM_WORKSHOP_URL"  # the address players use (set by python -m cxsim.workshop)

CSS = """
.cxw { padding: 12px 18px; max-width: 1400px; }
.cxw-code { font-size: 64px; font-weight: 800; letter-spacing: 8px; color: #1f3b63; line-height: 1.1; }
.cxw-url { font-size: 22px; }
.cxw-big { font-size: 22px; }
.cxw table { border-collapse: collapse; }
.cxw td, .cxw th { padding: 3px 10px; border-bottom: 1px solid #ddd; text-align: left; }
.cxw-projector, .cxw-projector td, .cxw-projector th { font-size: 24px !important; }
.v-btn { text-transform: none !important; }
"""


def player_url() -> str:
    return os.environ.get(URL_ENV, "http://127.0.0.1:8766").rstrip("/") + "/play"


def qr_svg(text: str) -> str | None:
    """The QR code of ``text`` as inline SVG (segno), or None when segno is not installed."""
    try:
        import segno
    except ImportError:
        return None
    return segno.make(text, error="m").svg_inline(scale=6, dark="#1f3b63")


def html_table(rows: list[dict], columns: list[str], classes: str = "") -> str:
    head = "".join(f"<th>{c}</th>" for c in columns)
    body = "".join("<tr>" + "".join(f"<td>{'' if r.get(c) is None else r.get(c)}</td>" for c in columns) + "</tr>" for r in rows)
    return f"<table class='{classes}'><tr>{head}</tr>{body}</table>"


@solara.component
def CreateForm(push):
    preset = solara.use_reactive(PRESETS[DEFAULT_PRESET].label)
    seed = solara.use_reactive("0")
    weeks = solara.use_reactive("13")
    rounds = solara.use_reactive("8")
    seconds = solara.use_reactive("180")
    replicates = solara.use_reactive(str(DEFAULT_REPLICATES))
    busy = solara.use_reactive(False)
    error = solara.use_reactive("")

    def create():
        busy.set(True)
        error.set("")

        def build():
            try:
                key = [k for k, p in PRESETS.items() if p.label == preset.value][0]
                fkey, session = HUB.create(preset=key, seed=seed.value, round_weeks=weeks.value, rounds=rounds.value, decide_seconds=seconds.value)
                start_replicates(session, whole("replicates", replicates.value, 2, 200))
                push(f"/?key={fkey}")
            except WorkshopError as err:
                error.set(str(err))
            finally:
                busy.set(False)

        threading.Thread(target=build, daemon=True).start()

    with solara.Column(gap="10px", style={"max-width": "560px"}):
        solara.Markdown("## New participatory session")
        solara.Select("Scenario", values=[p.label for p in PRESETS.values()], value=preset)
        solara.InputText("Seed", value=seed)
        solara.InputText("Weeks per round (13 = a quarter)", value=weeks)
        solara.InputText("Rounds", value=rounds)
        solara.InputText("Seconds to decide in a round", value=seconds)
        solara.InputText("Replicates for the debrief's band", value=replicates)
        solara.Button("Building the company…" if busy.value else "Create session", on_click=create, disabled=busy.value, color="primary",
                      classes=["cxw-create"])
        if error.value:
            solara.Error(error.value, classes=["cxw-error"])


@solara.component
def Seats(status: dict):
    rows = []
    for role in ROLES:
        name = status["joined"].get(role)
        rows.append({"role": role_label(role), "player": name or "— the model plays it", "decided": "✓" if role in status["decided"] else ""})
    solara.HTML(unsafe_innerHTML=html_table(rows, ["role", "player", "decided"], "cxw-seats"))


@solara.component
def Controls(session, status: dict):
    message = solara.use_reactive("")

    def act(fn):
        def run():
            try:
                fn()
                message.set("")
            except WorkshopError as err:
                message.set(str(err))
        return run

    phase = status["phase"]
    with solara.Row(gap="8px", style={"flex-wrap": "wrap", "align-items": "center"}):
        if phase in (LOBBY, CLOSED):
            solara.Button(f"Start round {session.round + 1}", on_click=act(session.start_round), color="primary", classes=["cxw-start"])
        if phase == OPEN:
            solara.Button("Pause", on_click=act(session.pause), classes=["cxw-pause"])
        if phase == PAUSED:
            solara.Button("Resume", on_click=act(session.resume), classes=["cxw-resume"])
        if phase in (OPEN, PAUSED):
            solara.Button("Apply defaults and run the round", on_click=act(lambda: HUB.advance(session)), color="warning", classes=["cxw-close"])
        if session.round > session.revealed and phase != RUNNING:
            solara.Button("Reveal results", on_click=act(session.reveal), classes=["cxw-reveal"])
    if message.value:
        solara.Error(message.value)


def phase_text(status: dict) -> str:
    phase, n = status["phase"], status["round"]
    if phase == LOBBY:
        return "Waiting for the room to join"
    if phase == OPEN:
        return f"Round {n} of {status['rounds']} open: {status['remaining']:.0f} s left"
    if phase == PAUSED:
        return f"Round {n} of {status['rounds']} paused: {status['remaining']:.0f} s left"
    if phase == RUNNING:
        return f"Round {n} running…"
    if phase == DEBRIEF:
        return f"Every round played ({status['rounds']}): debrief"
    return f"Round {n} of {status['rounds']} done (week {status['week']})"


@solara.component
def Results(session, revealed: int):
    rows = []
    for rnd, week, room, alone in session.results[1:revealed + 1]:
        rows.append({"round": rnd, "week": week, "NPS (room)": room["nps"], "NPS (model alone)": alone["nps"],
                     "friction (room)": room["customer_friction"], "friction (alone)": alone["customer_friction"],
                     "resistance (room)": room["resistance"], "resistance (alone)": alone["resistance"]})
    if rows:
        solara.Markdown("### Results revealed")
        solara.HTML(unsafe_innerHTML=html_table(rows, list(rows[0]), "cxw-results"))


@solara.component
def Debrief(session, version: int):
    png = solara.use_memo(lambda: DebriefPicture(session, size=(1200, 560), font_px=15).render_png(session.room),
                          [version if session.band is not None else -1, session.week])
    done, total = session.band_progress
    solara.Markdown("## Debrief: the room against the model alone and 95% of runs")
    if session.band is None:
        solara.Text(f"replicates for the band: {done} of {total} done…", classes=["cxw-band-progress"])
    solara.Image(png, classes=["cxw-debrief-picture"])
    rows = table(session)
    cols = ["label", "room", "model alone"] + (["band_lo", "band_hi", "typical"] if session.band is not None else [])
    solara.HTML(unsafe_innerHTML=html_table(rows, cols, "cxw-debrief-table"))
    solara.Markdown("### Who did what")
    lines = [e.text() for e in session.log] + [describe(e) for e in read_events(session.room)]
    solara.HTML(unsafe_innerHTML="<div class='cxw-log' style='max-height:320px;overflow:auto;font-size:14px'>"
                + "<br>".join(solara_escape(x) for x in lines) + "</div>")


def solara_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@solara.component
def EndSession(key, push):
    """End the session (two clicks): the server forgets it, its join code and seats stop working
    and the console returns to the form for a new session."""
    confirm = solara.use_reactive(False)

    def end():
        HUB.end(key)
        push("/")

    if not confirm.value:
        solara.Button("End session", on_click=lambda: confirm.set(True), classes=["cxw-end"])
        return
    solara.Text("End the session for everyone?", style={"font-weight": "700"})
    solara.Button("Yes, end it", on_click=end, color="error", classes=["cxw-end-yes"])
    solara.Button("No", on_click=lambda: confirm.set(False), classes=["cxw-end-no"])


@solara.component
def Console(session, key, push, pulse=None):
    projector = solara.use_reactive(False)
    solara.Style(CSS)
    with solara.Column(gap="12px", classes=["cxw"] + (["cxw-projector"] if projector.value else [])):
        with solara.Row(style={"align-items": "center"}):
            solara.Markdown("# cxsim participatory workshop")
            solara.v.Spacer()
            if session is not None:
                if not projector.value:
                    EndSession(key, push)
                solara.Button("Controls" if projector.value else "Projector", on_click=lambda: projector.set(not projector.value),
                              classes=["cxw-projector-toggle"])
        if session is None:
            CreateForm(push)
            return
        status = session.status()
        with solara.Row(gap="40px", style={"align-items": "center", "flex-wrap": "wrap"}):
            with solara.Column(gap="4px"):
                solara.Text("Join code", classes=["cxw-big"])
                solara.Text(session.code, classes=["cxw-code"])
                solara.Text(f"on your phone: {player_url()}", classes=["cxw-url"])
                solara.Text(f"{session.preset.label} · seed {session.seed}", classes=["cxw-big"])
            svg = qr_svg(f"{player_url()}?code={session.code}")
            if svg:
                solara.HTML(unsafe_innerHTML=svg, classes=["cxw-qr"])
        solara.Text(phase_text(status), classes=["cxw-phase", "cxw-big"], style={"font-weight": "700"})
        if not projector.value:
            Controls(session, status)
            Seats(status)
        Results(session, status["revealed"])
        if status["phase"] == DEBRIEF:
            Debrief(session, status["version"])
