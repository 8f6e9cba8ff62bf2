"""The roles a room can play and the decision form of each, validated server-side.

A role is a department head (one per department of ``DEPARTMENTS``), the CX leader or the CEO.
Each role's form lists its fields; :func:`parse_decision` turns what a browser or an HTTP client
sent into the model's decision object (:mod:`cxsim.model.decisions`) or refuses it with a
:class:`WorkshopError` that says which field, what was sent and what is allowed. Numeric ranges
come from the schema (``leader.ex_share`` …, ``executive.sponsorship``): one definition.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields

from ..model.decisions import (ARBITRATIONS, BROAD, BUDGET_RESPONSES, MANDATE_RESPONSES, ExecutiveDecision, HeadDecision,
                               LeaderDecision)
from ..params import DEPARTMENTS
from ..params.programme import ExecutiveConfig, LeaderConfig
from ..structure import ALL_STAGES, STAGE_OWNER

LEADER, CEO = "cx_leader", "ceo"
ROLES = DEPARTMENTS + (LEADER, CEO)
YES_NO = ("yes", "no")
MAX_TEXT = 64  # longest text value accepted in a form (anything longer is malformed)


class WorkshopError(ValueError):
    """A refused action; its message is shown to whoever tried it, in one line."""


def role_label(role: str) -> str:
    if role == LEADER:
        return "CX leader"
    if role == CEO:
        return "CEO"
    return f"Head of {role.replace('_', ' ')}"


def stages_of(role: str) -> tuple[str, ...]:
    return tuple(s for s, owner in STAGE_OWNER.items() if owner == role)


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    choices: tuple[str, ...] = ()  # a choice field; else a number in [lo, hi]
    lo: float = 0.0
    hi: float = 1.0
    help: str = ""


def _schema_range(cls, name: str) -> tuple[float, float]:
    meta = next(f.metadata for f in fields(cls) if f.name == name)
    return float(meta["lo"]), float(meta["hi"])


def form(role: str) -> tuple[Field, ...]:
    """The decision form of a role (the fields a submission must give, all of them)."""
    check_role(role)
    if role == LEADER:
        return (Field("targets", "Target for the next review", ALL_STAGES + (BROAD,), help="a stage, or every stage (broad)"),
                *(Field(n, label, (), *_schema_range(LeaderConfig, n), help=h) for n, label, h in (
                    ("ex_share", "Employee experience share", "of the whole budget"),
                    ("voc_share", "Voice-of-customer share", "of the rest"),
                    ("redesign_share", "Process redesign share", "of the rest; what is left goes to change"))))
    if role == CEO:
        return (Field("arbitration", "In a conflict, back", ARBITRATIONS, help="the CX leader or the department"),
                Field("sponsorship", "Sponsorship of the programme", (), *_schema_range(ExecutiveConfig, "sponsorship"), help="0 absent … 1 captain"))
    return (Field("mandate", "A mandate from the CX leader", MANDATE_RESPONSES, help="comply, negotiate (softer), or resist (fight it)"),
            Field("budget", "Budget the programme takes", BUDGET_RESPONSES, help="offer it, or guard it (fight)"),
            Field("champions", "Nominate champions", YES_NO),
            Field("community", "Join the community of practice", YES_NO),
            Field("forum", "Attend the governance forum", YES_NO, help="meet the CX leader: fewer fights, more voice, less time to steer"))


def check_role(role) -> str:
    if not isinstance(role, str) or role not in ROLES:
        raise WorkshopError(f"role {str(role)[:MAX_TEXT]!r} is not a role of this workshop; one of {', '.join(ROLES)}")
    return role


def _value(f: Field, raw):
    if isinstance(raw, bool) or raw is None or (isinstance(raw, str) and len(raw) > MAX_TEXT):
        raise WorkshopError(f"{f.name}={str(raw)[:MAX_TEXT]!r} is malformed; {allowed(f)}")
    if f.choices:
        if raw not in f.choices:
            raise WorkshopError(f"{f.name}={str(raw)[:MAX_TEXT]!r} is not allowed; {allowed(f)}")
        return raw
    try:
        x = float(raw)
    except (TypeError, ValueError):
        raise WorkshopError(f"{f.name}={str(raw)[:MAX_TEXT]!r} is not a number; {allowed(f)}") from None
    if not math.isfinite(x) or not f.lo <= x <= f.hi:
        raise WorkshopError(f"{f.name}={str(raw)[:MAX_TEXT]!r} is out of range; {allowed(f)}")
    return x


def allowed(f: Field) -> str:
    return f"one of {', '.join(f.choices)}" if f.choices else f"a number between {f.lo:g} and {f.hi:g}"


def parse_decision(role: str, payload) -> tuple[dict, object]:
    """(the cleaned values, the model's decision object) of a submission, or WorkshopError."""
    spec = form(role)
    if not isinstance(payload, dict):
        raise WorkshopError(f"a decision must be a set of fields: {', '.join(f.name for f in spec)}")
    names = {f.name for f in spec}
    extra = sorted(str(k)[:MAX_TEXT] for k in payload if k not in names)
    if extra:
        raise WorkshopError(f"{role_label(role)} does not decide {', '.join(extra)}; its fields are {', '.join(f.name for f in spec)}")
    missing = [f.name for f in spec if f.name not in payload]
    if missing:
        raise WorkshopError(f"missing {', '.join(missing)}: a decision gives every field of the form")
    clean = {f.name: _value(f, payload[f.name]) for f in spec}
    if role == LEADER:
        return clean, LeaderDecision(targets=clean["targets"], split=(clean["ex_share"], clean["voc_share"], clean["redesign_share"]))
    if role == CEO:
        return clean, ExecutiveDecision(arbitration=clean["arbitration"], sponsorship=clean["sponsorship"])
    return clean, HeadDecision(mandate=clean["mandate"], budget=clean["budget"], champions=clean["champions"] == "yes",
                               community=clean["community"] == "yes", forum=clean["forum"] == "yes")


def rule_values(role: str, config) -> dict:
    """What the form shows before a player decides: the scenario's own values (``config``)."""
    check_role(role)
    if role == LEADER:
        lead = config.leader
        return {"targets": BROAD if lead.focus == "broad" else ALL_STAGES[0], "ex_share": lead.ex_share, "voc_share": lead.voc_share,
                "redesign_share": lead.redesign_share}
    if role == CEO:
        return {"arbitration": "leader", "sponsorship": config.executive.sponsorship}
    attends = getattr(config.governance.attend, role) > 0
    return {"mandate": "comply", "budget": "offer", "champions": "yes", "community": "yes", "forum": "yes" if attends else "no"}


__all__ = ["CEO", "LEADER", "ROLES", "Field", "WorkshopError", "allowed", "check_role", "form", "parse_decision", "role_label", "rule_values", "stages_of"]
