"""CXModel: the siloed company, its CX leader and its customers, one step per week.

The model wires and schedules; the mechanisms live in pure kernels (``knowledge.py`` for
organisational learning, ``journey.py`` for customers) and in the decision-making agents
(``agents/``). See docs/ODD.md for the full description and the sources of each rule.
"""

from __future__ import annotations

import mesa
import numpy as np
from mesa.datacollection import DataCollector

from ..kernels import knowledge as kn
from .agents import Customer, CXLeader, Department, Employee, Executive
from ..config import DEPARTMENTS, CXConfig, make_config, validate
from ..kernels.diffusion import organic_step
from ..kernels.journey import PURCHASE, WeekInputs, expected_journey_starts, init_customers, journey_step
from ..metrics import WINDOW, Window, nps_from_counts, rates, reporters
from ..structure import (
    HANDOFFS,
    STAGE_OWNER,
    STAGES,
    adjacency,
    build_layout,
    build_network,
    department_sizes,
    tie_ratio,
)
from ..kernels.queueing import agents_needed

_DEPT = {d: i for i, d in enumerate(DEPARTMENTS)}
ALL_STAGES = STAGES + ("support",)
_OWNER = np.array([_DEPT[STAGE_OWNER[s]] for s in ALL_STAGES])
_HANDOFF_DEPTS = np.array([[_DEPT[STAGE_OWNER[a]], _DEPT[STAGE_OWNER[b]]] for a, b in HANDOFFS])
LOAD_PENALTY = 0.15  # quality lost by a stage working at full capacity (assumption)
SAMPLE_CUSTOMERS = 200  # Customer agents created as views, for inspection and the browser


class CXModel(mesa.Model):
    """A CX transformation inside a siloed company (DESIGN §2).

    Args:
        config: a :class:`~cxsim.config.CXConfig`, a nested dict, an OmegaConf config or None
            (defaults). Validated before anything is built.
        seed: root seed; when given it overrides ``config.seed``.
        rng: a numpy Generator to use instead (the runner passes one per replicate, spawned
            from the job's SeedSequence). Give ``seed`` or ``rng``, not both.
        **overrides: dotted parameters written with double underscores, e.g.
            ``leader__authority=0.3`` (handy in notebooks and the browser app).
    """

    def __init__(self, config: CXConfig | dict | None = None, seed: int | None = None, rng=None, **overrides):
        if isinstance(config, CXConfig) and not overrides:
            cfg = validate(config)
        else:
            cfg = make_config(config, **overrides)
        if seed is not None and rng is not None:
            raise ValueError("give seed or rng, not both")
        if seed is not None:  # checked like the config's seed: a whole number in its range, one line
            seed = make_config(seed=seed).seed
        if rng is None:
            rng = np.random.default_rng(np.random.SeedSequence(int(cfg.seed if seed is None else seed)))
        super().__init__(rng=rng)
        self.config = cfg
        # Common random numbers: each random process draws, each week, from its own substream
        # SeedSequence(root, spawn_key=(process, week)), so two scenarios run with the same seed
        # share the random numbers of every process they have in common (docs/ODD.md §1.3).
        self._stream_root = [int(v) for v in self.rng.integers(0, 2**32, size=4)]
        self._open_streams(0)
        self._build_organisation()
        self._build_customers()
        self.metrics: dict = {}
        self._window = Window(WINDOW)
        self._conflict_window: list[int] = []
        self.nps = 0.0
        self._stage_sat = np.full(len(STAGES), np.nan)
        self._baseline_stage_sat: np.ndarray | None = None
        self._baseline_nps: float | None = None
        self._left = 0
        self._update_metrics(None)
        self.datacollector = DataCollector(model_reporters={"week": lambda m: m.week, **reporters()})
        self.running = True
        self.datacollector.collect(self)

    # ------------------------------------------------------------------ construction
    def _build_organisation(self) -> None:
        c = self.config.company
        rng = self.rng
        self.layout = lay = build_layout(c)
        self.sizes = department_sizes(c.employees)
        self.dept_of = np.repeat(np.arange(len(DEPARTMENTS)), self.sizes)
        self._dept_starts = np.concatenate(([0], np.cumsum(self.sizes)[:-1]))
        n = int(self.sizes.sum())
        self.graph = build_network(self.sizes, c.silo, c.mean_degree, seed=int(rng.integers(2**31 - 1)))
        self._refresh_ties()

        self.reality = kn.random_reality(rng, lay.m)
        # Local codes: right about their own stage with prob local_competence, divergent views
        # on the shared promise with prob code_divergence, no view elsewhere.
        codes = np.zeros((len(DEPARTMENTS), lay.m), dtype=np.int8)
        promise = np.zeros(lay.m, bool)
        promise[lay.promise] = True
        for d in range(len(DEPARTMENTS)):
            own = lay.relevant[d] & ~promise
            u = rng.random(lay.m)
            right = np.where(u < c.local_competence, self.reality, np.where(u < c.local_competence + (1 - c.local_competence) / 2, 0, -self.reality))
            views = np.where(rng.random(lay.m) < c.code_divergence, rng.choice(np.array([-1, 1], np.int8), lay.m), 0)
            codes[d] = np.where(own, right, np.where(promise, views, 0))
        self.local_codes = codes
        k = int(round(c.digital_team_weight * lay.promise.size))
        self.digital_dims = lay.promise[:k]
        self._apply_digital_team()

        beliefs = kn.random_beliefs(rng, n, lay.m)
        own_code = self.local_codes[self.dept_of]
        take = (rng.random((n, lay.m)) < c.socialised) & (own_code != 0)
        self.beliefs = np.where(take, own_code, beliefs).astype(np.int8)
        self.engagement0 = np.clip(rng.normal(c.engagement, 0.1, n), 0, 1)
        self.engagement = self.engagement0.copy()
        self.resistance0 = np.clip(rng.normal(c.head_resistance, 0.1, n), 0, 1)
        self.resistance = self.resistance0.copy()
        self.champion = np.zeros(n, dtype=bool)
        self.train_effect = np.zeros(len(DEPARTMENTS))
        self.champion_effect = np.zeros(len(DEPARTMENTS))
        self.ex_effect = 0.0
        self._scores = self._disagreement = None

        Employee.create_agents(self, n, row=list(range(n)))
        self.employees = list(self.agents_by_type[Employee])
        self.departments = [Department(self, index=i, name=name) for i, name in enumerate(DEPARTMENTS)]
        self.executive = Executive(self, sponsorship=self.config.executive.sponsorship)
        self.leader = CXLeader(self) if self.config.leader.enabled else None

    def _build_customers(self) -> None:
        p = self.config.customers
        quality = self.stage_quality()
        self.customers = init_customers(p, self.rng, float(quality[: len(STAGES)].mean()))
        self._sat_buf = np.empty(p.n, dtype=np.float32)
        flow = expected_journey_starts(p) * p.n
        self.base_capacity = p.capacity_margin * flow
        incidents0 = self.incident_probabilities().sum()
        contacts_per_hour = (p.n * p.initial_active * p.contact_rate + flow * incidents0) / p.open_hours
        self.base_agents = agents_needed(contacts_per_hour, 3600.0, p.aht_s, p.answer_target_s, 0.8)
        self._last_load = np.full(len(STAGES), 0.9)
        rows = np.linspace(0, p.n - 1, min(p.n, SAMPLE_CUSTOMERS)).astype(int)
        self.customer_sample = [Customer(self, row=int(r)) for r in np.unique(rows)]

    def customer(self, row: int) -> Customer:
        """A Customer view of any row (created on demand; registered with the model)."""
        return Customer(self, row=row)

    def _open_streams(self, week: int) -> None:
        """This week's substreams: ``rng_org`` (turbulence and the organisation's learning),
        ``rng_programme`` (everything the CX programme decides or causes) and ``rng_customers``
        (the journey). The model's own ``rng`` builds the company at construction."""
        self.rng_org, self.rng_programme, self.rng_customers = (
            np.random.Generator(np.random.PCG64(np.random.SeedSequence(self._stream_root, spawn_key=(k, week)))) for k in range(3)
        )

    # ------------------------------------------------------------------ derived state
    @property
    def week(self) -> int:
        return int(self.steps)

    def employee_scores(self) -> np.ndarray:
        """March's knowledge of each employee, on the dimensions its department works on."""
        if self._scores is None:
            rel = self.layout.relevant[self.dept_of]
            right = (self.beliefs == self.reality) & rel
            self._scores = right.sum(axis=1) / rel.sum(axis=1)
        return self._scores

    def _dept_mean(self, values: np.ndarray) -> np.ndarray:
        sums = np.bincount(self.dept_of, weights=values, minlength=len(DEPARTMENTS))
        return sums / self.sizes

    def stage_quality(self) -> np.ndarray:
        """(5,) quality of purchase, billing, delivery, installation and support, in [0, 1].

        The owning department's mean probability of acting as customers value on the stage's
        dimensions and the shared promise (0-beliefs act at random), × (0.7 + 0.3 ×
        engagement), × (1 − LOAD_PENALTY × utilisation²) with the smoothed served/capacity.
        """
        agree = self.beliefs * self.reality  # +1 right, 0 unsure, −1 wrong
        quality = np.empty(len(ALL_STAGES))
        eng = self._dept_mean(self.engagement)
        for s, name in enumerate(ALL_STAGES):
            d = _OWNER[s]
            rows = self.dept_of == d
            dims = self.layout.quality_dims(name)
            match = (1.0 + agree[rows][:, dims].mean()) / 2.0
            quality[s] = match * (0.7 + 0.3 * eng[d])
        load = getattr(self, "_last_load", np.zeros(len(STAGES)))
        quality[: len(STAGES)] *= 1.0 - LOAD_PENALTY * np.clip(load, 0.0, 1.0) ** 2
        return quality

    def practice_disagreement(self) -> np.ndarray:
        """(4,) chance that the two departments of each handoff act differently on a promise dim.

        Computed once per change of beliefs (cached with the knowledge scores)."""
        if self._disagreement is None:
            # employees are stored department by department (dept_of is sorted): one segment sum
            sums = np.add.reduceat(self.beliefs[:, self.layout.promise], self._dept_starts, axis=0, dtype=np.int64)
            mean_action = sums / self.sizes[:, None]
            a, b = mean_action[_HANDOFF_DEPTS[:, 0]], mean_action[_HANDOFF_DEPTS[:, 1]]
            self._disagreement = ((1.0 - a * b) / 2.0).mean(axis=1)
        return self._disagreement

    def incident_probabilities(self) -> np.ndarray:
        """(4,) incident probability per handoff: risk × disagreement × (1 − protection × ties)."""
        p = self.config.customers
        ties = self.ties[_HANDOFF_DEPTS[:, 0], _HANDOFF_DEPTS[:, 1]]
        return p.handoff_risk * self.practice_disagreement() * (1.0 - p.tie_protection * ties)

    def stage_pain(self) -> np.ndarray:
        """(5,) what hurts customers at each stage: dissatisfaction there plus the incident
        rate of the handoff leaving it (support: unanswered share and poor quality)."""
        sat = np.nan_to_num(self._stage_sat, nan=0.5)
        handoff = np.array([self.metrics.get(f"incident_rate_{a}_{b}", 0.0) for a, b in HANDOFFS])
        pain = np.empty(len(ALL_STAGES))
        pain[: len(STAGES)] = (1.0 - sat) + handoff
        pain[-1] = (1.0 - self.metrics.get("support_service_level", 1.0)) + (1.0 - self.stage_quality()[-1]) / 2
        return pain

    def effective_authority(self) -> np.ndarray:
        if self.leader is None:
            return np.zeros(len(DEPARTMENTS))
        return self.leader.effective_authority()

    # ------------------------------------------------------------------ organisation helpers
    def _refresh_ties(self) -> None:
        self.adj = adjacency(self.graph)
        self.ties = tie_ratio(self.adj, self.dept_of, len(DEPARTMENTS))

    def add_cross_ties(self, k: int, target_depts: np.ndarray) -> None:
        """Communities of practice: k new ties between employees of different departments,
        at least one of them in a target department."""
        if k <= 0:
            return
        in_target = np.flatnonzero(target_depts[self.dept_of])
        if in_target.size == 0:
            return
        a = self.rng_programme.choice(in_target, k)
        b = self.rng_programme.integers(0, self.dept_of.size, k)
        keep = self.dept_of[a] != self.dept_of[b]
        self.graph.add_edges_from(zip(a[keep].tolist(), b[keep].tolist()))
        self._refresh_ties()

    def choose_champions(self, target_depts: np.ndarray) -> None:
        share = self.config.levers.champion_share * self.champion_effect_next(target_depts)
        self.champion = self.rng_programme.random(self.dept_of.size) < share[self.dept_of]

    def champion_effect_next(self, target_depts: np.ndarray) -> np.ndarray:
        if self.leader is None or self.leader.strategy == "top_down":
            return np.zeros(len(DEPARTMENTS))
        return target_depts.astype(float)

    def _apply_digital_team(self) -> None:
        """A small digital team (IT) decides the promise for everyone (seed 001, lack of vision)."""
        if self.digital_dims.size:
            self.local_codes[:, self.digital_dims] = self.local_codes[_DEPT["it"], self.digital_dims]

    # ------------------------------------------------------------------ the week
    def step(self) -> None:
        c = self.config.company
        self._open_streams(self.week)
        self.reality = kn.turbulence(self.reality, c.p4, self.rng_org)
        self._scores = None  # knowledge is measured against reality; disagreement is not
        for dept in self.departments:
            dept.conflicts = 0  # this week's count; the leader's step records new ones
        self.executive.step()
        if self.leader is not None:
            self.leader.step()
        for dept in self.departments:
            dept.step()
        self._apply_digital_team()
        self._learn()
        self._people()
        counts = journey_step(self.customers, self._week_inputs(), self.config.customers, self.rng_customers)
        self._update_metrics(counts)
        self.datacollector.collect(self)

    def _learn(self) -> None:
        """Socialisation towards the code each employee follows, interpersonal learning, turnover."""
        c, lev = self.config.company, self.config.levers
        dept = self.dept_of
        # Prescription needs both the right and the means: the playbook overlays the local code
        # with probability effective authority × training effect × (1 − resistance).
        # Champions follow it by choice (organic change needs no authority).
        overlay = (self.effective_authority() * self.train_effect)[dept] * (1.0 - self.resistance)
        overlay[self.champion] = 1.0
        codes = self.local_codes[dept]
        if self.leader is not None and overlay.any():
            follows = self.rng_programme.random(dept.size) < overlay
            pb = self.leader.playbook
            codes = np.where(follows[:, None] & (pb != 0), pb, codes)
        p1 = (c.p1 + (lev.train_p1 - c.p1) * self.train_effect[dept]) * (1.0 - 0.5 * self.resistance)
        p1[self.champion] = np.maximum(p1[self.champion], lev.train_p1)
        # Socialisation (push) and interpersonal learning (imitation) compete within the week,
        # both read from the start-of-week state: on a well-mixed network this is Bass (1969).
        p_ip = c.p_ip + (lev.champion_p_ip - c.p_ip) * self.champion_effect[dept]
        self.beliefs = organic_step(self.beliefs, codes, p1, self.employee_scores(), p_ip, self.rng_org, self.adj.indptr, self.adj.indices)
        self._scores = self._disagreement = None
        p3 = c.p3 * (1.6 - self.engagement) / max(1.6 - c.engagement, 1e-9)
        self.beliefs, left = kn.turnover(self.beliefs, np.clip(p3, 0, 1), self.rng_org)
        self.engagement[left] = self.engagement0[left]
        self.resistance[left] = self.resistance0[left]
        self.champion[left] = False
        self._left = int(left.sum())
        self._scores = self._disagreement = None

    def _people(self) -> None:
        """Engagement moves towards its target (EX spending, resistance); resistance rises with
        mandates that show no customer result and falls when results become visible."""
        lev = self.config.levers
        dept = self.dept_of
        target = self.engagement0 + (1 - self.engagement0) * lev.ex_gain * self.ex_effect
        target -= 0.3 * np.clip(self.resistance - self.resistance0, 0, None)
        self.engagement += lev.engagement_lag * (np.clip(target, 0, 1) - self.engagement)
        visible = self._visible_improvement()
        # a mandate presses as hard as the training behind it (no pressure, no push-back)
        mandate = np.array([d.mandate for d in self.departments], dtype=float) * self.train_effect
        for d, department in enumerate(self.departments):
            department.visible = float(visible[d])
        dr = lev.mandate_resistance * mandate * (1 - visible) - lev.relief_resistance * visible
        self.resistance += dr[dept] - 0.25 * lev.relief_resistance * self.ex_effect
        self.resistance += lev.resistance_memory * (self.resistance0 - self.resistance)
        np.clip(self.resistance, 0, 1, out=self.resistance)
        np.clip(self.engagement, 0, 1, out=self.engagement)

    def _visible_improvement(self) -> np.ndarray:
        """(n_dept,) in [0, 1]: improvement customers report on each department's stages since
        the programme started, as far as the voice of the customer lets people see it."""
        if self.leader is None or self._baseline_stage_sat is None:
            return np.zeros(len(DEPARTMENTS))
        seen = self.leader.voc_accuracy
        gain_nps = np.clip((self.nps - self._baseline_nps) / 10.0, 0, 1)
        out = np.full(len(DEPARTMENTS), gain_nps)
        delta = np.nan_to_num(self._stage_sat - self._baseline_stage_sat)
        for s, name in enumerate(STAGES):
            out[_OWNER[s]] = np.clip(delta[s] / 0.05, 0, 1)
        return out * seen

    def _week_inputs(self) -> WeekInputs:
        lev = self.config.levers
        quality = self.stage_quality()
        eng = self._dept_mean(self.engagement)
        eng0 = 0.7 + 0.3 * self.config.company.engagement
        eng_ratio = (0.7 + 0.3 * eng) / eng0
        stock = self.leader.redesign_stock if self.leader is not None else np.zeros(len(ALL_STAGES))
        redesign = 1.0 + lev.redesign_gain * stock / (stock + 0.25)
        capacity = self.base_capacity * eng_ratio[_OWNER] * redesign
        self._quality = quality
        return WeekInputs(
            quality=quality[: len(STAGES)],
            capacity=capacity[: len(STAGES)],
            incident_prob=self.incident_probabilities(),
            ongoing_quality=float((quality[1] + quality[-1]) / 2),
            agents=max(1, int(round(self.base_agents * eng_ratio[_DEPT["customer_service"]] * redesign[-1]))),
            nps=self.nps,
        )

    # ------------------------------------------------------------------ metrics
    def _update_metrics(self, counts) -> None:
        m = self.metrics
        cust = self.customers
        if counts is not None:
            self._window.push(counts)
        w = self._window
        served = w.total("served")
        self.nps = nps_from_counts(w.total("promoters"), w.total("detractors"), w.total("responses"), self.nps)
        experience = w.total("experience")
        self._stage_sat = np.where(np.asarray(served) > 0, rates(experience, served), np.nan) if counts is not None else self._stage_sat
        incident_rate = rates(w.total("incidents"), served) if counts is not None else self.incident_probabilities()
        disagreement = self.practice_disagreement()
        quality = getattr(self, "_quality", None)
        if quality is None:
            quality = self.stage_quality()
        in_customer = cust.state >= PURCHASE
        m["nps"] = float(self.nps)
        n_in = np.count_nonzero(in_customer)
        # mean satisfaction of customers (not prospects) without compacting a masked copy
        m["satisfaction"] = float(np.multiply(cust.sat, in_customer, out=self._sat_buf).sum(dtype=np.float64) / n_in) if n_in else 0.0
        m["churn_rate"] = float(counts.churned / counts.active_start) if counts is not None and counts.active_start else 0.0
        m["acquisitions"] = float(counts.acquisitions) if counts is not None else 0.0
        m["active_customers"] = float(np.count_nonzero(cust.state == 5))
        m["journeys_completed"] = float(counts.completions) if counts is not None else 0.0
        m["customer_friction"] = float(100.0 * np.sum(incident_rate))
        conflicts = self.leader.conflicts if (self.leader is not None and counts is not None) else 0
        self._conflict_window = (self._conflict_window + [conflicts])[-WINDOW:]
        m["conflicts"] = float(conflicts)
        m["conflicts_total"] = float(sum(d.conflicts_total for d in self.departments))
        m["resistance"] = float(self.resistance.mean())
        m["internal_friction"] = float(0.5 * m["resistance"] + 0.5 * min(1.0, sum(self._conflict_window) / WINDOW))
        m["engagement"] = float(self.engagement.mean())
        m["employee_knowledge"] = float(self.employee_scores().mean())
        m["playbook_knowledge"] = float(kn.code_alignment(self.leader.playbook, self.reality)) if self.leader is not None else 0.0
        m["practice_disagreement"] = float(disagreement.mean())
        m["turnover"] = float(self._left / self.dept_of.size)
        m["political_capital"] = float(self.leader.political_capital) if self.leader is not None else 0.0
        m["sponsorship"] = float(self.executive.sponsorship)
        m["effective_authority"] = float(self.effective_authority().mean())
        m["support_service_level"] = float(counts.service_level) if counts is not None else 1.0
        m["support_asa"] = float(counts.asa) if counts is not None else 0.0
        m["support_contacts"] = float(counts.contacts) if counts is not None else 0.0
        spend = self.leader.spend if self.leader is not None else {}
        for cat in ("voc", "training", "champions", "ex", "redesign"):
            m[f"spend_{cat}"] = float(spend.get(cat, 0.0))
        for s, name in enumerate(STAGES):
            m[f"quality_{name}"] = float(quality[s])
            m[f"in_stage_{name}"] = float(counts.in_stage[s]) if counts is not None else float(np.count_nonzero(cust.state == s + 1))
            m[f"waiting_{name}"] = float(counts.waiting[s]) if counts is not None else 0.0
            sat_s = self._stage_sat[s]
            m[f"stage_satisfaction_{name}"] = float(sat_s) if np.isfinite(sat_s) else float(m["satisfaction"])
        for h, (a, b) in enumerate(HANDOFFS):
            m[f"incident_rate_{a}_{b}"] = float(incident_rate[h])
            m[f"disagreement_{a}_{b}"] = float(disagreement[h])
        if counts is not None:
            # utilisation smoothed over about a quarter (staff feel sustained load, not one week)
            self._last_load += 0.1 * (rates(counts.served, self._capacity_now()) - self._last_load)
        if self.leader is not None and self.week == self.leader.start_week:
            self._baseline_stage_sat = np.nan_to_num(self._stage_sat.copy(), nan=m["satisfaction"])
            self._baseline_nps = self.nps

    def _capacity_now(self) -> np.ndarray:
        eng = self._dept_mean(self.engagement)
        eng_ratio = (0.7 + 0.3 * eng) / (0.7 + 0.3 * self.config.company.engagement)
        return self.base_capacity * eng_ratio[_OWNER[: len(STAGES)]]
