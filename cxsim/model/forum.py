"""The governance forum (seed 002): the leader and department heads meet, agree, and pay in time.

Seed 002 asks the marketing director and the CX officer to define who decides what, and to
"make sure they meet regularly, share their information, discuss the problems and evaluate the
impact of the measures taken", so that heads of different departments do not bet on conflicting
strategies. ``governance.attend.<dept>`` is the share of the meetings the department's head
attends (all 0: no forum, the default); the forum meets every ``governance.meeting_weeks`` from
the programme start, chaired by the CX leader.

Each department carries an ALIGNMENT in [0, 1] with the leader's targets and standards: each
meeting closes ``agreement`` × attendance of its gap to 1, and it fades by ``alignment_decay``
a week between meetings (agreements not renewed are forgotten). Alignment acts through the
mechanisms that exist, never on an outcome:

* conflicts: the hazard that the department fights a mandate or the budget taken from it ×
  (1 − ``conflict_relief`` × alignment) (agreed targets);
* voice: the chance that the playbook hears the department's employees and the weight of its
  stages in the pain the leader attends to at a review rise towards 1 by ``voice`` × alignment
  (the heads bring their information and their problems);
* time, the forum's cost: an attending head steers its own department less, so the department's
  code learns from its better performers and its KPIs × (1 − ``head_time`` × attendance); the
  leader chairs every meeting, so the playbook learns from everyone × (1 − ``leader_time`` ×
  mean attendance).

Without attendance every factor is exactly 1 (or the base value), so a run without a forum is
the run of the model before the forum existed, number for number.
"""

from __future__ import annotations

import numpy as np

from ..params import DEPARTMENTS
from ..structure import by_department
from .decisions import attending


class Forum:
    """The forum's state (alignment per department) and the factors it puts on the programme."""

    def __init__(self, model):
        self.model = model
        self.cfg = model.config.governance
        self.rule_attend = by_department(self.cfg.attend)
        self.alignment = np.zeros(len(DEPARTMENTS))
        self.meetings = 0

    @property
    def attend(self) -> np.ndarray:
        """(n_dept,) share of the meetings each head attends this round: ``governance.attend``,
        or what a head played in a workshop chose (:func:`cxsim.model.decisions.attending`)."""
        return attending(self.model, self.rule_attend)

    def step(self) -> None:
        """A week of the programme (called before the leader decides): alignment fades, and on a
        meeting week it rises in the attending departments; heads spend their time."""
        m, g = self.model, self.cfg
        attend = self.attend
        self.alignment *= 1.0 - g.alignment_decay
        if attend.any() and (m.week - m.leader.start_week) % g.meeting_weeks == 0:
            self.alignment += g.agreement * attend * (1.0 - self.alignment)
            self.meetings += 1
            m.record("forum_meeting", "cx_leader", "forum", meeting=self.meetings,
                     attendees=[DEPARTMENTS[d] for d in np.flatnonzero(attend)],
                     alignment=float(self.mean_alignment()))
        steering = 1.0 - g.head_time * attend
        for d, department in enumerate(m.departments):
            department.steering = float(steering[d])

    def conflict_factor(self) -> np.ndarray:
        """(n_dept,) factor on each department's conflict hazard with the leader."""
        return 1.0 - self.cfg.conflict_relief * self.alignment

    def hear(self, base: np.ndarray) -> np.ndarray:
        """``base`` (n_dept,) factors in [0, 1] (listening, attention) raised towards 1 by the
        departments' voice in the forum."""
        return base + (1.0 - base) * self.cfg.voice * self.alignment

    def leader_share(self) -> float:
        """Share of the leader's attention the forum leaves for learning the playbook."""
        return 1.0 - self.cfg.leader_time * float(self.attend.mean())

    def mean_alignment(self) -> float:
        """Alignment of the attending departments, weighted by attendance (0 without a forum)."""
        total = self.attend.sum()
        return float((self.attend * self.alignment).sum() / total) if total > 0 else 0.0


__all__ = ["Forum"]
