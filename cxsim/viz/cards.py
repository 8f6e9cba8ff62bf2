"""The page's cards (Solara components): the journey, the organisation, the KPIs, the scenario.

Each card shows the PNG of its picture (re-rendered only when the model or its week changes)
under a one-line header; the scenario card says in words what is running.
"""

from __future__ import annotations

import html

import numpy as np
import solara
from mesa.visualization.utils import update_counter

from .pictures import picture, render_png
from .style import CONFLICT_COLOUR, REPORTS_TO, TITLES

# Page styling for a 1280×720 projector: a slimmer sidebar (Solara's default is 400 px), no
# tab bar (the page has one tab), no "runs on Solara" banner over the KPIs.
PAGE_CSS = """
.v-navigation-drawer.solara-content-main { min-width: 330px !important; max-width: 330px !important; }
.v-navigation-drawer .v-card__title { font-size: 1.1rem; padding-top: 8px; padding-bottom: 4px; }
.solara-content-main .v-tabs { display: none !important; }
.vue-grid-item { overflow: hidden; }
.v-application:has(.v-navigation-drawer--open) .v-content.solara-content-main { padding-left: 330px !important; }
.vue-grid-item div:has(.cx-card) { height: 100%; }
.cx-card { height: 100%; display: flex; flex-direction: column; flex-wrap: nowrap; }
.cx-card > div:has(> img) { flex: 1 1 0; min-height: 0; }
.cx-card img { width: 100%; height: 100%; object-fit: contain; object-position: left top; }
.solara-autorouter-content > .v-sheet.d-flex { row-gap: 0 !important; }
"""
_HEADER_STYLE = {"font-size": "17px", "font-weight": "600", "line-height": "1.25", "white-space": "nowrap"}
_SUBTITLE_STYLE = {"font-size": "13.5px", "color": "#444", "white-space": "nowrap", "overflow": "hidden", "text-overflow": "ellipsis"}
_IMAGE_LAYOUT = {"width": "100%", "height": "100%", "object_fit": "contain"}


def _header(key: str, subtitle: str = "") -> None:
    with solara.Row(gap="12px", style={"align-items": "baseline", "padding": "0 4px", "flex-wrap": "nowrap"}):
        solara.Text(TITLES[key], style=_HEADER_STYLE)
        if subtitle:
            solara.Text(subtitle, style=_SUBTITLE_STYLE)


def _image(png: bytes):
    import ipywidgets

    return ipywidgets.Image.element(value=png, format="png", layout=_IMAGE_LAYOUT)


def _use_png(model, name: str) -> bytes:
    """PNG of picture ``name``, recomputed only when the model or its week changes."""
    return solara.use_memo(lambda: render_png(model, name), [id(model), model.steps])


@solara.component
def Messages(model):
    """The model's error (bad control values) and warnings, as Solara alerts."""
    error = getattr(model, "error", None)
    if error:
        solara.Error(error, dense=True)
    for warning in getattr(model, "warnings", None) or []:
        solara.Warning(warning, dense=True)


@solara.component
def OrganisationView(model):
    update_counter.get()
    png = _use_png(model, "organisation")
    fresh = picture(model, "organisation").fresh
    fights = int(fresh.sum()) if fresh is not None else 0
    with solara.Column(gap="0px", style={"padding": "2px"}, classes=["cx-card"]):
        with solara.Row(gap="12px", style={"align-items": "baseline", "padding": "0 4px", "flex-wrap": "nowrap"}):
            solara.Text(TITLES["organisation"], style=_HEADER_STYLE)
            if fights:  # replaces the subtitle, so the header stays one line and the picture does not jump
                solara.Text(f"⚡ {fights} conflict{'s' if fights > 1 else ''} this week",
                            style={"font-size": "14px", "font-weight": "700", "color": CONFLICT_COLOUR, "white-space": "nowrap"})
            else:
                solara.Text("size = headcount · colour = knowledge", style=_SUBTITLE_STYLE)
        _image(png)


@solara.component
def JourneyView(model):
    update_counter.get()
    solara.Style(PAGE_CSS)
    png = _use_png(model, "journey")
    m = model.metrics
    prospects = int(np.count_nonzero(np.asarray(model.customers.state) == 0))
    nps = f"NPS {m.get('nps', 0):+.0f}" if model.week else "NPS: no answers yet"
    summary = (f"{nps} · {m.get('customer_friction', 0):.0f} incidents per 100 journeys · "
               f"churn {100 * m.get('churn_rate', 0):.2f}%/week · {prospects:,} prospects")
    with solara.Column(gap="0px", style={"padding": "2px"}, classes=["cx-card"]):
        _header("journey", summary)
        Messages(model)
        _image(png)
        solara.Text("box colour = satisfaction at that stage (last 13 weeks) · % on each arrow = incidents at that handoff",
                    style={"font-size": "12px", "color": "#555", "padding": "0 4px"})


@solara.component
def KPIView(model):
    update_counter.get()
    png = _use_png(model, "kpis")
    with solara.Column(gap="0px", style={"padding": "2px"}, classes=["cx-card"]):
        _header("kpis", f"week {model.week} of {model.config.steps}")
        _image(png)


def scenario_lines(model) -> list[str]:
    """The running scenario in a few lines of HTML (values escaped)."""
    cfg = model.config
    lead = cfg.leader
    e = html.escape
    out = [f"<b>{e(model.preset.label)}</b>: <i>{e(model.preset.question)}</i>"]
    if lead.enabled:
        out.append(
            f"CX leader reports to <b>{e(REPORTS_TO[lead.reporting_line])}</b> · authority <b>{lead.authority:g}</b> · "
            f"budget <b>{lead.budget:g} M€/year</b> · <b>{e(lead.strategy.replace('_', '-'))}</b> change · "
            f"focus {e(lead.focus.replace('_', ' '))} · {100 * lead.ex_share:.0f}% of the budget to EX"
        )
    else:
        out.append("<b>No CX leader</b>")
    out.append(
        f"Company: {e(cfg.company.name.replace('_', ' '))} · CEO sponsorship {cfg.executive.sponsorship:g} at start · "
        f"{cfg.customers.n:,} customers · {cfg.company.employees} employees · seed {cfg.seed}"
    )
    out.append(f"Watch: {e(model.preset.watch)}.")
    if getattr(model, "levers", None):
        out.append("Levers changed from the preset: " + e(", ".join(f"{k} = {v}" for k, v in model.levers.items())))
    return out


@solara.component
def ScenarioView(model):
    update_counter.get()
    with solara.Column(gap="2px", style={"padding": "2px 6px"}):
        _header("scenario", "pick a preset and levers in the sidebar, then press Reset")
        Messages(model)
        if getattr(model, "preset", None) is not None:
            body = "<br>".join(scenario_lines(model))
            solara.HTML(tag="div", unsafe_innerHTML=body, style={"font-size": "14.5px", "line-height": "1.45", "padding": "0 4px"})


__all__ = ["JourneyView", "KPIView", "Messages", "OrganisationView", "PAGE_CSS", "ScenarioView", "scenario_lines"]
