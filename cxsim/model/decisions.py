"""What each role decides, and the model's own rule for a role nobody plays.

Every department head, the CX leader and the executive (the CEO) make explicit decisions; the
agents' code asks this module for them where it used to draw or read them directly
(``CXLeader._mandate_conflicts``, ``_budget_conflicts``, ``review``, ``intensities``,
``_champions``, ``_community_ties``; ``Executive.arbitrate`` and ``step``). Each decision is a
field of a decision object on ``model.decisions``; ``None`` means "the model's own rule", which
is exactly the model's behaviour without players (docs/ODD.md §3.3, "Decisions"): the same
random draws, taken in the same order, with the same effects, so a run nobody plays is
bit-identical to the model before decisions existed. A participatory workshop
(:mod:`cxsim.workshop`) fills the objects of the roles it plays at the start of each round; the
agents then consume them on the same code path as the rule's answers (there is no other path).

The draws are always taken, whoever decides: a played department still consumes the random
number of its weekly hazard, so the other processes of the week draw the same numbers as in the
autonomous run on the same seed (common random numbers, docs/ODD.md §1.3).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..structure import ALL_STAGES

MANDATE_RESPONSES = ("comply", "negotiate", "resist")
BUDGET_RESPONSES = ("offer", "guard")
ARBITRATIONS = ("leader", "department")
BROAD = "broad"  # the CX leader's targets: every stage


@dataclass
class HeadDecision:
    """A department head's decisions for a round (``None``: the model's rule).

    ``mandate``: comply (no fight), negotiate (no fight; the mandate presses at
    ``levers.negotiated_pressure`` of its training effect), resist (fight it once in the round,
    the first week the mandate applies). ``budget``: offer (no fight over the budget taken from
    the department) or guard (fight it once in the round). ``champions``: False withholds the
    champions the leader recruits in the department. ``community``: False keeps the department's
    people out of the communities of practice (no new ties with them). ``forum``: True, the head
    attends every meeting of the governance forum (seed 002); False, none (the rule: the
    share ``governance.attend.<dept>``).
    """

    mandate: str | None = None
    budget: str | None = None
    champions: bool | None = None
    community: bool | None = None
    forum: bool | None = None
    fought: set = field(default_factory=set)  # "mandate" / "budget": carried out this round


@dataclass
class LeaderDecision:
    """The CX leader's decisions (``None``: the model's rule). ``targets``: a stage name or
    ``"broad"`` (takes effect at the next review); ``split``: (ex_share, voc_share,
    redesign_share), the budget split of ``leader.*``."""

    targets: str | None = None
    split: tuple[float, float, float] | None = None


@dataclass
class ExecutiveDecision:
    """The CEO's decisions (``None``: the model's rule). ``arbitration``: whom it backs in this
    round's conflicts; ``sponsorship``: its sponsorship of the programme, held for the round."""

    arbitration: str | None = None
    sponsorship: float | None = None


class Decisions:
    """The decisions in force: one :class:`HeadDecision` per department, the leader's and the
    executive's. A fresh object holds the model's rule everywhere."""

    def __init__(self, n_dept: int):
        self.heads = [HeadDecision() for _ in range(n_dept)]
        self.leader = LeaderDecision()
        self.executive = ExecutiveDecision()

    def set_round(self, heads: dict | None = None, leader: LeaderDecision | None = None, executive: ExecutiveDecision | None = None) -> None:
        """Decisions for the next round: the given ones, the rule for everyone else."""
        self.heads = [(heads or {}).get(d, HeadDecision()) for d in range(len(self.heads))]
        for h in self.heads:
            h.fought = set()
        self.leader = leader or LeaderDecision()
        self.executive = executive or ExecutiveDecision()


def _fights(model, d: int, kind: str, hazard: float) -> bool:
    """Whether department d fights (``kind``: its mandate or its budget) this week. The rule
    fights with the weekly ``hazard``; a head that chose to fight does so once in the round."""
    u = model.rng_programme.random()
    choice = getattr(model.decisions.heads[d], kind)
    if choice is None:
        return bool(u < hazard)
    head = model.decisions.heads[d]
    if choice in ("resist", "guard") and kind not in head.fought:
        head.fought.add(kind)
        return True
    return False


def mandate_response(model, d: int, hazard: float) -> str:
    """Department d's answer to its mandate this week: the rule resists with the weekly hazard
    (conflict_rate × resistance × weight gap × pressure) and otherwise complies."""
    if _fights(model, d, "mandate", hazard):
        return "resist"
    return "negotiate" if model.decisions.heads[d].mandate == "negotiate" else "comply"


def guards_budget(model, d: int, hazard: float) -> bool:
    """Whether department d fights the budget taken from it this week (rule: with the hazard)."""
    return _fights(model, d, "budget", hazard)


def nominating(model) -> np.ndarray:
    """(n_dept,) bool: departments that let the leader recruit champions (rule: all)."""
    return np.array([h.champions is not False for h in model.decisions.heads])


def joining(model) -> np.ndarray:
    """(n_dept,) bool: departments whose people join the communities of practice (rule: all)."""
    return np.array([h.community is not False for h in model.decisions.heads])


def attending(model, rule: np.ndarray) -> np.ndarray:
    """(n_dept,) share of the governance forum's meetings each head attends: a played head's
    choice (all or none), else the rule, ``rule`` (``governance.attend``)."""
    heads = model.decisions.heads
    if all(h.forum is None for h in heads):
        return rule
    return np.array([rule[d] if h.forum is None else float(h.forum) for d, h in enumerate(heads)])


def chosen_targets(model, attention: np.ndarray, focus: str) -> tuple[int, ...]:
    """The leader's target stages at a review: a played leader's choice, else the rule (single
    KPI: the stage that hurts most as the leader sees it; broad: every stage)."""
    choice = model.decisions.leader.targets
    if choice is not None:
        return tuple(range(len(ALL_STAGES))) if choice == BROAD else (ALL_STAGES.index(choice),)
    return (int(np.argmax(attention)),) if focus == "single_kpi" else tuple(range(len(ALL_STAGES)))


def budget_split(model) -> tuple[float, float, float]:
    """(ex_share, voc_share, redesign_share): a played leader's split, else ``leader.*``."""
    if model.decisions.leader.split is not None:
        return model.decisions.leader.split
    cfg = model.config.leader
    return cfg.ex_share, cfg.voc_share, cfg.redesign_share


def backs_leader(model, odds: float) -> bool:
    """Whether the executive backs the CX leader in a conflict: a played CEO's choice, else the
    rule (with probability sponsorship × the reporting line's arbitration factor, ``odds``)."""
    u = model.rng_programme.random()
    choice = model.decisions.executive.arbitration
    return bool(u < odds) if choice is None else choice == "leader"


def sponsorship(model, current: float) -> float:
    """The executive's sponsorship this week: a played CEO's, else what its reviews made it."""
    chosen = model.decisions.executive.sponsorship
    return current if chosen is None else float(chosen)


__all__ = ["ARBITRATIONS", "BROAD", "BUDGET_RESPONSES", "MANDATE_RESPONSES", "Decisions", "ExecutiveDecision", "HeadDecision", "LeaderDecision",
           "attending", "backs_leader", "budget_split", "chosen_targets", "guards_budget", "joining", "mandate_response", "nominating", "sponsorship"]
