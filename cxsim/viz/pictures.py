"""The page's pictures by name, cached per model, and rendered to PNG without ever raising.

``organisation_figure(model)``, ``journey_figure(model)`` and ``kpi_figure(model)`` return
ordinary matplotlib figures (for notebooks and slides).
"""

from __future__ import annotations

import logging

from matplotlib.figure import Figure

from .blit import BlitView, new_figure, to_png
from .journey import JourneyPicture
from .kpis import KPIPicture
from .organisation import OrganisationPicture

_log = logging.getLogger(__name__)

PICTURES = {"organisation": OrganisationPicture, "journey": JourneyPicture, "kpis": KPIPicture}


def organisation_figure(model) -> Figure:
    return OrganisationPicture(model, animated=False).figure(model)


def journey_figure(model) -> Figure:
    return JourneyPicture(model, animated=False).figure(model)


def kpi_figure(model) -> Figure:
    return KPIPicture(model, animated=False).figure(model)


def picture(model, name: str) -> BlitView:
    """The cached picture ``name`` of this model (built on first use, dropped with the model)."""
    views = model.__dict__.setdefault("_viz_pictures", {})
    if name not in views:
        views[name] = PICTURES[name](model)
    return views[name]


def render_png(model, name: str) -> bytes:
    """PNG of picture ``name``; if drawing ever fails, the last good frame (never a traceback
    in front of the room; the error goes to the server log)."""
    view = picture(model, name)
    try:
        view.last_png = view.render_png(model)
    except Exception:  # pragma: no cover - defensive
        _log.exception("cxsim.viz: drawing %s failed at week %s", name, model.week)
        view.background = None
        if view.last_png is None:
            view.last_png = to_png(new_figure(*view.size))
    return view.last_png
