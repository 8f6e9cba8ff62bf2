"""KPIs over time: one panel per ``Metric.panel`` of the browser view of the metric registry.

The panels and their lines come from :func:`cxsim.metrics.metrics_in` ("browser"), grouped by
``Metric.panel`` in declaration order; the first metric of a panel is on the left axis, a
second one shares it when both have the same range and gets the right axis otherwise. Axis
limits start around the data and only grow, in steps of an eighth of the metric's range, so
the cached background is rarely redrawn. Optional layers: a second run drawn dashed (compare),
bands of replicates (debrief, static), and the notable events of the log as ticks on top.
"""

from __future__ import annotations

import math

import numpy as np

from ..metrics import Metric, metrics_in
from .blit import BlitView
from .events import marked_weeks, read_events
from .style import LEADER_COLOUR, LEADER_ONLY, TEXT_COLOUR, metric_colour


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


def series(model, names) -> tuple[np.ndarray, dict]:
    """Weeks and the collected values of ``names`` (complete rows only: a step may be collecting)."""
    mv = model.datacollector.model_vars
    n = min(len(mv["week"]), *(len(mv[k]) for k in names))
    return np.asarray(mv["week"][:n], dtype=float), {k: np.asarray(mv[k][:n], dtype=float) for k in names}


class KPIPicture(BlitView):
    """The panels over weeks; the programme start marked by a dashed line.

    ``ghost``: a second model drawn dashed on the same axes (two scenarios side by side);
    ``bands``: replicate bands (:class:`cxsim.viz.debrief.Bands`), the first filled, the next hatched."""

    size = (448, 360)
    font_px = 10.0

    def __init__(self, model, animated: bool = True, size=None, font_px=None, ghost=None, bands=(), columns: int = 2):
        self.ghost, self.bands, self.columns = ghost, tuple(bands), columns
        super().__init__(model, animated, size, font_px)

    def build(self, model) -> None:
        fig = self.fig
        f = self.f
        self.panels = kpi_panels()
        cols = max(1, min(self.columns, len(self.panels)))
        rows = max(1, math.ceil(len(self.panels) / cols))
        fig.set_layout_engine("constrained", h_pad=0.04, w_pad=0.04, hspace=0.02, wspace=0.02)
        axes = fig.subplots(rows, cols, sharex=True, squeeze=False)
        self.axes = list(axes.flat)
        for ax in self.axes[len(self.panels):]:
            ax.set_visible(False)
        self.series, self.ghost_lines, self.markers = [], [], []  # (metric, line, axis)
        horizon = float(model.config.steps)
        start = model.config.leader.start_week if model.leader is not None else None
        labels = [[m.title + " (right)" for m in ms[:2]] for _, ms in self.panels]
        wide = all(sum(len(t) for t in ts) * 0.6 * self.font_px + 4 * self.font_px < self.size[0] / cols for ts in labels)
        for p, (ax, (title, metrics)) in enumerate(zip(self.axes, self.panels)):
            pair = []
            for i, metric in enumerate(metrics[:2]):
                axis = ax if i == 0 or shares_axis(metrics[0], metric) else ax.twinx()
                colour = metric_colour(metric.name, p * 2 + i)
                label = metric.title + (" (right)" if axis is not ax else "")
                if model.leader is None and metric.name in LEADER_ONLY:
                    label = f"{metric.title}: no CX leader"
                for k, band in enumerate(self.bands):
                    if metric.name in band.mean:
                        style = dict(alpha=0.22, lw=0) if k == 0 else dict(alpha=0.0, hatch="///", edgecolor=colour, lw=0)
                        axis.fill_between(band.weeks, band.lo[metric.name], band.hi[metric.name], color=colour, **style)
                        axis.plot(band.weeks, band.mean[metric.name], color=colour, lw=1.0, ls=":" if k else "-", alpha=0.8)
                (line,) = axis.plot([], [], color=colour, lw=2.4, label=label)
                pair.append(self.dyn(line))
                self.series.append((metric, line, axis))
                if self.ghost is not None:
                    (dashed,) = axis.plot([], [], color=colour, lw=2.0, ls=(0, (4, 2)), alpha=0.9)
                    self.ghost_lines.append(self.dyn(dashed))
                axis.tick_params(labelsize=f, pad=1, colors=colour if axis is not ax or len(metrics) == 1 else TEXT_COLOUR)
                axis.locator_params(axis="y", nbins=4)
            ax.set_xlim(0, horizon)
            ax.locator_params(axis="x", nbins=4)
            ax.grid(alpha=0.3)
            if start is not None:
                ax.axvline(start, color=LEADER_COLOUR, ls="--", lw=1.4)
            ax.set_title(title, fontsize=1.1 * f, weight="bold", pad=(1 if wide else 2) * 1.45 * self.font_px + 2)
            ax.legend(handles=pair, loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=2 if wide else 1, fontsize=f, frameon=False,
                      handlelength=1.0, columnspacing=0.7, borderaxespad=0.1, handletextpad=0.3)
            self.markers.append(self.dyn(ax.scatter([], [], marker="v", s=(0.8 * self.font_px) ** 2, transform=ax.get_xaxis_transform(),
                                                    clip_on=False, zorder=6)))
        for ax in self.axes[-cols:]:
            ax.set_xlabel("week", fontsize=f, labelpad=0)
        fig.supxlabel(self.note(start), fontsize=f, color=LEADER_COLOUR)
        self.limits: dict = {}

    def note(self, start) -> str:
        parts = [f"- - programme start (week {start})" if start is not None else "no CX programme"]
        if self.ghost is not None:
            parts.append("solid A, dashed B")
        if self.bands:
            parts.append(f"band: 95% of {self.bands[0].n} runs")
        return " · ".join(parts)

    def update(self, model):
        names = [metric.name for metric, _, _ in self.series]
        weeks, values = series(model, names)
        ghost = series(self.ghost, names) if self.ghost is not None else None
        per_axis: dict = {}
        for i, (metric, line, axis) in enumerate(self.series):
            k = first_week(metric)
            if model.leader is None and metric.name in LEADER_ONLY:
                k = weeks.size  # nothing to draw: the model reports 0 without a leader
            line.set_data(weeks[k:], values[metric.name][k:])
            ys = [values[metric.name][k:]]
            if ghost is not None:
                self.ghost_lines[i].set_data(ghost[0][k:], ghost[1][metric.name][k:])
                ys.append(ghost[1][metric.name][k:])
            for band in self.bands:
                if metric.name in band.mean:
                    ys += [band.lo[metric.name][k:], band.hi[metric.name][k:]]
            per_axis.setdefault(id(axis), (axis, metric, []))[2].extend(y for y in ys if y.size)
        key = []
        for axis_id, (axis, metric, ys) in per_axis.items():
            if not ys:
                continue
            data = np.concatenate(ys)
            data = data[np.isfinite(data)]
            if not data.size:
                continue
            lo, hi = float(data.min()), float(data.max())
            self.limits[axis_id] = grow_limits(self.limits.get(axis_id), lo, hi, axis_step(metric, hi - lo), metric.lo, metric.hi)
            axis.set_ylim(*self.limits[axis_id])
            key.append(self.limits[axis_id])
        marks = marked_weeks(read_events(model))
        for scatter in self.markers:
            scatter.set_offsets(np.array([[w, 1.0] for w, _ in marks]) if marks else np.empty((0, 2)))
            scatter.set_color([c for _, c in marks] if marks else "none")
        horizon = max(float(model.config.steps), float(weeks[-1]) if weeks.size else 0.0)
        for ax in self.axes:
            ax.set_xlim(0, horizon)
        return (tuple(key), horizon)
