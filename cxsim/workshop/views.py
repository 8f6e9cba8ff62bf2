"""What each role sees of the room's model, copied out of it between rounds (plain numbers).

The pages never read a model while a round runs: after each round the session takes a
:func:`snapshot` (a dict of plain floats and strings per role, plus the company's KPIs) and every
page shows that. A department head sees its own stages (what customers say about them: their
satisfaction, the incidents at its handoffs), its people (resistance, engagement, knowledge), the
mandate it is under and the budget the programme takes; the CX leader its targets, capital and
spending; the CEO sponsorship, the budget it grants and the conflicts it arbitrated.
"""

from __future__ import annotations

import math

import numpy as np

from ..metrics import metrics_in
from ..params import DEPARTMENTS
from ..structure import ALL_STAGES, HANDOFFS, STAGE_OWNER
from .roles import CEO, LEADER

WEEKS_PER_YEAR = 52.0


def _num(x, digits: int = 3):
    x = float(x)
    return None if not math.isfinite(x) else round(x, digits)


def kpis(model) -> dict:
    """The company's KPIs this week (the browser's metrics), rounded for display."""
    return {m.name: _num(model.metrics.get(m.name, float("nan"))) for m in metrics_in("browser")}


def department_view(model, d: int) -> dict:
    name = DEPARTMENTS[d]
    dept, fb, wf = model.departments[d], model.feedback, model.workforce
    stages = [s for s, owner in STAGE_OWNER.items() if owner == name]
    sat = fb.stage_sat
    said = []
    for s in stages:
        i = ALL_STAGES.index(s)
        entry = {"stage": s}
        if i < len(sat):
            entry["satisfaction"] = _num(sat[i])
        for h, (a, b) in enumerate(HANDOFFS):
            if s in (a, b):
                entry[f"incidents {a}→{b} (%)"] = _num(100 * fb.incident_rate[h], 1)
        said.append(entry)
    leader = model.leader
    funded = 0.0
    if leader is not None and not leader.sidelined:
        funded = leader.budget * model.executive.granted * leader.authority / len(DEPARTMENTS)
    return {
        "role": name, "stages": stages, "customers_say": said, "nps": _num(fb.nps, 1),
        "resistance": _num(dept.resistance), "engagement": _num(wf.dept_mean(wf.engagement)[d]), "knowledge": _num(dept.knowledge),
        "mandate": "suspended (you won a conflict)" if dept.suspended else ("yes" if dept.mandate else "no"),
        "conflicts": int(dept.conflicts_total), "champions": int(wf.champion[dept.members].sum()),
        "budget_taken": _num(funded, 2),  # M€/year of the programme funded from this department's budget
        "weight": _num(dept.weight, 2),
        "forum": _num(model.forum.attend[d], 2), "alignment": _num(model.forum.alignment[d]),
    }


def leader_view(model) -> dict:
    lead = model.leader
    if lead is None:
        return {"role": LEADER, "present": False}
    return {"role": LEADER, "present": True, "targets": [ALL_STAGES[s] for s in lead.targets], "political_capital": _num(lead.political_capital),
            "sidelined": bool(lead.sidelined), "budget": _num(lead.budget * model.executive.granted, 2),
            "spend_per_year": {k: _num(v * WEEKS_PER_YEAR, 2) for k, v in lead.spend.items()},
            "mandates": [DEPARTMENTS[d] for d in np.flatnonzero(lead.mandates)]}


def ceo_view(model) -> dict:
    ex = model.executive
    return {"role": CEO, "sponsorship": _num(ex.sponsorship), "granted": _num(ex.granted), "evidence": _num(ex.evidence),
            "conflicts": int(sum(d.conflicts_total for d in model.departments))}


def snapshot(model) -> dict:
    """Every role's view and the company's KPIs, as plain data."""
    roles = {name: department_view(model, d) for d, name in enumerate(DEPARTMENTS)}
    roles[LEADER] = leader_view(model)
    roles[CEO] = ceo_view(model)
    return {"week": model.week, "kpis": kpis(model), "roles": roles}


__all__ = ["ceo_view", "department_view", "kpis", "leader_view", "snapshot"]
