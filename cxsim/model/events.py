"""What happened in a run, as a list of events (``model.events``): the workshop page's event log.

The model and its agents record an :class:`Event` when something a person in the company would
notice happens: the programme starts, the leader changes its targets, a mandate is issued,
suspended or ends, a department fights the leader, the executive reviews the programme, the
executive cuts the budget or stops the programme, the leader is sidelined, the EX part starts,
departments are regrouped under the leader, the governance forum meets. Recording draws no random number and
changes no state: a run with events is the run without them (docs/ODD.md §1.3; the table
of kinds in §3.5 is generated from :data:`EVENT_KINDS`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

# kind → what it means (the ODD's table of events is this dict)
EVENT_KINDS = {
    "programme_start": "the CX programme starts (actor cx_leader, target company; detail: authority, budget, reporting_line, strategy, focus)",
    "targets_changed": "at a review the leader changes its target stages (detail: old and new stages, target departments)",
    "mandate_issued": "a target department comes under a top-down mandate (target: the department)",
    "mandate_suspended": "a department wins a conflict: its mandate is suspended until the next review (target: the department)",
    "mandate_ended": "a mandate ends because the department is no longer a target or no longer funded (target: the department)",
    "conflict": "a department fights the leader; the executive arbitrates (detail: cause mandate or budget, outcome 'leader won' or 'department won', capital after)",
    "sponsorship_review": "the executive reviews the programme (detail: nps, nps_at_start, evidence in (−1, 1), sponsorship before and after, budget share granted)",
    "budget_cut": "after its patience the executive cuts the budget of a programme that shows too little (detail: share granted before and after)",
    "programme_stopped": "the budget granted falls below 5% of the programme's: the programme is stopped in all but name (detail: share granted)",
    "leader_sidelined": "the leader's political capital reaches 0: no authority, no spending for the rest of the run",
    "ex_start": "the employee-experience part of the programme starts, leader.ex_delay weeks after the customer side (detail: delay, ramp_weeks)",
    "regroup_start": "departments start moving under the CX leader's umbrella direction (detail: departments, transition_weeks)",
    "regroup_complete": "the regrouping's transition ends: the regrouped departments are inside the leader's direction (detail: departments)",
    "forum_meeting": "the governance forum meets (actor cx_leader, target forum; detail: meeting number, attendees, their mean alignment)",
}


@dataclass(frozen=True)
class Event:
    """One thing that happened: in ``week``, ``actor`` did ``kind`` to ``target`` (names of
    agents or departments); ``detail`` holds plain numbers and strings (JSON-ready)."""

    week: int
    kind: str
    actor: str
    target: str
    detail: dict = field(default_factory=dict)

    def __post_init__(self):
        if self.kind not in EVENT_KINDS:
            raise ValueError(f"unknown event kind {self.kind!r}: one of {', '.join(EVENT_KINDS)}")


__all__ = ["Event", "EVENT_KINDS"]
