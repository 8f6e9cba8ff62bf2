"""What happened in a run: the model's event log, read by duck typing, in words and as a timeline.

The model records ``model.events``: a list of ``Event(week, kind, actor, target, detail)``
(programme start, target change, mandate issued or suspended, conflict and who won, sponsorship
review, leader sidelined). This module only reads those five attribute names, so it works with
any object that has them, and with a model that records no events (an empty log).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .blit import new_figure, to_png
from .style import CONFLICT_COLOUR, LEADER_COLOUR, MANDATE_COLOUR, SIDELINED_COLOUR, TEXT_COLOUR


@dataclass(frozen=True)
class LoggedEvent:
    week: int
    kind: str
    actor: str = ""
    target: str = ""
    detail: dict = field(default_factory=dict)


# (words in the kind, label, colour, marked on the KPI plots): first match wins
KINDS = (
    ("conflict", "conflict", CONFLICT_COLOUR, True),
    ("sidelin", "leader sidelined", SIDELINED_COLOUR, True),
    ("suspend", "mandate suspended", "#e377c2", True),
    ("mandate", "mandate issued", MANDATE_COLOUR, False),
    ("target", "new target", LEADER_COLOUR, False),
    ("sponsor", "sponsorship review", "#333333", False),
    ("start", "programme start", LEADER_COLOUR, False),
)


def style(kind: str) -> tuple[str, str, bool]:
    """(label, colour, marked on the KPI plots) of an event kind."""
    low = kind.lower()
    for words, label, colour, marked in KINDS:
        if words in low:
            return label, colour, marked
    return low.replace("_", " "), "#7f7f7f", False


def read_events(model) -> list[LoggedEvent]:
    """The model's events as :class:`LoggedEvent` (an empty list when the model records none)."""
    out = []
    for e in list(getattr(model, "events", None) or []):
        week = getattr(e, "week", None)
        kind = getattr(e, "kind", None)
        if week is None or kind is None:
            continue
        out.append(LoggedEvent(int(week), str(kind), str(getattr(e, "actor", "") or ""), str(getattr(e, "target", "") or ""),
                               dict(getattr(e, "detail", None) or {})))
    return out


def _words(value) -> str:
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value).replace("_", " ")


def describe(event: LoggedEvent) -> str:
    """One line in words: ``week 14 · conflict: CX leader → sales (lost)``."""
    label, _, _ = style(event.kind)
    who = " → ".join(_words(x) for x in (event.actor, event.target) if x)
    detail = event.detail
    outcome = detail.get("outcome", detail.get("winner", ""))
    rest = [f"{_words(k)} {_words(v)}" for k, v in detail.items() if k not in ("outcome", "winner")]
    text = f"week {event.week} · {label}" + (f": {who}" if who else "")
    if outcome:
        text += f" ({_words(outcome)})"
    if rest:
        text += " · " + ", ".join(rest)
    return text


def marked_weeks(events: list[LoggedEvent]) -> list[tuple[int, str]]:
    """(week, colour) of the events marked on the KPI plots."""
    return [(e.week, style(e.kind)[1]) for e in events if style(e.kind)[2]]


def timeline_png(events: list[LoggedEvent], horizon: int, size=(900, 260), font_px: float = 12.0) -> bytes:
    """One row per kind of event over the weeks of the run, as a PNG."""
    fig = new_figure(*size)
    f = font_px * 72.0 / 100.0
    kinds = list(dict.fromkeys(style(e.kind)[0] for e in events)) or ["no events recorded"]
    ax = fig.add_axes((0.2, 0.2, 0.77, 0.72))
    for row, label in enumerate(kinds):
        weeks = [e.week for e in events if style(e.kind)[0] == label]
        colour = next((style(e.kind)[1] for e in events if style(e.kind)[0] == label), TEXT_COLOUR)
        ax.scatter(weeks, np.full(len(weeks), row), s=(0.9 * font_px) ** 2, marker="|", linewidths=3, color=colour)
    ax.set_yticks(range(len(kinds)), kinds, fontsize=f)
    ax.set_ylim(-0.6, len(kinds) - 0.4)
    ax.set_xlim(0, max(1, horizon))
    ax.set_xlabel("week", fontsize=f)
    ax.tick_params(labelsize=f)
    ax.grid(axis="x", alpha=0.3)
    return to_png(fig)
