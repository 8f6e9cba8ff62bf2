"""The cxsim workshop page (Solara): ``make viz`` or ``python -m cxsim.viz``.

Or directly: ``solara run cxsim/viz/app.py --host 127.0.0.1 --port 8765 --production --no-open``.

Built like Mesa's SolaraViz (a model, its controls in a sidebar, pictures of it beside) but with
its own controller, because a room needs what Mesa 3.3's offers no hook for: each browser tab
its own model (:class:`cxsim.viz.session.Runner`, created when the page mounts, never at module
level), Play/Pause/Reset/Step queued on one worker thread (no race), Step = one week, pictures
re-rendered at the size the viewport gives them, a presenter mode, and the Compare, Debrief,
Events and Info tabs. No Solara reactive variable lives at module level: every piece of state
belongs to one page.
"""

from __future__ import annotations

import logging
from pathlib import Path

import solara

from cxsim.viz.controls import RunButtons, ScenarioControls, SpeedControls, default_params, pending
from cxsim.viz.debrief import DebriefJob
from cxsim.viz.layout import APPBAR_PX, SIDEBAR_PX, font_px, header_px
from cxsim.viz.session import Runner
from cxsim.viz.views import CompareView, DebriefView, EventsView, InfoView, RunView

logging.getLogger("MESA").setLevel(logging.WARNING)  # Mesa logs every step at INFO

TABS = ("Run", "Compare", "Debrief", "Events", "Info")
DEFAULT_B = "no_leader"  # exercise 2 compares the lure with no leader


@solara.component_vue(str(Path(__file__).with_name("viewport.vue")))
def Viewport(event_resize):
    """Reports the browser window's size (on load and after a resize)."""


CSS = """
.cx-page { width: 100vw; height: 100vh; overflow: hidden; background: white; color: #222; }
.cx-bar { height: %(bar)dpx; padding: 0 12px; background: #1f3b63; color: white; align-items: center; flex-wrap: nowrap; }
.cx-bar .v-btn { text-transform: none; }
.cx-side { width: %(side)dpx; min-width: %(side)dpx; height: calc(100vh - %(bar)dpx); overflow-y: auto; padding: 8px 10px;
           border-right: 1px solid #ddd; }
.cx-main { padding: 8px 12px; height: calc(100vh - %(bar)dpx); overflow-y: auto; flex: 1 1 auto; }
.cx-main > *, .cx-side > * { flex-shrink: 0; }
.cx-pending .v-label, .cx-pending label { color: #e65100 !important; font-weight: 600; }
.cx-card img { display: block; }
.cx-status { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.v-btn { text-transform: none !important; }
.cx-side .v-select__selection { white-space: normal; overflow: visible; text-overflow: clip; max-width: 100%%; line-height: 1.3; }
.cx-side .v-select__selections { flex-wrap: wrap; }
.menuable__content__active .v-list-item__title { white-space: normal; }
"""


def presenter_css(font: float) -> str:
    """Presenter mode: every HTML text of the page at least ``font`` pixels (the pictures follow
    the same rule, see :mod:`cxsim.viz.layout`)."""
    return (f".cx-presenter, .cx-presenter * {{ font-size: max({font:.0f}px, 1em) !important; }}"
            f" .cx-presenter .cx-bar {{ height: {APPBAR_PX + font:.0f}px; }}")


def params_of(draft: dict) -> dict:
    return {k: v for k, v in draft.items()}


@solara.component
def Layout(children=[]):  # noqa: B006 - Solara's layout signature
    """No Solara app bar or sidebar: the page draws its own (and hides them in presenter mode)."""
    return solara.Column(children=children, gap="0px", style={"padding": "0", "margin": "0"})


@solara.component
def Page():
    size = solara.use_reactive((1280, 720))
    tab = solara.use_reactive(TABS[0])
    presenter = solara.use_reactive(False)
    main = solara.use_reactive("kpis")
    draft_a = solara.use_reactive(default_params())
    applied_a = solara.use_reactive(default_params())
    draft_b = solara.use_reactive(default_params(DEFAULT_B))
    applied_b = solara.use_reactive(default_params(DEFAULT_B))
    compare_on = solara.use_reactive(False)
    delay_ms = solara.use_reactive(50)
    every = solara.use_reactive(1)
    frame = solara.use_reactive(None)
    replicates = solara.use_reactive(10)
    progress = solara.use_reactive((0, 0))
    job = solara.use_ref(None)
    runner = solara.use_memo(lambda: Runner(frame.set, params_of(applied_a.value)), [])

    def start():
        runner.start()
        try:  # the tab closed: stop its worker even if Solara skips the effect's cleanup
            from solara.server import kernel_context

            kernel_context.get_current_context().on_close(runner.close)
        except RuntimeError:  # rendered outside a server (tests, notebooks)
            pass
        return runner.close

    solara.use_effect(start, [])
    view = tab.value.lower()
    solara.use_effect(lambda: runner.submit("view", view=view, size=size.value, presenter=presenter.value, main=main.value),
                      [view, size.value, presenter.value, main.value])

    def submit(kind, **kw):
        runner.submit(kind, **kw)

    def cancel_debrief():
        if job.current is not None:
            job.current.cancel()
            job.current = None
        progress.set((0, 0))

    def reset():
        cancel_debrief()
        applied_a.set(dict(draft_a.value))
        b = params_of(applied_b.value) if compare_on.value else None
        runner.submit("reset", a=params_of(draft_a.value), b=b)

    def compare():
        cancel_debrief()
        compare_on.set(True)
        applied_a.set(dict(draft_a.value))
        applied_b.set(dict(draft_b.value))
        runner.submit("reset", a=params_of(draft_a.value), b=params_of(draft_b.value))

    def debrief():
        cancel_debrief()
        models = [m for m in (runner.model, runner.model_b) if m is not None]
        job.current = DebriefJob([(m.preset.label, m.config) for m in models], replicates.value,
                                 on_progress=lambda done, total: progress.set((done, total)),
                                 on_done=lambda bands: runner.submit("bands", bands=bands)).start()

    def speed():
        runner.submit("speed", delay=delay_ms.value / 1000.0, every=every.value)

    f = font_px(size.value[1], presenter.value)
    solara.Style(CSS % {"bar": APPBAR_PX, "side": SIDEBAR_PX} + (presenter_css(f) if presenter.value else ""))
    Viewport(event_resize=lambda d: size.set((int(d["width"]), int(d["height"]))))
    fr = frame.value
    with solara.Column(gap="0px", classes=["cx-page"] + (["cx-presenter"] if presenter.value else [])):
        with solara.Row(gap="10px", classes=["cx-bar"], style={"background": "#1f3b63", "color": "white", "align-items": "center",
                                                              "min-height": f"{APPBAR_PX}px", "padding": "0 12px", "flex-wrap": "nowrap"}):
            solara.Text("cxsim workshop", style={"font-weight": "700", "font-size": "18px", "white-space": "nowrap"})
            solara.ToggleButtonsSingle(value=tab.value, values=list(TABS), on_value=tab.set, classes=["cx-tabs"])
            solara.v.Spacer()
            solara.Button("Export", on_click=lambda: runner.submit("export"), text=True, style={"color": "white"}, classes=["cx-export"])
            solara.Button("Presenter" if not presenter.value else "Controls", on_click=lambda: presenter.set(not presenter.value),
                          text=True, style={"color": "white"}, classes=["cx-presenter-toggle"])
        if presenter.value:
            with solara.Row(gap="16px", style={"padding": "6px 12px 0 12px", "align-items": "center"}):
                RunButtons(fr, reset, submit, compact=True)
                if view == "run":
                    solara.ToggleButtonsSingle(value=main.value, values=["kpis", "organisation"], on_value=main.set)
        with solara.Row(gap="0px", style={"flex-wrap": "nowrap"}):
            if not presenter.value:
                with solara.Column(gap="6px", classes=["cx-side"]):
                    RunButtons(fr, reset, submit)
                    SpeedControls(delay_ms, every, speed)
                    ScenarioControls(draft_a, applied_a.value)
            with solara.Column(gap="6px", classes=["cx-main"]):
                StatusLine(fr, pending(draft_a.value, applied_a.value), f)
                if view == "run":
                    RunView(fr, size.value, presenter.value, main.value)
                elif view == "compare":
                    CompareView(fr, size.value, presenter.value, draft_b, applied_b.value, compare)
                elif view == "debrief":
                    DebriefView(fr, size.value, presenter.value, replicates, progress.value, debrief)
                elif view == "events":
                    EventsView(fr, size.value, presenter.value)
                else:
                    InfoView(fr, presenter.value)
                if fr is not None and fr.exports:
                    with solara.Row(gap="8px", classes=["cx-downloads"]):
                        for name, data in fr.exports.items():
                            solara.FileDownload(data, filename=name, label=f"Download {name.rsplit('_', 1)[1]}")


@solara.component
def StatusLine(frame, waiting: list, font: float):
    """One line of fixed height: the week, the scenario, and one message (an error, a warning or
    the changes that wait for Reset); the pictures below never move."""
    if frame is None:
        solara.Text("Starting…", classes=["cx-status"])
        return
    a = frame.a
    message, colour = "", "#444"
    if a.error:
        message, colour = a.error, "#c62828"
    elif a.warnings:
        message, colour = a.warnings[0], "#e65100"
    elif waiting:
        message, colour = f"{len(waiting)} change{'s' if len(waiting) > 1 else ''} wait for Reset: {', '.join(waiting)}", "#e65100"
    state = "finished" if not frame.running else "playing" if frame.playing else "paused"
    style = {"height": f"{header_px(font)}px", "line-height": f"{header_px(font)}px", "font-size": f"{1.2 * font:.0f}px"}
    with solara.Row(gap="14px", style={**style, "flex-wrap": "nowrap", "overflow": "hidden"}):
        solara.Text(f"Week {frame.week} of {frame.horizon}", classes=["cx-week"], style={"font-weight": "700", "white-space": "nowrap"})
        solara.Text(f"({state})", style={"white-space": "nowrap", "color": "#666"})
        solara.Text(a.label, classes=["cx-status"], style={"font-weight": "600", "min-width": "0", "flex": "0 1 auto"})
        if message:  # the message keeps at least half of the line; the scenario's name gives way
            solara.Text(("⚠ " if a.error or a.warnings else "⟳ ") + message, classes=["cx-status", "cx-message"],
                        style={"color": colour, "font-weight": "600", "min-width": "50%", "flex": "1 1 0"})
