"""CXLeader: authority, reporting line, budget, strategy, focus, the CX playbook and politics."""

from __future__ import annotations

import mesa
import numpy as np

from ...kernels.organisation import learn_codes
from ...params import DEPARTMENTS
from ...structure import ALL_STAGES, DEPT_INDEX, HANDOFFS, STAGE_OWNER, STAGE_OWNER_INDEX, org_distance
from .. import decisions
from ..effort import ProgrammeEffort
from .department import CodeTasks

CATEGORIES = ("voc", "training", "champions", "ex", "redesign")
WEEKS_PER_YEAR = 52.0  # a unit: budgets are per year, the model steps in weeks


def hill(x, half: float, h: float):
    """Critical-mass response: 0 at 0, 1/2 at ``half``, saturating at 1 (Hill exponent h)."""
    x = np.asarray(x, dtype=float)
    xh = np.power(np.maximum(x, 0.0), h)
    return xh / (xh + half**h)


class CXLeader(mesa.Agent):
    """The CX leader (DESIGN §2.4).

    Its position is its reporting line: the steps on the org chart between its boss and each
    department (:func:`~cxsim.structure.org_distance`) thin out four things, each by its own
    factor per step (``levers.*_decay``): the REACH of its authority, the ATTENTION it pays to a
    department's stages, how well it LISTENS to a department's employees, and how often the
    ARBITER backs it against a department. A functional line also brings its own department's
    customer channels (``levers.home_expertise``) and money (``levers.home_cofunding``); the CEO
    line brings neither but is one step from everyone (seeds 000–002).

    Each week of the programme it: learns the company-wide CX playbook from employees it hears
    (March's code learning); re-chooses its targets at each review from the voice of the
    customer (single_kpi: the stage that hurts most, weighted by attention, with its two
    handoff partners; broad: every customer-facing department); spends the budget the executive
    grants (EX, voice of the customer, process redesign, and the change strategy: training and
    mandates for top_down, champions and communities of practice for organic, both for hybrid),
    funded from the departments' budgets in proportion to its authority (budget pressure and
    budget conflicts, seed 003); and meets resistance: a mandated department fights with a hazard
    that grows with its resistance, its weight and the authority the leader lacks over it.

    It reads the organisation and *returns* what its programme does this week
    (:class:`~cxsim.model.effort.ProgrammeEffort`); the model applies it. Its own state
    (playbook, targets, suspended mandates, capital, redesign stock) it keeps.
    """

    def __init__(self, model):
        super().__init__(model)
        cfg, lev = model.config.leader, model.config.levers
        self.authority = cfg.authority
        self.reporting_line = cfg.reporting_line
        distance = org_distance(cfg.reporting_line)
        functional = cfg.reporting_line != "ceo"
        # outside its own direction the leader speaks with its authority, or (an extended
        # department) with its home department's political weight (structure.weight_authority)
        s = model.config.structure
        home_weight = getattr(model.config.company.weight, cfg.reporting_line) if functional else cfg.authority
        self.outside_authority = (1.0 - s.weight_authority) * cfg.authority + s.weight_authority * home_weight
        self.set_position(distance, (distance == 0).astype(float))
        self.home_expertise = lev.home_expertise if functional else 0.0
        # a function co-funds change in its own department and its neighbours (distance ≤ 1)
        self.cofunded = (distance <= 1.0) if functional else np.zeros(len(DEPARTMENTS), dtype=bool)
        self.budget = cfg.budget
        self.strategy = cfg.strategy
        self.focus = cfg.focus
        self.start_week = cfg.start_week
        self.political_capital = cfg.political_capital
        self.sidelined = cfg.political_capital <= 0
        self.started = False
        self.playbook = np.zeros(model.layout.m, dtype=np.int8)
        rel = model.layout.relevant
        self.playbook_tasks = CodeTasks.build(model.workforce, [(d, np.flatnonzero(rel[d]), False) for d in range(len(DEPARTMENTS))])
        self.targets: tuple[int, ...] = ()
        self.target_depts = np.zeros(len(DEPARTMENTS), dtype=bool)
        self.mandates = np.zeros(len(DEPARTMENTS), dtype=bool)  # after this week's conflicts
        self.suspended = np.zeros(len(DEPARTMENTS), dtype=bool)  # until the next review
        self.redesign_stock = np.zeros(len(ALL_STAGES))  # intensity-years per stage (+ support)
        self.spend = dict.fromkeys(CATEGORIES, 0.0)  # M€ this week
        self.voc_accuracy = 0.0

    @property
    def proximity(self) -> np.ndarray:
        """(n_dept,) reach of the leader's authority over each department (its reporting line)."""
        return self.reach

    def set_position(self, distance: np.ndarray, inside: np.ndarray) -> None:
        """Place the leader on the org chart: ``distance`` (n_dept,) steps between its boss and
        each department give the four factors (reach, attention, listening, arbitration, each
        ``levers.*_decay`` per step); ``inside`` (n_dept,) in [0, 1] says how far a department
        is inside the leader's own direction (its home department, departments regrouped under
        it), where its authority rises towards leader.authority + (1 − leader.authority) ×
        ``structure.home_authority``. Called at construction and, while departments are
        regrouped under the leader, each week (:mod:`cxsim.model.regroup`)."""
        lev = self.model.config.levers
        a, h = self.authority, self.model.config.structure.home_authority
        self.distance = distance
        self.reach = lev.reach_decay**distance
        self.attention = lev.attention_decay**distance
        self.listening = lev.listening_decay**distance
        self.arbitration = lev.arbitration_decay**distance
        self.inside = inside
        self.authority_by_dept = self.outside_authority + inside * (a + (1.0 - a) * h - self.outside_authority)

    # -- derived quantities -------------------------------------------------------------
    def effective_authority(self) -> np.ndarray:
        """authority(d) × reach(reporting line, d) × sponsorship × political capital, per department."""
        if self.sidelined or self.model.week < self.start_week:
            return np.zeros(len(DEPARTMENTS))
        return self.authority_by_dept * self.reach * self.model.executive.sponsorship * self.political_capital

    def intensities(self) -> dict:
        """This week's spending by category, in units of the reference budget: the budget the
        executive still grants (``executive.granted``), split by the leader's shares."""
        cfg = self.model.config
        x = 0.0 if self.sidelined else self.budget * self.model.executive.granted / cfg.levers.reference_budget
        ex_share, voc_share, redesign_share = decisions.budget_split(self.model)
        ex_full = x * ex_share
        ex = ex_full * self.ex_ramp()
        deferred = ex_full - ex  # EX money not yet spent: partly to the customer side, the rest not drawn
        rest = x - ex_full + cfg.leader.ex_reallocation * deferred
        voc = rest * voc_share
        redesign = rest * redesign_share
        change = rest - voc - redesign
        return {"ex": ex, "voc": voc, "redesign": redesign, "change": change, "total": x - (1.0 - cfg.leader.ex_reallocation) * deferred}

    def ex_ramp(self) -> float:
        """Share of the EX budget spent this week (seed 004: what delay between the customer and
        the employee side?): 0 until ``leader.ex_delay`` weeks after the programme start, then
        rising linearly to 1 over ``leader.ex_ramp_weeks`` (at once for 0)."""
        cfg = self.model.config.leader
        since = self.model.week - self.start_week - cfg.ex_delay
        return 0.0 if since < 0 else min(1.0, (since + 1) / max(1, cfg.ex_ramp_weeks))

    # -- weekly behaviour ------------------------------------------------------------------
    def step(self) -> ProgrammeEffort:
        """Decide this week's programme: review, playbook, spending, mandates, conflicts."""
        m = self.model
        if m.week < self.start_week:
            return ProgrammeEffort.none(len(DEPARTMENTS))
        if not self.started:
            self.started = True
            m.record("programme_start", "cx_leader", "company", authority=self.authority, budget=self.budget,
                     reporting_line=self.reporting_line, strategy=self.strategy, focus=self.focus)
        lev = m.config.levers
        if m.config.leader.ex_delay > 0 and m.week == self.start_week + m.config.leader.ex_delay:
            m.record("ex_start", "cx_leader", "company", delay=m.config.leader.ex_delay, ramp_weeks=m.config.leader.ex_ramp_weeks)
        spend = self.intensities()
        bought = spend["voc"] / (spend["voc"] + lev.voc_half)
        self.voc_accuracy = float(1.0 - (1.0 - bought) * (1.0 - self.home_expertise))
        since = m.week - self.start_week
        champions = self.review() if since % m.config.leader.review_weeks == 0 else None
        self._learn_playbook()

        # Change effort per target department, by strategy.
        n_targets = max(1, int(self.target_depts.sum()))
        # the home function adds its own money to the change effort in its own and nearby departments
        cofunding = lev.home_cofunding * self.budget * self.model.executive.granted / lev.reference_budget
        effort = np.where(self.target_depts, spend["change"] / n_targets + cofunding * self.cofunded / max(1, int(self.cofunded.sum())), 0.0)
        share_train = self.training_share()
        train = effort * share_train
        organic = effort * (1.0 - share_train)
        mandates = (train > 0) & ~self.suspended
        train[~mandates] = 0.0
        self._record_mandates(mandates)
        out = ProgrammeEffort(
            train_effect=hill(train, lev.effort_half, lev.effort_hill),
            champion_effect=hill(organic, lev.effort_half, lev.effort_hill),
            ex_effect=float(spend["ex"] / (spend["ex"] + lev.ex_half)) if spend["ex"] > 0 else 0.0,
            mandates=mandates,
            budget_pressure=np.full(len(DEPARTMENTS), lev.budget_resistance / WEEKS_PER_YEAR * self.authority * spend["total"] * self.departments_share()),
            suspended=self.suspended.copy(),
            champions=champions,
        )
        for s in self.targets:
            self.redesign_stock[s] += spend["redesign"] / max(1, len(self.targets)) / WEEKS_PER_YEAR
        if organic.sum() > 0:
            out.new_ties = self._community_ties(int(m.rng_programme.poisson(lev.cop_ties * organic.sum())))

        self._mandate_conflicts(out)
        self._budget_conflicts(spend["total"], out)
        if self.political_capital <= 0:
            self.political_capital = 0.0
            if not self.sidelined:
                m.record("leader_sidelined", "cx_leader", "company")
            self.sidelined = True
        self.mandates = out.mandates

        ref = lev.reference_budget / WEEKS_PER_YEAR
        self.spend = {
            "voc": spend["voc"] * ref,
            "training": float(train.sum()) * ref,
            "champions": float(organic.sum()) * ref,
            "ex": spend["ex"] * ref,
            "redesign": spend["redesign"] * ref,
        }
        return out

    def review(self) -> np.ndarray:
        """Read the voice of the customer and choose the targets for the next period; returns
        the new champions (employees of the target departments, under organic change)."""
        m = self.model
        pain = m.stage_pain()  # (5,) true pain of purchase … installation, support
        noise = m.config.leader.review_noise * (1.0 - self.voc_accuracy)
        seen = pain + m.rng_programme.normal(0.0, noise, pain.shape) if noise > 0 else pain
        attention = seen * m.forum.hear(self.attention)[STAGE_OWNER_INDEX]
        old = self.targets
        self.targets = decisions.chosen_targets(m, attention, self.focus)
        depts = set()
        for s in self.targets:
            name = ALL_STAGES[s]
            depts.add(DEPT_INDEX[STAGE_OWNER[name]])
            for a, b in HANDOFFS:
                if name in (a, b):
                    depts.add(DEPT_INDEX[STAGE_OWNER[a]])
                    depts.add(DEPT_INDEX[STAGE_OWNER[b]])
        self.target_depts[:] = False
        self.target_depts[list(depts)] = True
        if self.targets != old:
            m.record("targets_changed", "cx_leader", "company", old=[ALL_STAGES[s] for s in old], new=[ALL_STAGES[s] for s in self.targets],
                     departments=[DEPARTMENTS[d] for d in np.flatnonzero(self.target_depts)])
        self.suspended = np.zeros(len(DEPARTMENTS), dtype=bool)
        if m.week > self.start_week:
            self.political_capital = min(1.0, self.political_capital + m.config.levers.capital_review * max(m.executive.evidence, 0.0))
        return self._champions()

    def departments_share(self) -> float:
        """Share of the programme funded from the departments' budgets (the rest is a budget line
        of its own, ``structure.own_budget``: a new direction)."""
        return 1.0 - self.model.config.structure.own_budget

    def training_share(self) -> float:
        """Share of the change effort that goes to training and mandates: 1 top-down, 0 organic,
        ``levers.hybrid_training_share`` hybrid (the named strategy maps to this number)."""
        return {"top_down": 1.0, "organic": 0.0, "hybrid": self.model.config.levers.hybrid_training_share}[self.strategy]

    def _champions(self) -> np.ndarray:
        """Each employee of a target department becomes a champion with probability
        ``levers.champion_share`` × the organic share of the change effort (all of it under
        organic change, none top-down, the rest of the training share under hybrid)."""
        wf = self.model.workforce
        share = self.model.config.levers.champion_share * (1.0 - self.training_share()) * self.target_depts
        drawn = self.model.rng_programme.random(wf.dept_of.size) < share[wf.dept_of]
        return drawn & decisions.nominating(self.model)[wf.dept_of]

    def _community_ties(self, k: int):
        """Communities of practice: k new ties between employees of different departments, at
        least one of them in a target department (pairs drawn here, added by the model)."""
        dept_of = self.model.workforce.dept_of
        if k <= 0:
            return None
        in_target = np.flatnonzero(self.target_depts[dept_of])
        if in_target.size == 0:
            return None
        rng = self.model.rng_programme
        a = rng.choice(in_target, k)
        b = rng.integers(0, dept_of.size, k)
        joins = decisions.joining(self.model)
        keep = (dept_of[a] != dept_of[b]) & joins[dept_of[a]] & joins[dept_of[b]]
        return a[keep], b[keep]

    def _learn_playbook(self) -> None:
        """The playbook learns from each department's employees in turn, hearing each one as
        well as the reporting line lets it (``listening``; March's code learning)."""
        m = self.model
        cfg = m.config
        floor = cfg.leader.playbook_unheard
        # the forum takes some of the leader's attention (all departments heard less) and lets it
        # hear the attending departments better (docs/ODD.md, governance forum)
        p2 = cfg.leader.playbook_p2 * (floor + (1.0 - floor) * self.voc_accuracy) * m.forum.leader_share()
        noise = cfg.company.voc_noise * (1.0 - self.voc_accuracy)
        t = self.playbook_tasks
        listening = m.forum.hear(self.listening)
        learn_codes(m.handles.programme, self.playbook[None, :], m.workforce.beliefs, m.reality, t.row_lo, t.row_hi, t.dims,
                    t.dim_lo, t.dim_hi, np.zeros_like(t.dept), np.full(t.dept.size, p2), np.full(t.dept.size, -1.0),
                    listening[t.dept], float(noise))

    def _record_mandates(self, mandates: np.ndarray) -> None:
        for d in np.flatnonzero(mandates & ~self.mandates):
            self.model.record("mandate_issued", "cx_leader", DEPARTMENTS[d])
        for d in np.flatnonzero(self.mandates & ~mandates):
            self.model.record("mandate_ended", "cx_leader", DEPARTMENTS[d])

    def _conflict(self, d: int, out: ProgrammeEffort, cause: str) -> None:
        """A department fights the leader; the executive arbitrates (seed 003)."""
        m = self.model
        lev = m.config.levers
        won = m.executive.arbitrate(self.arbitration[d] * m.executive.arbiter_backing(m.departments[d].weight))
        if won:
            self.political_capital = min(1.0, self.political_capital + lev.capital_win)
            out.resistance_shocks.append((d, lev.conflict_resistance * lev.overruled_resistance))
        else:
            self.political_capital -= lev.capital_loss
            out.resistance_shocks.append((d, lev.conflict_resistance))
            if not self.suspended[d]:
                m.record("mandate_suspended", "cx_leader", DEPARTMENTS[d], cause=cause)
            self.suspended[d] = out.suspended[d] = True
            out.mandates[d] = False
            out.train_effect[d] = 0.0
        out.conflicts.append((d, won))
        m.record("conflict", DEPARTMENTS[d], "cx_leader", cause=cause, outcome="leader won" if won else "department won",
                 political_capital=float(self.political_capital))

    def _mandate_conflicts(self, out: ProgrammeEffort) -> None:
        """A mandated department may fight, with a weekly hazard conflict_rate × its resistance ×
        its weight × (1 − the leader's effective authority over it) × the mandate's pressure."""
        m = self.model
        a_eff = self.effective_authority()
        relief = m.forum.conflict_factor()
        pressure = out.train_effect  # a conflict lost zeroes it for that department only
        resistance, seen = None, -1
        for d in range(len(DEPARTMENTS)):
            if not out.mandates[d]:
                continue
            if len(out.resistance_shocks) != seen:  # resistance after the conflicts so far
                resistance, seen = m.workforce.dept_resistances(out.resistance_shocks), len(out.resistance_shocks)
            gap = m.departments[d].weight * (1.0 - a_eff[d])
            p = m.config.levers.conflict_rate * resistance[d] * gap * pressure[d] * relief[d]
            response = decisions.mandate_response(m, d, p)
            if response == "resist":
                self._conflict(d, out, "mandate")
            elif response == "negotiate":
                out.train_effect[d] *= m.config.levers.negotiated_pressure

    def _budget_conflicts(self, intensity: float, out: ProgrammeEffort) -> None:
        """A programme funded from the departments' budgets (in proportion to the leader's
        authority) is fought over: each week each department does so with the hazard
        budget_conflict_rate / 52 × its resistance × its weight × authority × intensity (seed 003)."""
        m = self.model
        rate = m.config.levers.budget_conflict_rate / WEEKS_PER_YEAR * self.authority * min(1.0, intensity) * self.departments_share()
        if rate <= 0:
            return
        relief = m.forum.conflict_factor()
        resistance, seen = None, -1
        for d in range(len(DEPARTMENTS)):
            if len(out.resistance_shocks) != seen:  # resistance after the conflicts so far
                resistance, seen = m.workforce.dept_resistances(out.resistance_shocks), len(out.resistance_shocks)
            if decisions.guards_budget(m, d, rate * resistance[d] * m.departments[d].weight * relief[d]):
                self._conflict(d, out, "budget")
