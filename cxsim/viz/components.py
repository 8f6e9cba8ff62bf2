"""The workshop page's pictures: the organisation, the journey, the KPIs, and the scenario card.

Each picture is a matplotlib figure built **once per model** (layout, axes, legends, colour
bars: the static part) whose data artists are updated every week and redrawn by blitting onto
the cached static background, then encoded to PNG. That keeps a step plus the redraw of all
pictures well under 200 ms (``python -m cxsim.viz --bench`` measures it). Matplotlib's object
API is used (no pyplot state); Mesa's Altair backend is avoided (it breaks with pandas 3).

``organisation_figure(model)``, ``journey_figure(model)`` and ``kpi_figure(model)`` return
ordinary figures (for notebooks and :func:`export_figures`, which writes slide PNGs).

Sizes are chosen for a 1280×720 projector: each figure is drawn at about the pixel size of its
card, with fonts of at least 8 pt (≈11 px) and most text at 10–12 pt.
"""

from __future__ import annotations

import html
import io
import logging
import threading
from pathlib import Path

import numpy as np
import solara
from matplotlib import colormaps
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.cm import ScalarMappable
from matplotlib.collections import LineCollection
from matplotlib.colors import Normalize, to_rgba
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch
from mesa.visualization.utils import update_counter
from PIL import Image

from ..config import DEPARTMENTS
from ..structure import HANDOFFS, STAGE_OWNER, STAGES

_log = logging.getLogger(__name__)
DPI = 100
FONT = 10.5
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
_DEPT = {d: i for i, d in enumerate(DEPARTMENTS)}
_SHORT = {
    "marketing": "marketing",
    "sales": "sales",
    "billing": "billing",
    "logistics": "logistics",
    "field_service": "field service",
    "customer_service": "customer service",
    "it": "IT",
    "hr": "HR",
}
_LINE = {"ceo": "the CEO", "marketing": "marketing", "customer_service": "customer service", "it": "IT"}


# ------------------------------------------------------------------------------ layout (once)


def _department_layout() -> np.ndarray:
    """Fixed positions on a circle with the journey's owners consecutive (sales → billing →
    logistics → field service → customer service down the right side), so handoff pairs are
    neighbours. Computed once at import, never per frame."""
    angles = np.deg2rad(112.5 - 45.0 * np.arange(len(DEPARTMENTS)))
    return np.column_stack([1.2 * np.cos(angles), 0.84 * np.sin(angles)])  # an ellipse fits a landscape card


DEPT_POS = _department_layout()
CEO_POS = np.array([0.0, 0.06])
_HANDOFF_PAIRS = {frozenset((_DEPT[STAGE_OWNER[a]], _DEPT[STAGE_OWNER[b]])) for a, b in HANDOFFS}
_PAIRS = [(i, j) for i in range(len(DEPARTMENTS)) for j in range(i + 1, len(DEPARTMENTS))]


def leader_position(reporting_line: str) -> np.ndarray:
    """The CX leader is drawn next to the box it reports to (the CEO in the centre)."""
    if reporting_line == "ceo":
        return CEO_POS + np.array([0.0, -0.36])
    return 0.6 * DEPT_POS[_DEPT[reporting_line]]


def _new_figure(width_px: int, height_px: int) -> Figure:
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
    """

    size = (560, 430)

    def __init__(self, model, animated: bool = True):
        self.animated = animated
        self.fig = _new_figure(*self.size)
        self.dynamic: list = []
        self._background = None
        self._static_key = None
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
            if self._background is None or key != self._static_key:
                canvas.draw()  # static part only: animated artists are skipped
                self._background = canvas.copy_from_bbox(self.fig.bbox)
                self._static_key = key
            else:
                canvas.restore_region(self._background)
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


# ------------------------------------------------------------------------------ the organisation


class OrganisationPicture(BlitView):
    """Departments (size = headcount, colour = knowledge), tie density between them, the CEO,
    the CX leader attached to its reporting line, mandates, champions and this week's conflicts."""

    size = (448, 360)
    AX = (0.0, 0.105, 0.86, 0.79)  # figure fraction: left, bottom, width, height

    def build(self, model) -> None:
        fig = self.fig
        ax = self.ax = fig.add_axes(self.AX)
        cax = fig.add_axes((0.875, 0.2, 0.022, 0.6))
        width_px, height_px = self.AX[2] * self.size[0], self.AX[3] * self.size[1]
        half_w = 1.72
        half_h = half_w * height_px / width_px
        self.XLIM, self.YLIM = (-half_w, half_w), (-half_h - 0.02, half_h - 0.02)
        ax.set_xlim(*self.XLIM)
        ax.set_ylim(*self.YLIM)
        ax.set_aspect("equal")
        ax.axis("off")
        n = len(DEPARTMENTS)
        heads = np.array([d.headcount for d in model.departments], dtype=float)
        self.sizes = 140.0 + 1000.0 * heads / heads.max()

        colours = [to_rgba(HANDOFF_COLOUR, 0.9) if frozenset(p) in _HANDOFF_PAIRS else to_rgba(TIE_COLOUR, 0.5) for p in _PAIRS]
        self.ties = self.dyn(ax.add_collection(LineCollection(
            [DEPT_POS[[i, j]] for i, j in _PAIRS], colors=colours, zorder=1, capstyle="round")))
        self.dyn(ax.scatter(*CEO_POS, s=300, marker="s", color="#333333", zorder=4))  # dynamic: drawn over the ties
        self.ceo = self.dyn(ax.text(CEO_POS[0], CEO_POS[1] + 0.12, "CEO", ha="center", va="bottom", fontsize=FONT - 2, zorder=6,
                                    bbox=dict(boxstyle="round,pad=0.12", fc="white", ec="none", alpha=0.85)))

        leader = model.leader
        self.leader_pos = leader_position(leader.reporting_line) if leader is not None else None
        if leader is not None:
            anchor = CEO_POS if leader.reporting_line == "ceo" else DEPT_POS[_DEPT[leader.reporting_line]]
            self.targets = self.dyn(ax.add_collection(LineCollection([], colors=LEADER_COLOUR, linestyles=(0, (3, 2)), alpha=0.85, zorder=2)))
            self.conflict_lines = self.dyn(ax.add_collection(LineCollection([], colors=CONFLICT_COLOUR, linewidths=3.5, zorder=3)))
            (self.link,) = ax.plot(*np.column_stack([self.leader_pos, anchor]), color=LEADER_COLOUR, lw=3.5, zorder=3)
            self.dyn(self.link)
            self.star = self.dyn(ax.scatter(*self.leader_pos, s=420, marker="*", color=LEADER_COLOUR, edgecolor="white", linewidth=1.0, zorder=7))

        self.nodes = self.dyn(ax.scatter(DEPT_POS[:, 0], DEPT_POS[:, 1], s=self.sizes, c=np.full(n, 0.6), cmap=CMAP,
                                         norm=KNOWLEDGE_NORM, edgecolors="#444444", linewidths=0.8, zorder=5))
        # labels radially outside each node; the second line tells what the leader does there
        data_per_px = (self.XLIM[1] - self.XLIM[0]) / width_px
        self.names = [f"{_SHORT[name]} ({int(heads[d])})" for d, name in enumerate(DEPARTMENTS)]
        self.labels, self.bolts = [], []
        for d in range(n):
            x, y = DEPT_POS[d]
            radius = np.sqrt(self.sizes[d]) / 2.0 / 72.0 * DPI * data_per_px
            # above the upper half, below the lower half (side labels would hit the colour bar);
            # the two nodes near the vertical axis lean outwards so their labels do not collide
            va = "bottom" if y > 0 else "top"
            ly = y + (radius + 0.03) * (1 if y > 0 else -1)
            if abs(x) < 0.8:
                ha, lx = ("left", x - 0.5 * radius) if x > 0 else ("right", x + 0.5 * radius)
            else:
                ha, lx = "center", x
            self.labels.append(self.dyn(ax.text(lx, ly, self.names[d], ha=ha, va=va, fontsize=FONT - 1.5, zorder=6, linespacing=0.95)))
            self.bolts.append(self.dyn(ax.text(x, y, "!", ha="center", va="center", fontsize=FONT + 1, weight="bold",
                                               color="white", zorder=9, visible=False,
                                               bbox=dict(boxstyle="circle,pad=0.25", fc=CONFLICT_COLOUR, ec="white", lw=1.0))))

        cb = fig.colorbar(ScalarMappable(norm=KNOWLEDGE_NORM, cmap=CMAP), cax=cax)
        cb.set_label("knowledge", fontsize=FONT - 2, labelpad=1)
        cb.set_ticks([0.25, 0.5, 0.75, 1.0])
        cb.ax.tick_params(labelsize=FONT - 2.5, pad=1)
        self.status = self.dyn(fig.text(0.01, 0.99, "", fontsize=FONT - 0.5, va="top", ha="left"))
        self.status2 = self.dyn(fig.text(0.01, 0.935, "", fontsize=FONT - 2, va="top", ha="left", color=LEADER_COLOUR))
        handles = [
            Line2D([], [], color=TIE_COLOUR, lw=3, label="ties (width = density)"),
            Line2D([], [], color=HANDOFF_COLOUR, lw=3, label="ties at a handoff"),
            Line2D([], [], marker="o", ls="", mfc="white", mec=MANDATE_COLOUR, mew=2.5, ms=9, label="top-down mandate"),
            Line2D([], [], marker="o", ls="", mfc="white", mec=CHAMPION_COLOUR, mew=2.5, ms=9, label="champions (organic)"),
            Line2D([], [], marker="o", ls="", mfc=CONFLICT_COLOUR, mec=CONFLICT_COLOUR, mew=2.5, ms=9, label="conflict this week"),
            Line2D([], [], marker="*", ls="", color=LEADER_COLOUR, ms=13, label="CX leader, - - targets"),
        ]
        fig.legend(handles=handles, loc="lower center", ncol=3, fontsize=FONT - 3, frameon=False,
                   bbox_to_anchor=(0.5, 0.0), handlelength=1.3, columnspacing=0.8, borderaxespad=0.15, handletextpad=0.4)

    def fights(self, model) -> np.ndarray:
        """Conflicts per department since the previous frame (this week when Play draws every
        week; a frame the browser skipped does not hide a conflict). Read from the running
        totals ``Department.conflicts_total``; the first frame of a picture only knows this
        week's ``Department.conflicts``."""
        totals = np.array([d.conflicts_total for d in model.departments])
        last = getattr(self, "_last_totals", None)
        if last is None or model.week < self._last_week or totals.shape != last.shape:
            fresh = np.array([d.conflicts for d in model.departments])  # first frame: all we know
        elif model.week == self._last_week:
            fresh = self._fresh  # the same week drawn again
        else:
            fresh = np.maximum(totals - last, 0)
        self._last_totals, self._last_week, self._fresh = totals, model.week, fresh
        return fresh

    def update(self, model):
        deps = model.departments
        fights = self.fights(model)
        ties = np.asarray(model.ties)
        self.ties.set_linewidths([0.3 + 12.0 * float(ties[i, j]) for i, j in _PAIRS])
        know = np.array([d.knowledge for d in deps])
        champions = np.bincount(model.dept_of, weights=model.champion.astype(float), minlength=len(deps))
        edge, width = [], []
        for d, dept in enumerate(deps):
            note = ""
            if fights[d]:
                edge.append(CONFLICT_COLOUR), width.append(4.5)
                note = "CONFLICT"
            elif dept.mandate:
                edge.append(MANDATE_COLOUR), width.append(3.5)
                note = "mandate"
            elif champions[d] > 0:
                edge.append(CHAMPION_COLOUR), width.append(3.5)
                note = f"{int(champions[d])} champions"
            else:
                edge.append("#444444"), width.append(0.8)
            if dept.suspended and not fights[d]:
                note = "mandate suspended"
            label = self.labels[d]
            below = label.get_va() == "top"
            label.set_text(f"{self.names[d]}\n{note}" if note and below else f"{note}\n{self.names[d]}" if note else self.names[d])
            label.set_color(CONFLICT_COLOUR if fights[d] or dept.suspended else TEXT_COLOUR)
            label.set_weight("bold" if fights[d] else "normal")
            self.bolts[d].set_visible(bool(fights[d]))
        self.nodes.set_array(know)
        self.nodes.set_edgecolors(edge)
        self.nodes.set_linewidths(width)

        leader = model.leader
        now = int(fights.sum())
        total = int(model.metrics.get("conflicts_total", 0))
        self.status.set_text(f"week {model.week}  ·  conflicts: {now} this week, {total} in total")
        self.status.set_color(CONFLICT_COLOUR if now else TEXT_COLOUR)
        self.status.set_weight("bold" if now else "normal")
        spons = float(model.executive.sponsorship)
        self.ceo.set_text(f"CEO · sponsorship {spons:.2f}")
        if leader is None:
            self.status2.set_text("no CX leader")
            return None
        eff = model.effective_authority()
        lp = self.leader_pos
        tgt = np.flatnonzero(leader.target_depts) if model.week >= leader.start_week else np.array([], int)
        self.targets.set_segments([np.array([lp, DEPT_POS[d]]) for d in tgt])
        self.targets.set_linewidths([1.2 + 3.0 * float(eff[d]) for d in tgt])
        self.conflict_lines.set_segments([np.array([lp, DEPT_POS[d]]) for d in np.flatnonzero(fights)])
        colour = "#9e9e9e" if leader.sidelined else LEADER_COLOUR
        self.star.set_color(colour)
        self.star.set_edgecolor("white")
        self.link.set_color(colour)
        state = "SIDELINED" if leader.sidelined else f"authority {leader.authority:.1f} · capital {leader.political_capital:.2f}"
        self.status2.set_text(f"★ CX leader reports to {_LINE[leader.reporting_line]} · {state}")
        self.status2.set_color(colour)
        return None


# ------------------------------------------------------------------------------ the journey


class JourneyPicture(BlitView):
    """purchase → billing → delivery → installation → active: customers in each state and
    waiting (box colour = stage satisfaction), the incident rate on each handoff arrow."""

    size = (900, 146)
    BOXES = (*STAGES, "active")

    def build(self, model) -> None:
        W, H = self.size
        ax = self.ax = self.fig.add_axes((0.0, 0.0, 1.0, 1.0))
        ax.set_xlim(0, W)  # pixel coordinates
        ax.set_ylim(0, H)
        ax.axis("off")
        w, gap, x0, y0, h = 146.0, 42.0, 1.0, 3.0, 118.0
        self.boxes, self.line1, self.line2, self.badges, self.arrows, self.rates = [], [], [], [], [], []
        for i, name in enumerate(self.BOXES):
            x = x0 + i * (w + gap)
            cx = x + w / 2
            owner = STAGE_OWNER["support" if name == "active" else name].replace("_", " ")
            self.boxes.append(self.dyn(ax.add_patch(FancyBboxPatch((x + 2, y0 + 2), w - 4, h - 4, boxstyle="round,pad=2,rounding_size=9",
                                                                   fc="white", ec="#333333", lw=1.0, zorder=2))))
            # texts are dynamic too, so they are blitted after (over) the box
            self.dyn(ax.text(cx, y0 + h - 7, name, ha="center", va="top", fontsize=FONT + 1.5, weight="bold", zorder=3))
            self.dyn(ax.text(cx, y0 + h - 30, owner, ha="center", va="top", fontsize=FONT - 2.5, style="italic", zorder=3))
            self.line1.append(self.dyn(ax.text(cx, y0 + 45, "", ha="center", va="center", fontsize=FONT + 0.5, zorder=3)))
            self.line2.append(self.dyn(ax.text(cx, y0 + 19, "", ha="center", va="center", fontsize=FONT - 0.5, zorder=3)))
            self.badges.append(self.dyn(ax.text(cx, y0 + h + 2, "★ CX target", ha="center", va="bottom",
                                                 fontsize=FONT - 1.5, color=LEADER_COLOUR, weight="bold", visible=False)))
            if i < len(self.BOXES) - 1:
                xa, xb, ym = x + w - 1, x + w + gap + 1, y0 + h / 2 - 8
                self.arrows.append(self.dyn(ax.add_patch(FancyArrowPatch((xa, ym), (xb, ym), arrowstyle="-|>", mutation_scale=14,
                                                                         lw=2, color="#999999", zorder=1))))
                self.rates.append(self.dyn(ax.text((xa + xb) / 2, ym + 9, "", ha="center", va="bottom", fontsize=FONT - 1.5, weight="bold")))

    def update(self, model):
        m = model.metrics
        leader = model.leader
        targets = set(leader.targets) if leader is not None and model.week >= leader.start_week else set()
        for i, name in enumerate(self.BOXES):
            if name == "active":
                sat = m.get("satisfaction", 0.7)
                self.line1[i].set_text(f"{int(m.get('active_customers', 0)):,}")
                self.line2[i].set_text(f"support {100 * m.get('support_service_level', 1):.0f}% ok")
                self.line2[i].set_weight("normal")
                targeted = len(STAGES) in targets  # the support stage
            else:
                sat = m.get(f"stage_satisfaction_{name}", 0.7)
                waiting = int(m.get(f"waiting_{name}", 0))
                self.line1[i].set_text(f"{int(m.get(f'in_stage_{name}', 0)):,} in stage")
                self.line2[i].set_text(f"{waiting:,} waiting")
                self.line2[i].set_weight("bold" if waiting else "normal")
                self.line2[i].set_color(CONFLICT_COLOUR if waiting else TEXT_COLOUR)
                targeted = i in targets
            box = self.boxes[i]
            box.set_facecolor(CMAP(SATISFACTION_NORM(sat)))
            box.set_edgecolor(LEADER_COLOUR if targeted else "#333333")
            box.set_linewidth(4.0 if targeted else 1.0)
            self.badges[i].set_visible(targeted)
        for h, (a, b) in enumerate(HANDOFFS):
            rate = float(m.get(f"incident_rate_{a}_{b}", 0.0))
            self.arrows[h].set_color(INCIDENT_CMAP(0.35 + 0.65 * INCIDENT_NORM(rate)))
            self.arrows[h].set_linewidth(1.5 + 16 * min(rate, 0.3))
            self.rates[h].set_text(f"{100 * rate:.1f}%")
            self.rates[h].set_color(CONFLICT_COLOUR if rate >= 0.1 else TEXT_COLOUR)
        return None


# ------------------------------------------------------------------------------ KPIs over time

KPI_PANELS = (
    ("NPS and satisfaction", ("nps", "NPS", "#1f5fa8"), ("satisfaction", "satisfaction (right)", "#e67e22")),
    ("Friction", ("customer_friction", "incidents/100", "#d62728"), ("internal_friction", "internal (right)", "#555555")),
    ("People", ("employee_knowledge", "knowledge", "#2e8b57"), ("resistance", "resistance", "#8c564b")),
    ("Politics", ("political_capital", "leader's capital", LEADER_COLOUR), ("sponsorship", "CEO sponsorship", "#333333")),
)


def _expand(lo: float, hi: float, data_lo: float, data_hi: float, step: float, floor: float, ceil: float):
    """Axis limits that only grow, in whole steps, so the background is rarely redrawn."""
    while data_lo < lo and lo > floor:
        lo = max(floor, lo - step)
    while data_hi > hi and hi < ceil:
        hi = min(ceil, hi + step)
    return lo, hi


class KPIPicture(BlitView):
    """Four panels over weeks; the programme start marked by a dashed line."""

    size = (448, 360)

    def build(self, model) -> None:
        fig = self.fig
        axes = fig.subplots(2, 2, sharex=True, gridspec_kw=dict(left=0.095, right=0.895, top=0.865, bottom=0.115, hspace=0.72, wspace=0.56))
        self.axes = list(axes.flat)
        self.twins, self.lines = [], []
        horizon = float(model.config.steps)
        start = model.config.leader.start_week if model.leader is not None else None
        for ax, (title, first, second) in zip(self.axes, KPI_PANELS):
            shared = first[0] not in ("nps", "customer_friction")
            twin = ax if shared else ax.twinx()
            self.twins.append(twin)
            ax.set_title(title, fontsize=FONT - 0.5, pad=14, weight="bold")
            pair = []
            for axis, (key, label, colour) in ((ax, first), (twin, second)):
                (line,) = axis.plot([], [], color=colour, lw=2.2, label=label)
                pair.append(self.dyn(line))
                axis.tick_params(labelsize=FONT - 2.5, pad=1, colors=colour if not shared else TEXT_COLOUR)
            self.lines.append(pair)
            ax.set_xlim(0, horizon)
            ax.grid(alpha=0.3)
            if start is not None:
                ax.axvline(start, color=LEADER_COLOUR, ls="--", lw=1.4)
            ax.legend(handles=pair, loc="lower center", bbox_to_anchor=(0.5, 0.99), ncol=2, fontsize=FONT - 3,
                      frameon=False, handlelength=1.0, columnspacing=0.7, borderaxespad=0.1, handletextpad=0.3)
        for ax in self.axes[2:]:
            ax.set_xlabel("week", fontsize=FONT - 2.5, labelpad=0)
        note = f"dashed line = programme start (week {start})" if start is not None else "no CX programme in this scenario"
        fig.text(0.5, 0.004, note, ha="center", va="bottom", fontsize=FONT - 2.5, color=LEADER_COLOUR)
        # starting limits; they only grow
        self.limits = {"nps": (-50.0, 50.0), "satisfaction": (0.5, 1.0), "customer_friction": (0.0, 50.0)}

    def update(self, model):
        mv = model.datacollector.model_vars
        # with Mesa's "Use Threads" a step may be collecting while we read: use complete rows only
        n = min(len(mv["week"]), *(len(mv[k]) for panel in KPI_PANELS for k, _, _ in panel[1:]))
        weeks = np.asarray(mv["week"][:n], dtype=float)
        for (title, first, second), pair in zip(KPI_PANELS, self.lines):
            for line, (key, _, _) in zip(pair, (first, second)):
                y = np.asarray(mv[key][:n], dtype=float)
                if key == "nps":  # no survey answers yet in week 0: the metric is a placeholder
                    line.set_data(weeks[1:], y[1:])
                else:
                    line.set_data(weeks, y)
        lim = self.limits
        nps = np.asarray(mv["nps"][1:n] or [0.0], dtype=float)
        sat = np.asarray(mv["satisfaction"][:n], dtype=float)
        fr = np.asarray(mv["customer_friction"][:n], dtype=float)
        lim["nps"] = _expand(*lim["nps"], nps.min(), nps.max(), 25.0, -100.0, 100.0)
        lim["satisfaction"] = _expand(*lim["satisfaction"], sat.min(), sat.max(), 0.1, 0.0, 1.0)
        lim["customer_friction"] = _expand(*lim["customer_friction"], fr.min(), fr.max(), 25.0, 0.0, 400.0)
        horizon = max(float(model.config.steps), float(weeks[-1]))
        self.axes[0].set_ylim(*lim["nps"])
        self.twins[0].set_ylim(*lim["satisfaction"])
        self.axes[1].set_ylim(*lim["customer_friction"])
        self.twins[1].set_ylim(0.0, 1.02)
        self.axes[2].set_ylim(0.0, 1.02)
        self.axes[3].set_ylim(0.0, 1.05)
        for ax in self.axes:
            ax.set_xlim(0, horizon)
        return (lim["nps"], lim["satisfaction"], lim["customer_friction"], horizon)


# ------------------------------------------------------------------------------ figures for notebooks and slides


def organisation_figure(model) -> Figure:
    return OrganisationPicture(model, animated=False).figure(model)


def journey_figure(model) -> Figure:
    return JourneyPicture(model, animated=False).figure(model)


def kpi_figure(model) -> Figure:
    return KPIPicture(model, animated=False).figure(model)


PICTURES = {"organisation": OrganisationPicture, "journey": JourneyPicture, "kpis": KPIPicture}


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
        view._background = None
        if getattr(view, "last_png", None) is None:
            view.last_png = to_png(_new_figure(*view.size))
    return view.last_png


def export_figures(model, out_dir, scale: float = 2.0) -> list[Path]:
    """Write the three pictures of the current week as PNGs at ``scale`` × screen resolution."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    label = model.preset.label if hasattr(model, "preset") else "cxsim"
    for name, cls in PICTURES.items():
        fig = cls(model, animated=False).figure(model)
        # a caption above the picture; bbox_inches="tight" grows the saved image to include it
        fig.text(0.005, 1.005, f"{TITLES[name]}, week {model.week} (seed {model.config.seed})\n{label}",
                 fontsize=FONT - 2.5, va="bottom", ha="left", color="#555555")
        path = out / f"{name}_week{model.week:03d}.png"
        fig.savefig(path, dpi=DPI * scale, bbox_inches="tight", pad_inches=0.06, facecolor="white")
        paths.append(path)
    return paths


# ------------------------------------------------------------------------------ Solara components

TITLES = {
    "scenario": "Scenario",
    "organisation": "The organisation",
    "journey": "The customer journey",
    "kpis": "KPIs over time",
}
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
    fresh = getattr(picture(model, "organisation"), "_fresh", None)
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
            f"CX leader reports to <b>{e(_LINE[lead.reporting_line])}</b> · authority <b>{lead.authority:g}</b> · "
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


__all__ = [
    "DEPT_POS",
    "JourneyView",
    "KPIView",
    "Messages",
    "PAGE_CSS",
    "OrganisationView",
    "ScenarioView",
    "TITLES",
    "export_figures",
    "journey_figure",
    "kpi_figure",
    "leader_position",
    "organisation_figure",
    "picture",
    "render_png",
    "scenario_lines",
    "to_png",
]
