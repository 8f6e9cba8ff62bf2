"""The journey strip: purchase → billing → delivery → installation → active.

One box per state with the customers in it and those waiting (box colour = the customers'
satisfaction with that stage over the last 13 weeks), the incident rate on each handoff arrow,
and a mark on the stage the CX leader targets. Drawn in pixel coordinates, so the boxes fill
whatever size the page asks for; every text is at least ``font_px`` high.
"""

from __future__ import annotations

from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

from ..structure import HANDOFFS, STAGE_OWNER, STAGES
from .blit import BlitView
from .style import CMAP, CONFLICT_COLOUR, INCIDENT_CMAP, INCIDENT_NORM, LEADER_COLOUR, SATISFACTION_NORM, SHORT_NAMES, TEXT_COLOUR


def journey_header(metrics: dict, week: int) -> str:
    """The line above the strip: NPS, incidents, churn (also the slide's journey caption)."""
    nps = f"NPS {metrics.get('nps', 0):+.0f}" if week else "NPS: no answers yet"
    return (f"{nps} · {metrics.get('customer_friction', 0):.0f} incidents per 100 journeys · "
            f"churn {100 * metrics.get('churn_rate', 0):.2f}%/week")


def targeted_stages(model) -> set[int]:
    leader = model.leader
    return set(leader.targets) if leader is not None and model.week >= leader.start_week else set()


class JourneyPicture(BlitView):
    """purchase → billing → delivery → installation → active: customers in each state and
    waiting (box colour = stage satisfaction), the incident rate on each handoff arrow."""

    size = (900, 146)
    font_px = 12.0
    BOXES = (*STAGES, "active")

    def build(self, model) -> None:
        W, H = self.size
        px = self.font_px
        ax = self.ax = self.fig.add_axes((0.0, 0.0, 1.0, 1.0))
        ax.set_xlim(0, W)  # pixel coordinates
        ax.set_ylim(0, H)
        ax.axis("off")
        n = len(self.BOXES)
        gap = max(0.05 * W, 3.9 * px)
        w = (W - 2 - (n - 1) * gap) / n
        badge = 1.45 * px
        h = H - badge - 4
        with_owner = h >= 6.4 * px  # the owner's name when there is room (it is on the organisation too)
        f = self.f
        self.boxes, self.line1, self.line2, self.badges, self.arrows, self.rates = [], [], [], [], [], []
        for i, name in enumerate(self.BOXES):
            x = 1 + i * (w + gap)
            cx = x + w / 2
            owner = SHORT_NAMES[STAGE_OWNER["support" if name == "active" else name]]
            self.boxes.append(self.dyn(ax.add_patch(FancyBboxPatch((x + 2, 4), w - 4, h - 2, boxstyle="round,pad=2,rounding_size=9",
                                                                   fc="white", ec="#333333", lw=1.0, zorder=2))))
            # texts are dynamic too, so they are blitted after (over) the box
            top = 4 + h - 0.35 * px
            self.dyn(ax.text(cx, top, name, ha="center", va="top", fontsize=(1.3 if px < 18 else 1.1) * f, weight="bold", zorder=3))
            if with_owner:
                self.dyn(ax.text(cx, top - 1.75 * px, owner, ha="center", va="top", fontsize=f, style="italic", zorder=3))
            self.line1.append(self.dyn(ax.text(cx, 4 + 0.33 * h + 0.6 * px, "", ha="center", va="center", fontsize=1.12 * f, zorder=3)))
            self.line2.append(self.dyn(ax.text(cx, 4 + 0.33 * h - 0.85 * px, "", ha="center", va="center", fontsize=f, zorder=3)))
            self.badges.append(self.dyn(ax.text(cx, H - 1, "★ CX target", ha="center", va="top",
                                                 fontsize=f, color=LEADER_COLOUR, weight="bold", visible=False)))
            if i < n - 1:
                xa, xb, ym = x + w - 1, x + w + gap + 1, 4 + h / 2 - 0.6 * px
                self.arrows.append(self.dyn(ax.add_patch(FancyArrowPatch((xa, ym), (xb, ym), arrowstyle="-|>",
                                                                         mutation_scale=max(14, 1.2 * px), lw=2, color="#999999", zorder=1))))
                self.rates.append(self.dyn(ax.text((xa + xb) / 2, ym + 0.6 * px, "", ha="center", va="bottom", fontsize=f, weight="bold")))

    def update(self, model):
        m = model.metrics
        targets = targeted_stages(model)
        for i, name in enumerate(self.BOXES):
            if name == "active":
                sat = m.get("satisfaction", 0.7)
                self.line1[i].set_text(f"{int(m.get('active_customers', 0)):,}")
                self.line2[i].set_text(f"support {100 * m.get('support_service_level', 1):.0f}%")
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
            self.arrows[h].set_linewidth(1.5 + 16 * min(rate, 0.3) * self.font_px / 12.0)
            self.rates[h].set_text(f"{100 * rate:.1f}%")
            self.rates[h].set_color(CONFLICT_COLOUR if rate >= 0.1 else TEXT_COLOUR)
        return None
