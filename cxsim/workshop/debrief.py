"""The session's debrief: the room's run against the model's own run on the same seed and against
the band where 95% of runs fall (replicates of the same scenario, nobody playing).

The replicates run on a background thread (:class:`cxsim.viz.debrief.DebriefJob`, the same code
as the ordinary page's Debrief tab) as soon as the session is created, so they are ready when the
last round ends; :func:`table` and :class:`DebriefPicture` read the session and the finished bands.
"""

from __future__ import annotations

from ..metrics import BY_NAME
from ..viz.debrief import DebriefJob, typical_rows
from ..viz.kpis import KPIPicture
from .views import kpis

DEFAULT_REPLICATES = 20


def start_replicates(session, replicates: int = DEFAULT_REPLICATES) -> DebriefJob:
    """Run the scenario's replicates in the background; ``session.band`` is set when they end and
    ``session.band_progress`` = (done, total) meanwhile."""
    session.band_progress = (0, replicates)

    def progress(done, total):
        session.band_progress = (done, total)
        session.version += 1

    def done(bands):
        session.band = bands[0]
        session.version += 1

    return DebriefJob([(session.preset.label, session.config)], replicates, progress, done).start()


def table(session) -> list[dict]:
    """Per KPI at the session's current week: the room's value, the model's own value on the same
    seed, and (when the replicates are done) the band where 95% of runs fall and whether the
    room's run is inside it."""
    room, alone = kpis(session.room), kpis(session.autonomous)
    rows = {r["metric"]: r for r in (typical_rows(session.band, room, session.week) if session.band is not None else [])}
    out = []
    for name, value in room.items():
        row = {"metric": name, "label": BY_NAME[name].label, "room": value, "model alone": alone[name]}
        if name in rows:
            r = rows[name]
            row.update({"band_lo": round(r["band_lo"], 3), "band_hi": round(r["band_hi"], 3), "typical": "yes" if r["typical"] else "no"})
        out.append(row)
    return out


class DebriefPicture(KPIPicture):
    """The KPI panels: the room's run (solid), the model's own run (dashed), the band of runs."""

    def __init__(self, session, size=(1280, 720), font_px=14):
        super().__init__(session.room, animated=False, size=size, font_px=font_px, ghost=session.autonomous,
                         bands=(session.band,) if session.band is not None else ())

    def note(self, start) -> str:
        parts = ["solid: the room", "dashed: the model alone (same seed)"]
        if self.bands:
            parts.append(f"band: 95% of {self.bands[0].n} runs")
        return " · ".join(parts)


__all__ = ["DEFAULT_REPLICATES", "DebriefPicture", "start_replicates", "table"]
