"""One browser session's simulation: its models, the one thread that owns them, the frames it draws.

Every browser tab gets its own :class:`Runner` (the page creates it when it mounts), so a new
tab starts at week 0 of the default preset and nothing is shared between tabs. The buttons only
queue actions (:meth:`Runner.submit`); a single worker thread takes them in order, steps the
models, draws the pictures and hands a finished, immutable :class:`Frame` to the page. So a
Reset followed at once by ▶ plays the new model (the ▶ waits in the queue for the Reset), a
click never meets a half-stepped model, and nothing but the worker touches a model.

Playing, the worker steps one week, draws every ``redraw_every`` weeks and waits
``delay`` seconds for the next action before the next week: any click interrupts the wait.
"""

from __future__ import annotations

import logging
import queue
import threading
from dataclasses import dataclass, field

from .events import describe, read_events, timeline_png
from .export import export_files, scenario_text
from .journey import JourneyPicture, journey_header
from .kpis import KPIPicture
from .layout import slots
from .model import WorkshopModel
from .organisation import OrganisationPicture

_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RunInfo:
    """What the page says about one model, copied out of it by the worker."""

    label: str
    question: str
    watch: str
    lines: tuple[str, ...]
    header: str
    error: str | None
    warnings: tuple[str, ...]
    conflicts_now: int
    levers: dict


@dataclass(frozen=True)
class Frame:
    seq: int
    week: int
    horizon: int
    running: bool
    playing: bool
    pngs: dict
    a: RunInfo
    b: RunInfo | None = None
    events: tuple[str, ...] = ()
    exports: dict = field(default_factory=dict)
    bands: tuple = ()
    room: dict = field(default_factory=dict)  # model A's metrics this week


def run_info(model) -> RunInfo:
    conflicts = sum(d.conflicts for d in model.departments) if model.week else 0
    return RunInfo(model.preset.label, model.preset.question, model.preset.watch, tuple(scenario_text(model)),
                   journey_header(model.metrics, model.week), model.error, tuple(model.warnings), int(conflicts), dict(model.levers))


class Runner:
    """The worker of one session. ``on_frame(frame)`` is called from the worker thread."""

    def __init__(self, on_frame, params: dict | None = None):
        self.on_frame = on_frame
        self.actions: queue.Queue = queue.Queue()
        self.model = WorkshopModel(**(params or {}))
        self.model_b = None
        self.playing = False
        self.delay = 0.05
        self.redraw_every = 1
        self.view, self.size, self.presenter, self.main = "run", (1280, 720), False, "kpis"
        self.bands: tuple = ()
        self.exports: dict = {}
        self.seq = 0
        self.pictures: dict = {}
        self.drawn: tuple = (None, {})  # (what the last pictures show, their PNGs)
        self.thread = threading.Thread(target=self._loop, daemon=True, name="cxsim-runner")

    # -------------------------------------------------------------- the page's side
    def start(self) -> "Runner":
        self.thread.start()
        self.submit("draw")
        return self

    def submit(self, kind: str, **kw) -> None:
        """Queue an action: reset(a=params, b=params|None), step, play, pause, speed(delay, every),
        view(view, size, presenter, main), bands(bands), export, draw, close."""
        self.actions.put((kind, kw))

    def close(self) -> None:
        self.submit("close")

    # -------------------------------------------------------------- the worker
    def _loop(self) -> None:
        while True:
            try:
                if not self.playing:
                    kind, kw = self.actions.get()
                elif self.delay > 0:
                    kind, kw = self.actions.get(timeout=self.delay)
                else:
                    kind, kw = self.actions.get_nowait()
            except queue.Empty:
                kind, kw = "tick", {}
            if kind == "close":
                return
            try:
                getattr(self, f"do_{kind}")(**kw)
            except Exception:  # never let a drawing error stop the session
                _log.exception("cxsim.viz: action %s failed", kind)
                self.playing = False

    def models(self) -> list:
        return [m for m in (self.model, self.model_b) if m is not None]

    def do_reset(self, a: dict, b: dict | None = None) -> None:
        self.playing = False
        self.model = WorkshopModel(**a)
        self.model_b = WorkshopModel(**{**b, "seed": a.get("seed", 0), "customers": a.get("customers", self.model.config.customers.n)}) if b else None
        self.pictures.clear()
        self.bands, self.exports = (), {}
        self.do_draw()

    def do_step(self) -> None:
        if self.playing or not self.model.running:
            return
        self.advance()
        self.do_draw()

    def advance(self) -> None:
        for m in self.models():
            if m.running:
                m.step()

    def do_play(self) -> None:
        self.playing = self.model.running
        self.do_draw()

    def do_pause(self) -> None:
        self.playing = False
        self.do_draw()

    def do_tick(self) -> None:
        self.advance()
        if not self.model.running:
            self.playing = False
        if not self.playing or self.model.week % self.redraw_every == 0:
            self.do_draw()

    def do_speed(self, delay: float, every: int) -> None:
        self.delay, self.redraw_every = max(0.0, float(delay)), max(1, int(every))

    def do_view(self, view: str, size=(1280, 720), presenter: bool = False, main: str = "kpis") -> None:
        changed = (view, tuple(size), presenter, main) != (self.view, self.size, self.presenter, self.main)
        self.view, self.size, self.presenter, self.main = view, tuple(size), presenter, main
        if changed:
            self.do_draw()

    def do_bands(self, bands: tuple) -> None:
        self.bands = tuple(bands)
        self.pictures.pop("kpis_bands", None)
        self.do_draw()

    def do_export(self) -> None:
        self.exports = export_files(self.model, self.bands)
        self.do_draw()

    # -------------------------------------------------------------- drawing
    def picture(self, name: str, slot):
        key = (slot, id(self.model), id(self.model_b))
        cached = self.pictures.get(name)
        if cached is None or cached[0] != key:
            m, f, size = self.model, slot.font, (slot.width, slot.height)
            make = {
                "journey": lambda: JourneyPicture(m, size=size, font_px=f),
                "journey_b": lambda: JourneyPicture(self.model_b, size=size, font_px=f),
                "organisation": lambda: OrganisationPicture(m, size=size, font_px=f),
                "kpis": lambda: KPIPicture(m, size=size, font_px=f, columns=slot.columns),
                "kpis_compare": lambda: KPIPicture(m, size=size, font_px=f, columns=slot.columns, ghost=self.model_b),
                "kpis_bands": lambda: KPIPicture(m, size=size, font_px=f, columns=slot.columns, bands=self.bands),
            }[name]
            cached = self.pictures[name] = (key, make())
        return cached[1]

    def do_draw(self) -> None:
        m = self.model
        key = (id(m), id(self.model_b), m.week, self.view, self.size, self.presenter, self.main, id(self.bands), len(read_events(m)))
        if key == self.drawn[0]:  # only the buttons' state changed (Play/Pause, an export): same pictures
            pngs = self.drawn[1]
        else:
            pngs = self.render()
            self.drawn = (key, pngs)
        self.seq += 1
        frame = Frame(self.seq, m.week, m.config.steps, m.running, self.playing, pngs, run_info(m),
                      run_info(self.model_b) if self.model_b is not None else None,
                      tuple(describe(e) for e in reversed(read_events(m))), dict(self.exports), self.bands, dict(m.metrics))
        try:
            self.on_frame(frame)
        except Exception:
            _log.exception("cxsim.viz: showing frame %s failed", frame.seq)

    def render(self) -> dict:
        """The PNGs of the current view's pictures."""
        m = self.model
        pngs = {}
        for name, slot in slots(self.view, *self.size, self.presenter, self.main).items():
            if name == "timeline":
                pngs[name] = timeline_png(read_events(m), m.config.steps, (slot.width, slot.height), slot.font)
            elif name in ("journey_b", "kpis_compare") and self.model_b is None:
                continue
            else:
                target = self.model_b if name == "journey_b" else m
                pngs[name] = self.picture(name, slot).render_png(target)
        return pngs
