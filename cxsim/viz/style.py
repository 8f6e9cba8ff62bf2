"""Colours, scales and words shared by the workshop page's pictures and cards (sizes and fonts
come from the viewport: :mod:`cxsim.viz.layout`)."""

from __future__ import annotations

from matplotlib import colormaps
from matplotlib.colors import Normalize

DPI = 100
KNOWLEDGE_NORM = Normalize(0.25, 1.0)
SATISFACTION_NORM = Normalize(0.4, 1.0)
INCIDENT_NORM = Normalize(0.0, 0.25)
CMAP = colormaps["RdYlGn"]
INCIDENT_CMAP = colormaps["Reds"]
LEADER_COLOUR = "#7b2cbf"
MANDATE_COLOUR = "#1f5fa8"
CHAMPION_COLOUR = "#2e8b57"
CONFLICT_COLOUR = "#d62728"
HANDOFF_COLOUR = "#e67e22"
TIE_COLOUR = "#9a9a9a"
TEXT_COLOUR = "#222222"
SIDELINED_COLOUR = "#9e9e9e"

# The colour of each metric the browser shows (cxsim.metrics, view "browser"); a metric added
# to that view later gets one of FALLBACK_COLOURS.
METRIC_COLOURS = {
    "nps": "#1f5fa8",
    "satisfaction": "#e67e22",
    "customer_friction": "#d62728",
    "internal_friction": "#555555",
    "employee_knowledge": "#2e8b57",
    "resistance": "#8c564b",
    "political_capital": LEADER_COLOUR,
    "sponsorship": "#333333",
}
FALLBACK_COLOURS = ("#17becf", "#bcbd22", "#7f7f7f", "#e377c2")
# metrics that only mean something with a CX leader (the model reports 0 without one): not drawn then
LEADER_ONLY = frozenset({"political_capital", "playbook_knowledge"})

SHORT_NAMES = {
    "marketing": "marketing",
    "sales": "sales",
    "billing": "billing",
    "logistics": "logistics",
    "field_service": "field service",
    "customer_service": "customer service",
    "it": "IT",
    "hr": "HR",
}
REPORTS_TO = {"ceo": "the CEO", "marketing": "marketing", "customer_service": "customer service", "it": "IT", "sales": "sales"}

TITLES = {
    "organisation": "The organisation",
    "journey": "The customer journey",
    "kpis": "KPIs over time",
}


def metric_colour(name: str, index: int = 0) -> str:
    return METRIC_COLOURS.get(name, FALLBACK_COLOURS[index % len(FALLBACK_COLOURS)])
