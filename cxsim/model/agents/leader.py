"""CXLeader: authority, reporting line, budget, strategy, focus, the CX playbook and politics."""

from __future__ import annotations

import mesa
import numpy as np

from ...kernels import knowledge as kn
from ...config import DEPARTMENTS
from ...structure import HANDOFFS, STAGE_OWNER, STAGES, proximity_vector

_DEPT_INDEX = {d: i for i, d in enumerate(DEPARTMENTS)}
CATEGORIES = ("voc", "training", "champions", "ex", "redesign")


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
    half of each for hybrid); and meets resistance: a mandate on a department heavier than
    its effective authority can turn into a conflict that the executive arbitrates.
    """

    def __init__(self, model, config=None):
        super().__init__(model)
        cfg = config if config is not None else model.config.leader
        self.authority = cfg.authority
        self.reporting_line = cfg.reporting_line
        self.proximity = proximity_vector(cfg.reporting_line)
        self.budget = cfg.budget
        self.strategy = cfg.strategy
        self.focus = cfg.focus
        self.start_week = cfg.start_week
        self.political_capital = cfg.political_capital
        self.sidelined = cfg.political_capital <= 0
        self.playbook = np.zeros(model.layout.m, dtype=np.int8)
        self.targets: tuple[int, ...] = ()
        self.target_depts = np.zeros(len(DEPARTMENTS), dtype=bool)
        self.redesign_stock = np.zeros(len(STAGES) + 1)  # intensity-years per stage (+ support)
        self.spend = dict.fromkeys(CATEGORIES, 0.0)  # M€ this week
        self.conflicts = 0  # this week
        self.conflicts_lost = 0  # this week
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
    def step(self) -> None:
        m = self.model
        if m.week < self.start_week:
            return
        lev = m.config.levers
        spend = self.intensities()
        self.voc_accuracy = float(spend["voc"] / (spend["voc"] + lev.voc_half))
        since = m.week - self.start_week
        if since % m.config.leader.review_weeks == 0:
            self.review()
        self._learn_playbook()

        # Change effort per target department, by strategy.
        n_targets = max(1, int(self.target_depts.sum()))
        effort = np.where(self.target_depts, spend["change"] / n_targets, 0.0)
        share_train = {"top_down": 1.0, "organic": 0.0, "hybrid": 0.5}[self.strategy]
        train = effort * share_train
        organic = effort * (1.0 - share_train)
        for d, dept in enumerate(m.departments):
            dept.mandate = bool(train[d] > 0 and not dept.suspended)
            if not dept.mandate:
                train[d] = 0.0
        m.train_effect[:] = hill(train, lev.effort_half, lev.effort_hill)
        m.champion_effect[:] = hill(organic, lev.effort_half, lev.effort_hill)
        m.ex_effect = float(spend["ex"] / (spend["ex"] + lev.ex_half)) if spend["ex"] > 0 else 0.0
        for s in self.targets:
            self.redesign_stock[s] += spend["redesign"] / max(1, len(self.targets)) / 52.0
        if organic.sum() > 0:
            m.add_cross_ties(int(m.rng_programme.poisson(lev.cop_ties * organic.sum())), self.target_depts)

        self.conflicts = self.conflicts_lost = 0
        self._mandate_conflicts(m.train_effect)
        if self.authority >= 0.7 and self.budget > 0 and since % 52 == 0:
            self._take_budget(spend)
        if self.political_capital <= 0:
            self.political_capital = 0.0
            self.sidelined = True

        ref = lev.reference_budget / 52.0
        self.spend = {
            "voc": spend["voc"] * ref,
            "training": float(train.sum()) * ref,
            "champions": float(organic.sum()) * ref,
            "ex": spend["ex"] * ref,
            "redesign": spend["redesign"] * ref,
        }

    def review(self) -> None:
        """Read the voice of the customer and choose the targets for the next period."""
        m = self.model
        pain = m.stage_pain()  # (5,) true pain of purchase … installation, support
        noise = 0.15 * (1.0 - self.voc_accuracy)
        seen = pain + m.rng_programme.normal(0.0, noise, pain.shape) if noise > 0 else pain
        owners = [_DEPT_INDEX[STAGE_OWNER[s]] for s in STAGES + ("support",)]
        attention = seen * self.proximity[owners]
        if self.focus == "single_kpi":
            self.targets = (int(np.argmax(attention)),)
        else:
            self.targets = tuple(range(len(owners)))
        stage_names = STAGES + ("support",)
        depts = set()
        for s in self.targets:
            name = stage_names[s]
            depts.add(_DEPT_INDEX[STAGE_OWNER[name]])
            for a, b in HANDOFFS:
                if name in (a, b):
                    depts.add(_DEPT_INDEX[STAGE_OWNER[a]])
                    depts.add(_DEPT_INDEX[STAGE_OWNER[b]])
        self.target_depts[:] = False
        self.target_depts[list(depts)] = True
        for dept in m.departments:
            dept.suspended = False
        m.choose_champions(self.target_depts)
        ex = m.executive
        if m.week > self.start_week and ex.last_review_improved:
            self.political_capital = min(1.0, self.political_capital + 0.05)

    def _learn_playbook(self) -> None:
        m = self.model
        cfg = m.config
        p2 = cfg.leader.playbook_p2 * (0.3 + 0.7 * self.voc_accuracy)
        noise = cfg.company.voc_noise * (1.0 - self.voc_accuracy)
        for d, dept in enumerate(m.departments):
            rel = m.layout.relevant[d]
            listen = np.full(dept.members.size, self.proximity[d])
            self.playbook[rel] = kn.learn_code(
                self.playbook[rel], m.beliefs[dept.members][:, rel], m.reality[rel], p2, m.rng_programme, listen=listen, noise=noise
            )

    def _conflict(self, d: int) -> None:
        """A department fights the leader; the executive arbitrates (seed 003)."""
        m = self.model
        lev = m.config.levers
        dept = m.departments[d]
        dept.conflicts += 1
        dept.conflicts_total += 1
        self.conflicts += 1
        if m.executive.arbitrate(self.proximity[d]):
            self.political_capital = min(1.0, self.political_capital + 0.01)
            m.resistance[dept.members] += lev.conflict_resistance / 2
        else:
            self.conflicts_lost += 1
            self.political_capital -= lev.capital_loss
            m.resistance[dept.members] += lev.conflict_resistance
            dept.suspended = True
            dept.mandate = False
            m.train_effect[d] = 0.0
        np.clip(m.resistance, 0, 1, out=m.resistance)

    def _mandate_conflicts(self, pressure: np.ndarray) -> None:
        m = self.model
        a_eff = self.effective_authority()
        for d, dept in enumerate(m.departments):
            if not dept.mandate:
                continue
            gap = max(0.0, dept.weight - a_eff[d])
            p = m.config.levers.conflict_rate * dept.resistance * gap * pressure[d]
            if m.rng_programme.random() < p:
                self._conflict(d)

    def _take_budget(self, spend: dict) -> None:
        """A decision-maker funds the programme from the departments' budgets (seed 003)."""
        m = self.model
        lev = m.config.levers
        x = min(1.0, sum(spend.values()))
        m.resistance += lev.budget_resistance * x
        np.clip(m.resistance, 0, 1, out=m.resistance)
        for d, dept in enumerate(m.departments):
            if m.rng_programme.random() < lev.conflict_rate * dept.resistance * dept.weight * x:
                self._conflict(d)
