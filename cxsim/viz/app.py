"""The cxsim workshop page (Mesa 3.3 SolaraViz).

Start it with ``make viz`` or ``python -m cxsim.viz`` (picks a free port on 127.0.0.1 and
prints the URL), or directly::

    solara run cxsim/viz/app.py --host 127.0.0.1 --port 8765 --production --no-open

The sidebar holds Mesa's controls (Reset, ▶/❚❚, Step, the play interval) and the scenario
controls: a workshop preset and the levers that override it. Changing a control takes effect
on **Reset**. Bad input never raises: the model falls back to the preset and the journey and
Scenario cards show the message (``solara.Error``).
"""

from __future__ import annotations

import logging

import mesa.visualization.solara_viz as _solara_viz
from mesa.visualization import SolaraViz

from cxsim.viz.cards import JourneyView, KPIView, OrganisationView, ScenarioView
from cxsim.viz.model import WorkshopModel
from cxsim.viz.presets import AS_PRESET, DEFAULT_CUSTOMERS, DEFAULT_PRESET, LEVERS, PRESETS, lever_values

logging.getLogger("MESA").setLevel(logging.WARNING)  # Mesa logs every step at INFO

try:  # when started with a bare `solara run`: no banner over the KPIs, a readable tab title
    import solara.server.settings as _server_settings

    _server_settings.theme.show_banner = False
    _server_settings.theme.title = "cxsim workshop"
except Exception:  # pragma: no cover - settings layout differs in other Solara versions
    pass

NAME = "cxsim: a CX transformation in a siloed company"

MODEL_PARAMS = {
    "preset": {
        "type": "Select",
        "value": PRESETS[DEFAULT_PRESET].label,
        "values": [p.label for p in PRESETS.values()],
        "label": "Workshop scenario",
    },
    **{
        name: {"type": "Select", "value": AS_PRESET, "values": lever_values(name), "label": lever.label}
        for name, lever in LEVERS.items()
    },
    "seed": {"type": "InputText", "value": "0", "label": "Seed (whole number)"},
    "customers": {"type": "InputText", "value": str(DEFAULT_CUSTOMERS), "label": "Customers (1 – 200,000)"},
}

# (component, page). The order matters for GRID_LAYOUT below.
COMPONENTS = [(JourneyView, 0), (OrganisationView, 0), (KPIView, 0), (ScenarioView, 0)]

# Mesa puts every component in a 6-column × 10-row cell; a 1280×720 projector needs the
# journey as a wide strip over the organisation and the KPIs, and the scenario card below.
# Rows are 30 px plus a 10 px margin; the cards stay draggable and resizable.
GRID_LAYOUT = [
    {"i": 0, "x": 0, "y": 0, "w": 12, "h": 5, "moved": False},
    {"i": 1, "x": 0, "y": 5, "w": 6, "h": 11, "moved": False},
    {"i": 2, "x": 6, "y": 5, "w": 6, "h": 11, "moved": False},
    {"i": 3, "x": 0, "y": 16, "w": 12, "h": 5, "moved": False},
]

_mesa_initial_grid_layout = _solara_viz.make_initial_grid_layout


def _grid_layout(num_components):
    if num_components == len(GRID_LAYOUT):
        return [dict(item) for item in GRID_LAYOUT]
    return _mesa_initial_grid_layout(num_components)


# Mesa 3.3 has no argument for the layout; ComponentsView looks this function up at render
# time. tests/test_viz.py checks the layout is applied, so a Mesa upgrade cannot silently drop it.
_solara_viz.make_initial_grid_layout = _grid_layout


def make_page(model=None):
    """The SolaraViz element; ``model`` may be a WorkshopModel or a ``solara.Reactive`` of one."""
    return SolaraViz(
        model if model is not None else WorkshopModel(),
        components=COMPONENTS,
        model_params=MODEL_PARAMS,
        name=NAME,
        play_interval=100,
    )


page = make_page()
