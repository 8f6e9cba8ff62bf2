"""The organisation picture: departments, their ties, the CEO, the CX leader and what it does.

Departments sit on an ellipse (size = headcount, colour = knowledge) with the journey's owners
consecutive, so handoff pairs are neighbours; the CX leader is drawn next to the box it reports
to, with dashed lines to the departments it targets; mandates, champions and this week's
conflicts mark the departments.
"""

from __future__ import annotations

import numpy as np
from matplotlib.cm import ScalarMappable
from matplotlib.collections import LineCollection
from matplotlib.colors import to_rgba
from matplotlib.lines import Line2D

from ..config import DEPARTMENTS
from ..structure import HANDOFFS, STAGE_OWNER
from .blit import BlitView
from .style import (
    CHAMPION_COLOUR,
    CMAP,
    CONFLICT_COLOUR,
    DPI,
    HANDOFF_COLOUR,
    KNOWLEDGE_NORM,
    LEADER_COLOUR,
    MANDATE_COLOUR,
    REPORTS_TO,
    SHORT_NAMES,
    SIDELINED_COLOUR,
    TEXT_COLOUR,
    TIE_COLOUR,
)

_DEPT = {d: i for i, d in enumerate(DEPARTMENTS)}
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


def leader_position(reporting_line: str, pos: np.ndarray = DEPT_POS) -> np.ndarray:
    """The CX leader is drawn next to the box it reports to (the CEO in the centre)."""
    if reporting_line == "ceo":
        return CEO_POS + np.array([0.0, -0.36])
    return 0.6 * pos[_DEPT[reporting_line]]



# ------------------------------------------------------------------------------ the organisation


class OrganisationPicture(BlitView):
    """Departments (size = headcount, colour = knowledge), tie density between them, the CEO,
    the CX leader attached to its reporting line, mandates, champions and this week's conflicts."""

    size = (448, 360)
    font_px = 10.0
    fresh = None  # conflicts per department since the previous frame (set by ``fights``)
    _last_totals = _last_week = None
    LEGEND = (
        ("line", TIE_COLOUR, "ties (width = density)"),
        ("line", HANDOFF_COLOUR, "ties at a handoff"),
        ("ring", MANDATE_COLOUR, "top-down mandate"),
        ("ring", CHAMPION_COLOUR, "champions (organic)"),
        ("dot", CONFLICT_COLOUR, "conflict this week"),
        ("star", LEADER_COLOUR, "CX leader, - - targets"),
    )

    def legend_entries(self, model) -> tuple:
        """Without a leader there are no mandates, champions, conflicts or targets to explain."""
        return self.LEGEND if model.leader is not None else self.LEGEND[:2]

    def build(self, model) -> None:
        fig = self.fig
        W, H = self.size
        px, f = self.font_px, self.f
        entries = self.legend_entries(model)
        ncol = max(1, min(3, int(W // (15.5 * px))))
        rows = -(-len(entries) // ncol)
        bottom = (rows * 1.5 * px + 6) / H
        top = (2.9 * px + 4) / H
        right = (0.03 * W + 5.2 * px) / W
        ax = self.ax = fig.add_axes((0.0, bottom, 1.0 - right, 1.0 - top - bottom))
        cax = fig.add_axes((1.0 - right + 0.01, bottom + 0.12 * (1 - top - bottom), 0.022, 0.7 * (1 - top - bottom)))
        width_px, height_px = (1.0 - right) * W, (1.0 - top - bottom) * H
        scale = (min(width_px / 385.0, height_px / 285.0)) ** 2  # marker areas grow with the picture
        heads = np.array([d.headcount for d in model.departments], dtype=float)
        self.sizes = (140.0 + 1000.0 * heads / heads.max()) * scale
        # room above and below the ellipse for the largest node and two lines of label
        r_px = float(np.sqrt(self.sizes.max())) / 2.0 / 72.0 * DPI
        margin = r_px + 2.3 * px + 4
        half_h = 0.84 / max(0.3, 1.0 - 2.0 * margin / height_px)
        half_w = half_h * width_px / height_px
        per_px = 2.0 * half_h / height_px
        # a wide card stretches the ellipse sideways (the nodes use the room, the labels do not collide)
        label_half = 0.5 * 0.62 * px * (16 if px >= 18 else 21) * per_px  # the longest label, centred under a side node
        stretch = float(np.clip((half_w - max(r_px * per_px, label_half) - 0.06) / 1.11, 0.9, 4.0))
        self.pos = DEPT_POS * np.array([stretch, 1.0])
        self.XLIM, self.YLIM = (-half_w, half_w), (-half_h, half_h)
        ax.set_xlim(*self.XLIM)
        ax.set_ylim(*self.YLIM)
        ax.set_aspect("equal")
        ax.axis("off")
        n = len(DEPARTMENTS)

        colours = [to_rgba(HANDOFF_COLOUR, 0.9) if frozenset(p) in _HANDOFF_PAIRS else to_rgba(TIE_COLOUR, 0.5) for p in _PAIRS]
        self.tie_scale = max(1.0, np.sqrt(scale))
        self.ties = self.dyn(ax.add_collection(LineCollection(
            [self.pos[[i, j]] for i, j in _PAIRS], colors=colours, zorder=1, capstyle="round")))
        self.dyn(ax.scatter(*CEO_POS, s=300 * scale, marker="s", color="#333333", zorder=4))  # dynamic: drawn over the ties
        self.ceo = self.dyn(ax.text(CEO_POS[0], CEO_POS[1] + 0.12, "CEO", ha="center", va="bottom", fontsize=f, zorder=6,
                                    bbox=dict(boxstyle="round,pad=0.12", fc="white", ec="none", alpha=0.85)))

        leader = model.leader
        self.leader_pos = leader_position(leader.reporting_line, self.pos) if leader is not None else None
        if leader is not None:
            anchor = CEO_POS if leader.reporting_line == "ceo" else self.pos[_DEPT[leader.reporting_line]]
            self.targets = self.dyn(ax.add_collection(LineCollection([], colors=LEADER_COLOUR, linestyles=(0, (3, 2)), alpha=0.85, zorder=2)))
            self.conflict_lines = self.dyn(ax.add_collection(LineCollection([], colors=CONFLICT_COLOUR, linewidths=3.5, zorder=3)))
            (self.link,) = ax.plot(*np.column_stack([self.leader_pos, anchor]), color=LEADER_COLOUR, lw=3.5, zorder=3)
            self.dyn(self.link)
            self.star = self.dyn(ax.scatter(*self.leader_pos, s=420 * scale, marker="*", color=LEADER_COLOUR, edgecolor="white", linewidth=1.0, zorder=7))

        self.nodes = self.dyn(ax.scatter(self.pos[:, 0], self.pos[:, 1], s=self.sizes, c=np.full(n, 0.6), cmap=CMAP,
                                         norm=KNOWLEDGE_NORM, edgecolors="#444444", linewidths=0.8, zorder=5))
        # labels radially outside each node; the second line tells what the leader does there
        data_per_px = (self.XLIM[1] - self.XLIM[0]) / width_px
        compact = px >= 18  # presenter sizes: the name only (the headcount is the node's size)
        self.names = [SHORT_NAMES[name] if compact else f"{SHORT_NAMES[name]} ({int(heads[d])})" for d, name in enumerate(DEPARTMENTS)]
        self.labels, self.bolts = [], []
        for d in range(n):
            x, y = self.pos[d]
            radius = np.sqrt(self.sizes[d]) / 2.0 / 72.0 * DPI * data_per_px
            # above the upper half, below the lower half (side labels would hit the colour bar);
            # the two nodes near the vertical axis lean outwards so their labels do not collide
            va = "bottom" if y > 0 else "top"
            ly = y + (radius + 0.03) * (1 if y > 0 else -1)
            if abs(x) < 0.8 * stretch:
                ha, lx = ("left", x - 0.5 * radius) if x > 0 else ("right", x + 0.5 * radius)
            else:
                ha, lx = "center", x
            self.labels.append(self.dyn(ax.text(lx, ly, self.names[d], ha=ha, va=va, fontsize=1.05 * f, zorder=6, linespacing=0.95)))
            self.bolts.append(self.dyn(ax.text(x, y, "!", ha="center", va="center", fontsize=1.3 * f, weight="bold",
                                               color="white", zorder=9, visible=False,
                                               bbox=dict(boxstyle="circle,pad=0.25", fc=CONFLICT_COLOUR, ec="white", lw=1.0))))
        self.legend_rows = (ncol, entries)

        cb = fig.colorbar(ScalarMappable(norm=KNOWLEDGE_NORM, cmap=CMAP), cax=cax)
        cb.set_label("knowledge", fontsize=f, labelpad=0.4 * px)
        cb.set_ticks([0.25, 0.5, 0.75, 1.0])
        cb.ax.tick_params(labelsize=f, pad=1)
        self.status = self.dyn(fig.text(0.01, 1 - 2 / H, "", fontsize=1.08 * f, va="top", ha="left"))
        self.status2 = self.dyn(fig.text(0.01, 1 - (2 + 1.45 * px) / H, "", fontsize=f, va="top", ha="left", color=LEADER_COLOUR))
        ms = 0.85 * px * 72.0 / DPI
        kinds = {
            "line": lambda c, label: Line2D([], [], color=c, lw=3, label=label),
            "ring": lambda c, label: Line2D([], [], marker="o", ls="", mfc="white", mec=c, mew=2.5, ms=ms, label=label),
            "dot": lambda c, label: Line2D([], [], marker="o", ls="", mfc=c, mec=c, mew=2.5, ms=ms, label=label),
            "star": lambda c, label: Line2D([], [], marker="*", ls="", color=c, ms=1.4 * ms, label=label),
        }
        ncol, entries = self.legend_rows
        fig.legend(handles=[kinds[k](c, label) for k, c, label in entries], loc="lower center", ncol=ncol, fontsize=f, frameon=False,
                   bbox_to_anchor=(0.5, 0.0), handlelength=1.3, columnspacing=0.8, borderaxespad=0.15, handletextpad=0.4)

    def fights(self, model) -> np.ndarray:
        """Conflicts per department since the previous frame (this week when Play draws every
        week; a frame the browser skipped does not hide a conflict). Read from the running
        totals ``Department.conflicts_total``; the first frame of a picture only knows this
        week's ``Department.conflicts``."""
        totals = np.array([d.conflicts_total for d in model.departments])
        last = self._last_totals
        if last is None or model.week < self._last_week or totals.shape != last.shape:
            fresh = np.array([d.conflicts for d in model.departments])  # first frame: all we know
        elif model.week == self._last_week:
            fresh = self.fresh  # the same week drawn again
        else:
            fresh = np.maximum(totals - last, 0)
        self._last_totals, self._last_week, self.fresh = totals, model.week, fresh
        return fresh

    def update(self, model):
        deps = model.departments
        fights = self.fights(model)
        ties = np.asarray(model.ties)
        self.ties.set_linewidths([self.tie_scale * (0.3 + 12.0 * float(ties[i, j])) for i, j in _PAIRS])
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
            self.status2.set_text("no CX leader: no mandates, no champions, no conflicts")
            return None
        eff = model.effective_authority()
        lp = self.leader_pos
        tgt = np.flatnonzero(leader.target_depts) if model.week >= leader.start_week else np.array([], int)
        self.targets.set_segments([np.array([lp, self.pos[d]]) for d in tgt])
        self.targets.set_linewidths([1.2 + 3.0 * float(eff[d]) for d in tgt])
        self.conflict_lines.set_segments([np.array([lp, self.pos[d]]) for d in np.flatnonzero(fights)])
        colour = SIDELINED_COLOUR if leader.sidelined else LEADER_COLOUR
        self.star.set_color(colour)
        self.star.set_edgecolor("white")
        self.link.set_color(colour)
        state = "SIDELINED" if leader.sidelined else f"authority {leader.authority:.1f} · political capital {leader.political_capital:.2f}"
        self.status2.set_text(f"★ CX leader reports to {REPORTS_TO[leader.reporting_line]} · {state}")
        self.status2.set_color(colour)
        return None

