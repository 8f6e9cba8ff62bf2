"""CXLeader: authority, reporting line, budget, strategy, focus, the CX playbook and politics."""

from __future__ import annotations

import mesa
import numpy as np

from ...kernels import knowledge as kn
from ...params import DEPARTMENTS
from ...structure import ALL_STAGES, DEPT_INDEX, HANDOFFS, STAGE_OWNER, STAGE_OWNER_INDEX, proximity_vector
from ..effort import ProgrammeEffort

CATEGORIES = ("voc", "training", "champions", "ex", "redesign")
WEEKS_PER_YEAR = 52.0  # a unit: budgets are per year, the model steps in weeks


def hill(x, half: float, h: float):
    """Critical-mass response: 0 at 0, 1/2 at ``half``, saturating at 1 (Hill exponent h)."""
    x = np.asarray(x, dtype=float)
    xh = np.power(np.maximum(x, 0.0), h)
    return xh / (xh + half**h)


class CXLeader(mesa.Agent):
    """The CX leader (DESIGN §2.4).

    Each week of the programme it: learns the company-wide CX playbook from employees it hears
    (March's code learning; it hears a department in proportion to the proximity of its
    reporting line, so a marketing-owned playbook learns mostly from marketing, seed 002);
    re-chooses its targets at each review from the voice of the customer (single_kpi: the stage
    that hurts most, with its two handoff partners; broad: every customer-facing department);
    spends its budget (EX, voice of the customer, process redesign, and the change strategy:
    training and mandates for top_down, champions and communities of practice for organic,
    both for hybrid); and meets resistance: a mandate on a department heavier than its
    effective authority can turn into a conflict that the executive arbitrates.

    It reads the organisation and *returns* what its programme does this week
    (:class:`~cxsim.model.effort.ProgrammeEffort`); the model applies it. Its own state
    (playbook, targets, suspended mandates, capital, redesign stock) it keeps.
    """

    def __init__(self, model):
        super().__init__(model)
        cfg = model.config.leader
        self.authority = cfg.authority
        self.reporting_line = cfg.reporting_line
        self.proximity = proximity_vector(model.config.company, cfg.reporting_line)
        self.budget = cfg.budget
        self.strategy = cfg.strategy
        self.focus = cfg.focus
        self.start_week = cfg.start_week
        self.political_capital = cfg.political_capital
        self.sidelined = cfg.political_capital <= 0
        self.started = False
        self.playbook = np.zeros(model.layout.m, dtype=np.int8)
        self.targets: tuple[int, ...] = ()
        self.target_depts = np.zeros(len(DEPARTMENTS), dtype=bool)
        self.mandates = np.zeros(len(DEPARTMENTS), dtype=bool)  # after this week's conflicts
        self.suspended = np.zeros(len(DEPARTMENTS), dtype=bool)  # until the next review
        self.redesign_stock = np.zeros(len(ALL_STAGES))  # intensity-years per stage (+ support)
        self.spend = dict.fromkeys(CATEGORIES, 0.0)  # M€ this week
        self.voc_accuracy = 0.0

    # -- derived quantities -------------------------------------------------------------
    def effective_authority(self) -> np.ndarray:
        """authority × proximity(reporting line, d) × sponsorship, per department."""
        if self.sidelined or self.model.week < self.start_week:
            return np.zeros(len(DEPARTMENTS))
        return self.authority * self.proximity * self.model.executive.sponsorship

    def intensities(self) -> dict:
        """This week's spending by category, in units of the reference budget."""
        cfg = self.model.config
        x = 0.0 if self.sidelined else self.budget / cfg.levers.reference_budget
        ex = x * cfg.leader.ex_share
        rest = x - ex
        voc = rest * cfg.leader.voc_share
        redesign = rest * cfg.leader.redesign_share
        change = rest - voc - redesign
        return {"ex": ex, "voc": voc, "redesign": redesign, "change": change}

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
        spend = self.intensities()
        self.voc_accuracy = float(spend["voc"] / (spend["voc"] + lev.voc_half))
        since = m.week - self.start_week
        champions = self.review() if since % m.config.leader.review_weeks == 0 else None
        self._learn_playbook()

        # Change effort per target department, by strategy.
        n_targets = max(1, int(self.target_depts.sum()))
        effort = np.where(self.target_depts, spend["change"] / n_targets, 0.0)
        share_train = {"top_down": 1.0, "organic": 0.0, "hybrid": lev.hybrid_training_share}[self.strategy]
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
            suspended=self.suspended.copy(),
            champions=champions,
        )
        for s in self.targets:
            self.redesign_stock[s] += spend["redesign"] / max(1, len(self.targets)) / WEEKS_PER_YEAR
        if organic.sum() > 0:
            out.new_ties = self._community_ties(int(m.rng_programme.poisson(lev.cop_ties * organic.sum())))

        self._mandate_conflicts(out)
        if self.authority >= lev.budget_authority_threshold and self.budget > 0 and since % lev.budget_period_weeks == 0:
            self._take_budget(spend, out)
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
        attention = seen * self.proximity[STAGE_OWNER_INDEX]
        old = self.targets
        if self.focus == "single_kpi":
            self.targets = (int(np.argmax(attention)),)
        else:
            self.targets = tuple(range(len(ALL_STAGES)))
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
        if m.week > self.start_week and m.executive.last_review_improved:
            self.political_capital = min(1.0, self.political_capital + m.config.levers.capital_review)
        return self._champions()

    def _champions(self) -> np.ndarray:
        """Under organic or hybrid change, each employee of a target department becomes a
        champion with probability ``levers.champion_share``."""
        wf = self.model.workforce
        organic = self.target_depts.astype(float) if self.strategy != "top_down" else np.zeros(len(DEPARTMENTS))
        share = self.model.config.levers.champion_share * organic
        return self.model.rng_programme.random(wf.dept_of.size) < share[wf.dept_of]

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
        keep = dept_of[a] != dept_of[b]
        return a[keep], b[keep]

    def _learn_playbook(self) -> None:
        m = self.model
        cfg = m.config
        floor = cfg.leader.playbook_unheard
        p2 = cfg.leader.playbook_p2 * (floor + (1.0 - floor) * self.voc_accuracy)
        noise = cfg.company.voc_noise * (1.0 - self.voc_accuracy)
        beliefs = m.workforce.beliefs
        for d, members in enumerate(m.workforce.members):
            rel = m.layout.relevant[d]
            listen = np.full(members.size, self.proximity[d])
            self.playbook[rel] = kn.learn_code(
                self.playbook[rel], beliefs[members][:, rel], m.reality[rel], p2, m.rng_programme, listen=listen, noise=noise
            )

    def _record_mandates(self, mandates: np.ndarray) -> None:
        for d in np.flatnonzero(mandates & ~self.mandates):
            self.model.record("mandate_issued", "cx_leader", DEPARTMENTS[d])
        for d in np.flatnonzero(self.mandates & ~mandates):
            self.model.record("mandate_ended", "cx_leader", DEPARTMENTS[d])

    def _conflict(self, d: int, out: ProgrammeEffort, cause: str) -> None:
        """A department fights the leader; the executive arbitrates (seed 003)."""
        m = self.model
        lev = m.config.levers
        won = m.executive.arbitrate(self.proximity[d])
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
        """A mandated department heavier than the leader's effective authority over it may
        fight, the more so the more it resists and the harder the mandate presses."""
        m = self.model
        a_eff = self.effective_authority()
        pressure = out.train_effect  # a conflict lost zeroes it for that department only
        for d in range(len(DEPARTMENTS)):
            if not out.mandates[d]:
                continue
            gap = max(0.0, m.departments[d].weight - a_eff[d])
            p = m.config.levers.conflict_rate * m.workforce.dept_resistance(d, out.resistance_shocks) * gap * pressure[d]
            if m.rng_programme.random() < p:
                self._conflict(d, out, "mandate")

    def _take_budget(self, spend: dict, out: ProgrammeEffort) -> None:
        """A decision-maker funds the programme from the departments' budgets (seed 003)."""
        m = self.model
        lev = m.config.levers
        x = min(1.0, sum(spend.values()))
        out.resistance_shocks.append((None, lev.budget_resistance * x))
        m.record("budget_taken", "cx_leader", "company", intensity=float(x), resistance=float(lev.budget_resistance * x))
        for d in range(len(DEPARTMENTS)):
            if m.rng_programme.random() < lev.conflict_rate * m.workforce.dept_resistance(d, out.resistance_shocks) * m.departments[d].weight * x:
                self._conflict(d, out, "budget")
