"""How big each picture and each text is, from the browser's viewport: the page's one layout rule.

The page reports its viewport (``viewport.vue``); every picture is then re-rendered at the
pixel size it is shown at, so nothing is stretched and the screen is filled at any size.

Text size rule:

* normal mode: the smallest text is ``vh / 60`` pixels, between 11 and 18 (12 px at 1280×720,
  18 px at 1920×1080);
* **presenter mode** (no sidebar, one picture under the journey): the smallest text on the page,
  in the pictures and in the HTML, is at least **24 px at 1280×720** and grows with the
  viewport's height (``24 × vh / 720``, 36 px at 1920×1080): about 1/30 of the screen height,
  readable from the back of a room on a projected image.
"""

from __future__ import annotations

from dataclasses import dataclass

APPBAR_PX = 52
SIDEBAR_PX = 300
PAD_PX = 12
PRESENTER_MIN_PX = 24.0  # at 1280×720
REFERENCE_HEIGHT = 720.0


def font_px(height: float, presenter: bool) -> float:
    """The smallest text of the page, in pixels, for a viewport ``height`` pixels high."""
    if presenter:
        return max(PRESENTER_MIN_PX, PRESENTER_MIN_PX * height / REFERENCE_HEIGHT)
    return min(18.0, max(11.0, height / 60.0))


@dataclass(frozen=True)
class Slot:
    """A picture's place on the page: its size in pixels, its smallest font, KPI columns."""

    width: int
    height: int
    font: float
    columns: int = 2


def header_px(font: float) -> int:
    """Height of a card's one-line header (its title and a subtitle)."""
    return int(round(1.9 * font)) + 2


def slots(view: str, width: int, height: int, presenter: bool = False, main: str = "kpis") -> dict[str, Slot]:
    """The pictures of ``view`` ("run", "compare", "debrief", "events") and their slots.

    ``main`` is presenter mode's picture: "kpis" (under the journey) or "organisation" (alone)."""
    f = font_px(height, presenter)
    status = header_px(f) + (header_px(f) + 12 if presenter else 0)  # presenter: a row of run buttons too
    w = max(320, width - (0 if presenter else SIDEBAR_PX) - 2 * PAD_PX)
    h = max(240, height - APPBAR_PX - status - 2 * PAD_PX)
    card = header_px(f)
    if view == "run":
        if presenter and main == "organisation":  # the organisation alone, as high as the screen allows
            return {"organisation": Slot(w, h - card, f)}
        journey_h = int(0.3 * h) if presenter else int(0.27 * h)
        rest = h - journey_h - 2 * card - PAD_PX
        out = {"journey": Slot(w, journey_h, f)}
        if presenter:
            out["kpis"] = Slot(w, rest, f, columns=4)
        else:
            left = int(0.44 * w)
            out["organisation"] = Slot(left, rest, f)
            out["kpis"] = Slot(w - left - PAD_PX, rest, f)
        return out
    if view == "compare":
        journey_h = int(0.2 * h)
        rest = h - 2 * journey_h - 5 * card - 2 * PAD_PX  # and room for the "Change scenario B" line
        return {"journey": Slot(w, journey_h, f), "journey_b": Slot(w, journey_h, f), "kpis_compare": Slot(w, rest, f, columns=4)}
    if view == "debrief":
        return {"kpis_bands": Slot(w, int(0.62 * h) - card, f, columns=4)}
    if view == "events":
        return {"timeline": Slot(w, int(0.4 * h) - card, f)}
    return {}
