"""Where the CX role sits in the structure (``structure.*``) and how it is governed (``governance.*``).

Seed 001 asks where to put the role: extend the perimeter of an existing department, create a
new direction with its own scope and budget, or regroup existing departments under an umbrella
direction. Seed 002 asks the marketing director and the CX officer to meet regularly, share
their information and agree on targets, so that heads of different departments do not bet on
conflicting strategies. The named presets of ``configs/structure/`` and ``configs/governance/``
map to these numbers; every default is neutral (the model as it was before issue 15): no
department regrouped, no forum, the leader's authority as ``leader.authority`` everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass

from .fields import DEPARTMENTS, VARY, group, param, per_department

ZERO = dict.fromkeys(DEPARTMENTS, 0.0)

MergedDepartments = per_department(
    "MergedDepartments", "How fully each department is regrouped under the CX leader's umbrella direction (0: stays where it is).",
    ZERO, 0.0, 1.0, "share",
    "how fully {dept} is regrouped under the CX leader's direction from the programme start (0: not at all, 1: fully; its code, ties and head merge with the other regrouped departments over structure.transition_weeks)",
    "seed 001 (attach existing departments under an umbrella direction); seed 004 (customer-facing functions merged within two years)", "lever", __name__)

ForumAttendance = per_department(
    "ForumAttendance", "Share of the governance forum's meetings each department's head attends (0: not invited).",
    ZERO, 0.0, 1.0, "share",
    "share of the governance forum's meetings the head of {dept} attends (0: not a member)",
    "seed 002 (the marketing director and the CX officer must meet regularly)", "lever", __name__)


@dataclass
class StructureConfig:
    """Where the CX role sits: the leader's authority inside its own direction, a budget line of
    its own, and departments regrouped under it (an umbrella), with the transition's cost."""

    home_authority: float = param(0.0, 0.0, 1.0, "share", "share of the gap to full authority the leader holds over the departments inside its own direction (its home department when it reports to a function, the departments regrouped under it): authority there = leader.authority + (1 − leader.authority) × this", "seed 001 (extend the perimeter of an existing department: its head has full authority there)", role="lever")
    weight_authority: float = param(0.0, 0.0, 1.0, "share", "share of the leader's authority over the other departments that comes from its home department's political weight instead of leader.authority (an extended department speaks with its department's weight; no effect on the CEO line)", "seed 001 (the customer-relations director gets an addendum to its title 'and customer experience'); seed 003", role="lever")
    own_budget: float = param(0.0, 0.0, 1.0, "share", "share of the programme funded by a budget line of its own instead of the departments' budgets (a new direction): the budget pressure and budget conflicts scale with 1 − this", "seed 001 (create a new direction: with what budget?); seed 003 (everyone wants to keep their budget)", role="lever")
    merge: MergedDepartments = group(MergedDepartments, "departments regrouped under the CX leader (umbrella direction)", "seed 001")
    transition_weeks: int = param(26, 1, 520, "weeks", "weeks over which the regrouped departments move under the leader from the programme start: the leader's position, the new cross-department ties, the disruption and the cost of the reorganisation are spread over it", "seed 004 (one entity within two years); assumption: half a year", role="lever", plausible=(13, 104, "a quarter to two years"), integer=True)
    convergence: float = param(0.1, 0.0, 1.0, "probability/week", "learning rate of a regrouped department's code on the promise dimensions from the regrouped departments' better performers pooled (March's code learning, × how fully it is regrouped × the transition's progress): one shared standard emerges", "March 1991 (p2, the same kernel); assumption, vary it", role="assumption", plausible=(0.05, 0.2, "as company.p2"))
    merge_ties: float = param(2.0, 0.0, 20.0, "ties/employee", "new ties per employee of the regrouped departments created over the transition between employees of different regrouped departments (shared teams, managers, sites)", "assumption, vary it (the merged unit becomes one network)", role="assumption")
    reorg_resistance: float = param(0.15, 0.0, 1.0, "resistance", "resistance added over the transition to the employees of a fully regrouped department (uncertainty, lost positions), spread evenly over its weeks", "seed 003 (the change shakes up everyone); Kotter 1995; assumption, vary it", role="assumption")
    capacity_dip: float = param(0.1, 0.0, 1.0, "share", "share of a fully regrouped department's capacity lost during the transition (time spent on new teams, processes and tools)", "assumption, vary it (reorganisations cost output while they last)", role="assumption", plausible=(0.02, 0.2, VARY))


@dataclass
class GovernanceConfig:
    """A governance forum: the leader and the heads of the attending departments meet regularly,
    agree targets and standards (seed 002); it costs their time."""

    attend: ForumAttendance = group(ForumAttendance, "heads attending the forum", "seed 002")
    meeting_weeks: int = param(4, 1, 52, "weeks", "weeks between two meetings of the forum", "seed 002 (meet regularly); assumption: monthly", role="lever", plausible=(2, 13, "fortnightly to quarterly"), integer=True)
    agreement: float = param(0.3, 0.0, 1.0, "share/meeting", "share of the gap to full alignment on targets and standards that one attended meeting closes (× attendance)", "seed 002 (share information, discuss problems, evaluate the measures); assumption, vary it", role="assumption")
    alignment_decay: float = param(0.05, 0.0, 1.0, "share/week", "share of the alignment lost each week between meetings (agreements fade unless renewed)", "assumption, vary it", role="assumption")
    conflict_relief: float = param(0.5, 0.0, 1.0, "share", "share of a department's conflict hazard with the leader (mandates and budget) that full alignment removes", "seed 002 (so that heads do not bet on conflicting strategies; minimise conflicts)", role="assumption")
    voice: float = param(0.5, 0.0, 1.0, "share", "share of the gap to 1 that full alignment closes in the chance that the playbook hears the department's employees and in the attention the leader gives its stages at a review", "seed 002 (share information, discuss the problems)", role="assumption")
    head_time: float = param(0.1, 0.0, 1.0, "share", "share of an attending head's steering of its own department the forum takes (× attendance): the department's code learns from its better performers and its KPIs that much slower", "assumption, vary it (a monthly half-day with preparation)", role="assumption")
    leader_time: float = param(0.2, 0.0, 1.0, "share", "share of the leader's attention the forum takes when every department attends (× the mean attendance): the playbook learns that much slower from everyone", "assumption, vary it (the leader chairs and prepares every meeting)", role="assumption")
