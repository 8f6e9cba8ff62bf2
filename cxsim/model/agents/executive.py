"""Executive: the CEO as sponsor of the CX programme, its arbiter and its funder."""

from __future__ import annotations

import math

import mesa

from .. import decisions

STOPPED = 0.05  # a programme granted less than this share of its budget is reported as stopped (a label, not a rule)


class Executive(mesa.Agent):
    """Sponsorship in [0, 1], the share of the budget granted, and arbitration (DESIGN §2.4, seed 003).

    Every ``leader.review_weeks`` after the programme starts the executive reviews NPS against
    its level when the programme started. The rise reads as evidence e = tanh(rise /
    ``executive.improvement``) in (−1, 1), weighed by how closely the executive follows the
    programme (``executive.attention``):

    * results win it over: sponsorship += attention × gain × e⁺ × (1 − sponsorship);
    * once ``patience`` weeks have passed, a programme without results loses sponsorship and
      budget: sponsorship −= attention × decay × (1 − e⁺) × sponsorship, and the share of the
      budget it still grants × (1 − attention × cut × (1 − e⁺)); cuts compound, so a programme
      that shows nothing is eventually stopped ("otherwise stop the project", seed 003).

    An absent executive (low sponsorship, low attention) therefore stays absent: it barely sees
    the results that would bring it back. In a conflict between the CX leader and a department
    the executive sides with the leader with probability sponsorship × the arbitration factor of
    the leader's reporting line for that department × the backing of the level at which the
    conflict is arbitrated (:meth:`arbiter_backing`).
    """

    def __init__(self, model):
        super().__init__(model)
        self.sponsorship = model.config.executive.sponsorship
        self.granted = 1.0  # share of the programme budget still granted
        self.evidence = 0.0  # at the last review, in (−1, 1)
        self.nps_at_start: float | None = None

    def step(self) -> None:
        m = self.model
        leader = m.leader
        if leader is None or m.week < leader.start_week:
            return
        self.sponsorship = decisions.sponsorship(m, self.sponsorship)
        nps = m.feedback.nps
        if m.week == leader.start_week or self.nps_at_start is None:
            self.nps_at_start = nps
            return
        since = m.week - leader.start_week
        if since % m.config.leader.review_weeks:
            return
        cfg = m.config.executive
        self.evidence = math.tanh((nps - self.nps_at_start) / cfg.improvement)
        seen = max(self.evidence, 0.0)
        before, granted_before = self.sponsorship, self.granted
        self.sponsorship += cfg.attention * cfg.gain * seen * (1.0 - self.sponsorship)
        if since >= cfg.patience:
            lacking = cfg.attention * (1.0 - seen)
            self.sponsorship -= lacking * cfg.decay * self.sponsorship
            self.granted *= 1.0 - lacking * cfg.cut
        self.sponsorship = min(1.0, max(0.0, self.sponsorship))
        m.record("sponsorship_review", "executive", "cx_leader", nps=float(nps), nps_at_start=float(self.nps_at_start),
                 evidence=float(self.evidence), before=float(before), after=float(self.sponsorship), granted=float(self.granted))
        if self.granted < granted_before:
            m.record("budget_cut", "executive", "cx_leader", before=float(granted_before), after=float(self.granted))
            if self.granted < STOPPED <= granted_before:
                m.record("programme_stopped", "executive", "cx_leader", granted=float(self.granted))

    def arbiter_backing(self, weight: float) -> float:
        """Factor in the chance of backing the leader against a department of political
        ``weight`` from the level at which conflicts are arbitrated (``executive.arbiter_rank``;
        seed 001: decisions arbitrated at the right level): 1 at the top (the executive
        committee or the CEO); lower down, the department's weight counts against the leader,
        1 − (1 − rank) × weight."""
        return 1.0 - (1.0 - self.model.config.executive.arbiter_rank) * weight

    def arbitrate(self, factor: float) -> bool:
        """True when the executive sides with the CX leader (probability sponsorship × factor)."""
        return decisions.backs_leader(self.model, self.sponsorship * factor)
