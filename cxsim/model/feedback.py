"""What the company hears from its customers: state computed once a week from the journey.

:class:`CustomerFeedback` holds the rolling NPS, satisfaction per stage, incident rate per
handoff, the support service level and the load each stage's staff feel, updated from the
week's :class:`~cxsim.kernels.journey.WeekCounts` by :meth:`CustomerFeedback.observe`. The
dynamics (the leader's reviews, the executive, visible improvement, word of mouth, stage
quality) read this state; the output metrics are computed from it too, never the reverse.
"""

from __future__ import annotations

from collections import deque

import numpy as np

from ..kernels.journey import N_STAGES, WeekCounts
from ..params import DEPARTMENTS, CustomerConfig, LeverConfig
from ..structure import STAGE_OWNER_INDEX
from ..metrics import nps_from_counts, rates


class CustomerFeedback:
    """The feedback state at the end of a week (before any week: ``initial`` values).

    ``incident_prob`` is the expected incident probability per handoff at the start, which
    stands for the incident rate until customers have been handed over.
    """

    def __init__(self, p: CustomerConfig, incident_prob: np.ndarray):
        self.p = p
        # the last feedback_window weeks, one row each: served, experience and incidents per
        # stage, then promoters, detractors and responses
        self.window: deque[np.ndarray] = deque(maxlen=p.feedback_window)
        self.nps = float(p.initial_nps)
        self.answers = (0.0, 0.0, 0.0)  # promoters, detractors, responses over the window
        self.stage_sat = np.full(N_STAGES, np.nan)  # no one served yet
        self.incident_rate = np.asarray(incident_prob, dtype=float)
        self.service_level = WeekCounts().service_level
        self.load = np.full(N_STAGES, p.initial_load)  # utilisation staff feel, smoothed
        self.baseline_stage_sat: np.ndarray | None = None  # at the programme start
        self.baseline_nps: float | None = None

    def observe(self, counts: WeekCounts, capacity: np.ndarray) -> None:
        """Take in one week of customers; ``capacity`` (4,) is the stages' capacity the staff
        measure their load against."""
        self.window.append(np.concatenate((counts.served, counts.experience, counts.incidents,
                                           (counts.promoters, counts.detractors, counts.responses))))
        total = np.add.reduce(np.array(self.window), axis=0)  # week by week, oldest first
        k = N_STAGES
        served, experience, incidents = total[:k], total[k:2 * k], total[2 * k:3 * k]
        self.answers = (float(total[3 * k]), float(total[3 * k + 1]), float(total[3 * k + 2]))
        self.nps = nps_from_counts(*self.answers, self.nps)
        self.stage_sat = np.where(served > 0, rates(experience, served), np.nan)
        self.incident_rate = rates(incidents, served)
        self.service_level = counts.service_level
        # utilisation smoothed (staff feel sustained load, not one week)
        self.load += self.p.load_smoothing * (rates(counts.served, capacity) - self.load)

    def set_baseline(self, satisfaction: float) -> None:
        """Remember where customers stood when the programme started (``satisfaction``, the
        mean over customers, stands in for a stage nobody was served at)."""
        self.baseline_stage_sat = np.nan_to_num(self.stage_sat.copy(), nan=satisfaction)
        self.baseline_nps = self.nps

    def visible_improvement(self, accuracy: float, levers: LeverConfig) -> np.ndarray:
        """(n_dept,) in [0, 1]: improvement customers report on each department's stages since
        the programme started, as far as the voice of the customer (``accuracy``) shows it;
        departments without a stage see the NPS rise."""
        if self.baseline_stage_sat is None:
            return np.zeros(len(DEPARTMENTS))
        out = [min(max((self.nps - self.baseline_nps) / levers.visible_nps_gain, 0.0), 1.0)] * len(DEPARTMENTS)
        for s, (now, then) in enumerate(zip(self.stage_sat.tolist(), self.baseline_stage_sat.tolist())):
            delta = now - then
            delta = 0.0 if delta != delta else delta  # NaN (a stage nobody was served at) counts as no change
            out[STAGE_OWNER_INDEX[s]] = min(max(delta / levers.visible_satisfaction_gain, 0.0), 1.0)
        return np.array(out) * accuracy


__all__ = ["CustomerFeedback"]
