"""The page's tabs: Run, Compare, Debrief, Events and Info, each drawn from the session's last frame.

Every picture is shown at the pixel size it was drawn at (:mod:`cxsim.viz.layout`), under a
one-line header of fixed height, so nothing on the page moves when a message appears.
"""

from __future__ import annotations

import html

import solara

from ..metrics import BY_NAME
from .controls import ScenarioControls
from .debrief import REPLICATE_CHOICES, typical_rows
from .guide import info_markdown
from .layout import header_px, slots
from .style import CONFLICT_COLOUR, TITLES


def png_size(png: bytes) -> tuple[int, int]:
    """Width and height of a PNG, from its header."""
    return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")


def _image(png: bytes):
    """The picture at the pixel size it was drawn at (a frame drawn for the previous layout shows
    at its own size until the next one arrives: nothing is ever stretched)."""
    import ipywidgets

    width, height = png_size(png)
    return ipywidgets.Image.element(value=png, format="png", layout={"width": f"{width}px", "height": f"{height}px"})


@solara.component
def Card(title: str, subtitle: str, png, slot, font: float, alert: str = ""):
    """A picture under a one-line header of fixed height (an alert replaces the subtitle)."""
    head = {"height": f"{header_px(font)}px", "white-space": "nowrap", "overflow": "hidden", "text-overflow": "ellipsis",
            "font-size": f"{font * 1.2:.0f}px", "line-height": f"{header_px(font)}px", "padding": "0 4px"}
    with solara.Column(gap="0px", classes=["cx-card"], style={"width": f"{slot.width}px"}):
        with solara.Div(style=head):
            solara.HTML(tag="span", unsafe_innerHTML=f"<b>{html.escape(title)}</b>&nbsp;&nbsp;"
                        + (f"<span style='color:{CONFLICT_COLOUR};font-weight:700'>{html.escape(alert)}</span>" if alert
                           else f"<span style='color:#444'>{html.escape(subtitle)}</span>"))
        if png is not None:
            _image(png)


def _slot_png(frame, view, size, presenter, main):
    return slots(view, *size, presenter, main), (frame.pngs if frame is not None else {})


@solara.component
def RunView(frame, size, presenter: bool, main: str):
    places, pngs = _slot_png(frame, "run", size, presenter, main)
    f = next(iter(places.values())).font
    conflicts = frame.a.conflicts_now if frame is not None else 0
    alert = f"⚡ {conflicts} conflict{'s' if conflicts != 1 else ''} this week" if conflicts else ""
    if "journey" in places:
        Card(TITLES["journey"], frame.a.header if frame else "", pngs.get("journey"), places["journey"], f)
    with solara.Row(gap="12px", style={"flex-wrap": "nowrap"}):
        if "organisation" in places:
            Card(TITLES["organisation"], "size = headcount · colour = knowledge", pngs.get("organisation"), places["organisation"], f, alert)
        if "kpis" in places:
            Card(TITLES["kpis"], "▼ = conflict, suspended mandate, leader sidelined", pngs.get("kpis"), places["kpis"], f)


@solara.component
def CompareView(frame, size, presenter: bool, draft_b: solara.Reactive, applied_b: dict, on_compare):
    places, pngs = _slot_png(frame, "compare", size, presenter, "kpis")
    f = places["journey"].font
    if frame is None or frame.b is None:
        with solara.Column(style={"max-width": "720px"}):
            solara.Markdown("Pick scenario **B** and press **Reset both**: A (the sidebar) and B then run on the same seed, "
                            "stepping together. The KPI panels draw A solid and B dashed.")
            ScenarioControls(draft_b, applied_b, title="Scenario B", run_settings=False)
            solara.Button("Reset both", color="primary", on_click=on_compare, classes=["cx-compare"])
        return
    Card(f"A: {frame.a.label}", frame.a.header, pngs.get("journey"), places["journey"], f)
    Card(f"B: {frame.b.label}", frame.b.header, pngs.get("journey_b"), places["journey_b"], f)
    Card(TITLES["kpis"], "A solid, B dashed · same seed", pngs.get("kpis_compare"), places["kpis_compare"], f)
    with solara.Details("Change scenario B"):
        ScenarioControls(draft_b, applied_b, title="Scenario B", run_settings=False)
        solara.Button("Reset both", color="primary", on_click=on_compare, classes=["cx-compare"])


def _fmt(name: str, value: float) -> str:
    return f"{value:+.0f}" if BY_NAME[name].unit == "points" else f"{value:.2f}" if abs(value) < 10 else f"{value:.0f}"


@solara.component
def DebriefView(frame, size, presenter: bool, replicates: solara.Reactive, progress, on_debrief):
    places, pngs = _slot_png(frame, "debrief", size, presenter, "kpis")
    f = places["kpis_bands"].font
    done, total = progress
    names = " and ".join(x.label for x in (frame.a, frame.b) if x is not None) if frame else ""
    with solara.Row(gap="12px", style={"align-items": "center", "flex-wrap": "wrap"}):
        solara.Select("Replicates per scenario", value=str(replicates.value), values=[str(n) for n in REPLICATE_CHOICES],
                      on_value=lambda v: replicates.set(int(v)), style={"max-width": "220px"})
        solara.Button(f"Run the debrief: {replicates.value} runs of {names}", color="primary", on_click=on_debrief,
                      disabled=0 < done < total or (total > 0 and done == 0), classes=["cx-debrief"])
        if total:
            solara.Text(f"{done} of {total} runs", classes=["cx-debrief-progress"])
    if total:
        solara.ProgressLinear(value=100.0 * done / total)
    if frame is None or not frame.bands:
        solara.Markdown("The debrief runs the scenarios played, with the same settings, on other seeds (the seeds "
                        "`python -m cxsim … replicates=N` uses) and shows where 95% of runs fall, with the room's run on top.")
        return
    Card(TITLES["kpis"], f"the room's run (thick) against {frame.bands[0].n} runs: mean and band where 95% of runs fall",
         pngs.get("kpis_bands"), places["kpis_bands"], f)
    rows = typical_rows(frame.bands[0], frame.room, frame.week)
    table = ["| KPI | our run, week %d | mean of runs [95%% interval] | 95%% of runs fall in | typical? |" % frame.week, "|---|---|---|---|---|"]
    for r in rows:
        n = r["metric"]
        table.append(f"| {BY_NAME[n].title} | {_fmt(n, r['room'])} | {_fmt(n, r['mean'])} [{_fmt(n, r['mean_lo'])}, {_fmt(n, r['mean_hi'])}] | "
                     f"[{_fmt(n, r['band_lo'])}, {_fmt(n, r['band_hi'])}] | {'yes' if r['typical'] else '**no**'} |")
    solara.Markdown("\n".join(table), style={"font-size": f"{f:.0f}px"})


@solara.component
def EventsView(frame, size, presenter: bool):
    places, pngs = _slot_png(frame, "events", size, presenter, "kpis")
    f = places["timeline"].font
    count = len(frame.events) if frame else 0
    Card("What happened", f"{count} event{'s' if count != 1 else ''} so far", pngs.get("timeline"), places["timeline"], f)
    if frame is not None and frame.events:
        items = "".join(f"<li>{html.escape(e)}</li>" for e in frame.events[:200])
        solara.HTML(tag="ul", unsafe_innerHTML=items, classes=["cx-events"],
                    style={"font-size": f"{f:.0f}px", "max-height": "40vh", "overflow-y": "auto"})
    else:
        solara.Text("No events recorded yet (the model records them from the programme start on).")


@solara.component
def InfoView(frame, presenter: bool):
    if frame is not None:
        a = frame.a
        lines = "<br>".join(html.escape(x) for x in a.lines)
        solara.HTML(tag="div", unsafe_innerHTML=f"<b>Running: {html.escape(a.label)}</b> · <i>{html.escape(a.question)}</i><br>{lines}"
                    f"<br>Watch: {html.escape(a.watch)}.", style={"padding": "4px 0 12px 0"})
    with solara.Div(classes=["cx-info"], style={"max-width": "1100px"}):
        solara.Markdown(info_markdown())
