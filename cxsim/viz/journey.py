"""The journey strip: purchase → billing → delivery → installation → active.

One box per state with the customers in it and those waiting (box colour = the customers'
satisfaction with that stage over the last 13 weeks), the incident rate on each handoff arrow,
and a mark on the stage the CX leader targets.
"""

from __future__ import annotations

from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

from ..structure import HANDOFFS, STAGE_OWNER, STAGES
from .blit import BlitView
from .style import CMAP, CONFLICT_COLOUR, FONT, INCIDENT_CMAP, INCIDENT_NORM, LEADER_COLOUR, SATISFACTION_NORM, TEXT_COLOUR



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

