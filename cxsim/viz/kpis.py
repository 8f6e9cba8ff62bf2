"""KPIs over time: one panel per ``Metric.panel`` of the browser view of the metric registry.

The panels and their lines come from :func:`cxsim.metrics.metrics_in` ("browser"), grouped by
``Metric.panel`` in declaration order; the first metric of a panel is on the left axis, a
second one shares it when both have the same range and gets the right axis otherwise. Axis
limits start around the data and only grow, in steps of an eighth of the metric's range, so
the cached background is rarely redrawn.
"""

from __future__ import annotations

import math

import numpy as np

from ..metrics import Metric, metrics_in
from .blit import BlitView
from .style import FONT, LEADER_COLOUR, TEXT_COLOUR, metric_colour


def kpi_panels() -> list[tuple[str, tuple[Metric, ...]]]:
    """(panel title, its metrics, left axis first) for every panel of the browser view."""
    panels: dict[str, list[Metric]] = {}
    for metric in metrics_in("browser"):
        panels.setdefault(metric.panel or metric.title, []).append(metric)
    return [(title, tuple(ms)) for title, ms in panels.items()]


def shares_axis(first: Metric, second: Metric) -> bool:
    return (first.lo, first.hi) == (second.lo, second.hi)


def axis_step(metric: Metric, data_span: float = 1.0) -> float:
    """The step in which an axis grows: an eighth of the metric's range (of the data when unbounded)."""
    span = metric.hi - metric.lo
    return span / 8.0 if math.isfinite(span) else max(data_span, 1.0) / 4.0


def grow_limits(current, data_lo: float, data_hi: float, step: float, floor: float, ceil: float) -> tuple[float, float]:
    """Axis limits that contain the data, only grow, in whole steps, and stay within [floor, ceil].

    ``current`` None starts from the smallest whole-step window around the data."""
    if current is None:
        lo = step * math.floor(data_lo / step)
        hi = step * math.ceil(data_hi / step)
        if hi <= lo:
            hi = lo + step
    else:
        lo, hi = current
    while data_lo < lo and lo > floor:
        lo -= step
    while data_hi > hi and hi < ceil:
        hi += step
    return max(lo, floor), min(hi, ceil)


def first_week(metric: Metric) -> int:
    """NPS has no survey answers in week 0 (its value there is a placeholder): drawn from week 1."""
    return 1 if metric.name == "nps" else 0


class KPIPicture(BlitView):
    """The panels over weeks; the programme start marked by a dashed line."""

    size = (448, 360)

    def build(self, model) -> None:
        fig = self.fig
        self.panels = kpi_panels()
        rows = max(1, math.ceil(len(self.panels) / 2))
        axes = fig.subplots(rows, 2, sharex=True, squeeze=False,
                            gridspec_kw=dict(left=0.095, right=0.895, top=0.865, bottom=0.115, hspace=0.72, wspace=0.56))
        self.axes = list(axes.flat)
        for ax in self.axes[len(self.panels):]:
            ax.set_visible(False)
        self.series = []  # (metric, line, axis)
        horizon = float(model.config.steps)
        start = model.config.leader.start_week if model.leader is not None else None
        for p, (ax, (title, metrics)) in enumerate(zip(self.axes, self.panels)):
            ax.set_title(title, fontsize=FONT - 0.5, pad=14, weight="bold")
            pair = []
            for i, metric in enumerate(metrics[:2]):
                axis = ax if i == 0 or shares_axis(metrics[0], metric) else ax.twinx()
                colour = metric_colour(metric.name, p * 2 + i)
                label = metric.title + (" (right axis)" if axis is not ax else "")
                (line,) = axis.plot([], [], color=colour, lw=2.2, label=label)
                pair.append(self.dyn(line))
                self.series.append((metric, line, axis))
                axis.tick_params(labelsize=FONT - 2.5, pad=1, colors=colour if axis is not ax or len(metrics) == 1 else TEXT_COLOUR)
            ax.set_xlim(0, horizon)
            ax.grid(alpha=0.3)
            if start is not None:
                ax.axvline(start, color=LEADER_COLOUR, ls="--", lw=1.4)
            ax.legend(handles=pair, loc="lower center", bbox_to_anchor=(0.5, 0.99), ncol=2, fontsize=FONT - 3,
                      frameon=False, handlelength=1.0, columnspacing=0.7, borderaxespad=0.1, handletextpad=0.3)
        for ax in self.axes[-2:]:
            ax.set_xlabel("week", fontsize=FONT - 2.5, labelpad=0)
        note = f"dashed line = programme start (week {start})" if start is not None else "no CX programme in this scenario"
        fig.text(0.5, 0.004, note, ha="center", va="bottom", fontsize=FONT - 2.5, color=LEADER_COLOUR)
        self.limits: dict = {}

    def update(self, model):
        mv = model.datacollector.model_vars
        names = [metric.name for metric, _, _ in self.series]
        n = min(len(mv["week"]), *(len(mv[k]) for k in names))  # complete rows only
        weeks = np.asarray(mv["week"][:n], dtype=float)
        per_axis: dict = {}
        for metric, line, axis in self.series:
            k = first_week(metric)
            y = np.asarray(mv[metric.name][k:n], dtype=float)
            line.set_data(weeks[k:], y)
            if y.size:
                per_axis.setdefault(id(axis), (axis, metric, []))[2].append(y)
        key = []
        for axis_id, (axis, metric, ys) in per_axis.items():
            data = np.concatenate(ys)
            lo, hi = float(data.min()), float(data.max())
            step = axis_step(metric, hi - lo)
            self.limits[axis_id] = grow_limits(self.limits.get(axis_id), lo, hi, step, metric.lo, metric.hi)
            axis.set_ylim(*self.limits[axis_id])
            key.append(self.limits[axis_id])
        horizon = max(float(model.config.steps), float(weeks[-1]) if weeks.size else 0.0)
        for ax in self.axes:
            ax.set_xlim(0, horizon)
        return (tuple(key), horizon)
