"""Matplotlib figures drawn once and blitted every week: what keeps Play fast.

Each picture is a figure built **once per model** (layout, axes, legends, colour bars: the
static part) whose data artists are updated every week and redrawn by blitting onto the cached
static background, then encoded to PNG. That keeps a step plus the redraw of all pictures well
under 200 ms (``make bench`` measures it). Matplotlib's object API is used (no pyplot state).
"""

from __future__ import annotations

import io
import threading

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image

from .style import DPI


def new_figure(width_px: int, height_px: int) -> Figure:
    fig = Figure(figsize=(width_px / DPI, height_px / DPI), dpi=DPI)
    FigureCanvasAgg(fig)
    return fig


def to_png(fig: Figure) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=DPI)
    return buf.getvalue()


class BlitView:
    """A figure whose static part is drawn once and whose data artists are blitted each frame.

    Subclasses build the figure in ``build`` (registering data artists with ``dyn``) and
    update the data artists in ``update``, which returns a key of whatever the static part
    depends on (e.g. axis limits); the background is redrawn only when that key changes.
    With ``animated=False`` every artist is ordinary, for ``savefig`` (slides, notebooks).

    ``size`` is the picture's size in pixels and ``font_px`` the height of its smallest text in
    pixels (every text of a picture is ``font_px`` or larger): the page passes both from the
    viewport (:mod:`cxsim.viz.layout`), so the pictures are re-rendered at the size they are shown.
    """

    size = (560, 430)
    font_px = 11.0

    def __init__(self, model, animated: bool = True, size: tuple[int, int] | None = None, font_px: float | None = None):
        self.animated = animated
        if size is not None:
            self.size = (max(120, int(size[0])), max(80, int(size[1])))
        if font_px is not None:
            self.font_px = float(font_px)
        self.f = self.font_px * 72.0 / DPI  # the smallest font, in points
        self.fig = new_figure(*self.size)
        self.dynamic: list = []
        self.background = None
        self.static_key = None
        self.last_png: bytes | None = None
        self.lock = threading.Lock()
        self.build(model)

    def dyn(self, artist):
        artist.set_animated(self.animated)
        self.dynamic.append(artist)
        return artist

    def build(self, model) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def update(self, model):  # pragma: no cover - abstract
        raise NotImplementedError

    def render_png(self, model) -> bytes:
        """Update, blit and encode (PNG, fast compression)."""
        with self.lock:
            key = self.update(model)
            canvas = self.fig.canvas
            if self.background is None or key != self.static_key:
                canvas.draw()  # static part only: animated artists are skipped
                self.background = canvas.copy_from_bbox(self.fig.bbox)
                self.static_key = key
            else:
                canvas.restore_region(self.background)
            for artist in self.dynamic:
                if artist.get_visible():
                    self.fig.draw_artist(artist)
            rgba = np.asarray(canvas.buffer_rgba())
            buf = io.BytesIO()
            Image.fromarray(rgba[..., :3]).save(buf, format="png", compress_level=1)
            return buf.getvalue()

    def figure(self, model) -> Figure:
        self.update(model)
        return self.fig
