"""Executive: the CEO as sponsor of the CX programme and arbiter of its conflicts."""

from __future__ import annotations

import mesa


class Executive(mesa.Agent):
    """Sponsorship in [0, 1], patience, and arbitration (DESIGN §2.4, seed 003).

    Every ``leader.review_weeks`` after the programme starts the executive reviews NPS against
    its level at the start. Once ``patience`` weeks have passed without an improvement of at
    least ``executive.improvement`` points, sponsorship decays by ``decay`` per review; a review
    that shows improvement restores ``gain``. In a conflict between the CX leader and a
    department the executive sides with the leader with probability sponsorship × proximity of
    the leader's reporting line to that department.
    """

    def __init__(self, model):
        super().__init__(model)
        self.sponsorship = model.config.executive.sponsorship
        self.nps_at_start: float | None = None
        self.last_review_improved = False

    def step(self) -> None:
        m = self.model
        leader = m.leader
        if leader is None or m.week < leader.start_week:
            return
        nps = m.feedback.nps
        if m.week == leader.start_week or self.nps_at_start is None:
            self.nps_at_start = nps
            return
        since = m.week - leader.start_week
        if since % m.config.leader.review_weeks:
            return
        cfg = m.config.executive
        improved = nps - self.nps_at_start >= cfg.improvement
        self.last_review_improved = improved
        before = self.sponsorship
        if improved:
            self.sponsorship = min(1.0, self.sponsorship + cfg.gain)
        elif since >= cfg.patience:
            self.sponsorship *= 1.0 - cfg.decay
        m.record("sponsorship_review", "executive", "cx_leader", nps=float(nps), nps_at_start=float(self.nps_at_start),
                 improved=bool(improved), before=float(before), after=float(self.sponsorship))

    def arbitrate(self, proximity: float) -> bool:
        """True when the executive sides with the CX leader."""
        return bool(self.model.rng_programme.random() < self.sponsorship * proximity)
