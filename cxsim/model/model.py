"""CXModel: the siloed company, its CX leader and its customers, one step per week.

The model builds the company and schedules the week; it owns the world (reality, the
departments' local codes, the customers) and wires the units that own the rest: the
:class:`~cxsim.model.workforce.Workforce` (employee arrays and their learning, turnover,
engagement, resistance), the :class:`~cxsim.model.feedback.CustomerFeedback` (what customers
tell the company), the pure kernels (``kernels/``) and the decision-making agents
(``agents/``; the CX leader returns its week's :class:`~cxsim.model.effort.ProgrammeEffort`,
which the model applies). Metrics are computed by :func:`cxsim.metrics.compute`. See
docs/ODD.md for the full description and the sources of each rule.
"""

from __future__ import annotations

from collections import deque
from typing import NamedTuple

import mesa
import numpy as np

from ..config import CXConfig, make_config, validate
from ..kernels import knowledge as kn
from ..kernels.customers import journey_week
from ..kernels.organisation import offer, stage_quality, turbulence
from ..kernels.journey import WeekInputs, expected_journey_starts, init_customers, initial_counts, mean_satisfaction
from ..kernels.queueing import agents_needed
from ..kernels.streams import handle, reseed, reseedable, seed_states
from ..metrics import WINDOW, compute
from ..params import DEPARTMENTS
from ..structure import ALL_STAGES, DEPT_INDEX, HANDOFF_DEPTS, STAGE_OWNER_INDEX, STAGES, build_layout
from .agents import Customer, CXLeader, Department, Employee, Executive
from .agents.department import CodeTasks, initial_codes
from .collector import MetricsCollector
from .decisions import Decisions
from .effort import ProgrammeEffort
from .events import Event
from .feedback import CustomerFeedback
from .forum import Forum
from .influence import fade_champions
from .money import Ledger
from .regroup import Regrouping
from .runin import RunIn
from .workforce import Workforce, engagement_factor

N_STAGES = len(STAGES)


class StreamHandles(NamedTuple):
    """The week's streams as compiled kernels draw from them (``kernels.streams.handle``)."""

    org: np.ndarray
    programme: np.ndarray
    customers: np.ndarray


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
        start_state = rng.bit_generator.state  # the no-programme twin starts from it (money.baseline)
        super().__init__(rng=rng)
        self.config = cfg
        # Common random numbers: each random process draws, each week, from its own substream
        # SeedSequence(root, spawn_key=(process, week)), so two scenarios run with the same seed
        # share the random numbers of every process they have in common (docs/ODD.md §1.3).
        self._stream_root = [int(v) for v in self.rng.integers(0, 2**32, size=4)]
        self._open_streams(0)
        self.events: list[Event] = []
        self.decisions = Decisions(len(DEPARTMENTS))  # the model's own rule until a workshop plays a role
        self._build_organisation()
        self.conflict_history: deque[int] = deque([0], maxlen=WINDOW)  # conflicts per week
        # weeks −burn_in_weeks … −1: the company (and, for the last weeks, its customers) reach
        # their steady state; the customers are built when they join (docs/ODD.md §3.1)
        counts = RunIn(self).run()
        rows = np.linspace(0, self.config.customers.n - 1, min(self.config.customers.n, SAMPLE_CUSTOMERS)).astype(int)
        self.customer_sample = [Customer(self, row=int(r)) for r in np.unique(rows)]
        counts = counts if counts is not None else initial_counts(self.customers)
        self.ledger = Ledger(self, start_state)
        self.ledger.close_week(counts)
        self.metrics = compute(self, counts)
        self._baseline_at_start()
        self.datacollector = MetricsCollector()
        self.running = True
        self.datacollector.collect(self)

    # ------------------------------------------------------------------ construction
    def _build_organisation(self) -> None:
        """The company, drawn from ``self.rng`` in this order: the network's seed, reality, the
        local codes, the employees' beliefs, engagement and resistance."""
        c = self.config.company
        rng = self.rng
        self.layout = build_layout(c)
        stage_dims = [self.layout.quality_dims(name) for name in ALL_STAGES]
        ends = np.cumsum([d.size for d in stage_dims])
        self._no_redesign = np.zeros(len(ALL_STAGES))
        self._quality_dims = (np.concatenate(stage_dims).astype(np.int64), np.concatenate(([0], ends[:-1])).astype(np.int64), ends.astype(np.int64))
        network_seed = int(rng.integers(2**31 - 1))
        self.reality = kn.random_reality(rng, self.layout.m)
        self.local_codes = initial_codes(c, self.layout, self.reality, rng)
        k = int(round(c.digital_team_weight * self.layout.promise.size))
        self.digital_dims = self.layout.promise[:k]
        self._apply_digital_team()
        self.workforce = Workforce(c, self.layout, self.local_codes, network_seed, rng)
        self.effort = ProgrammeEffort.none(len(DEPARTMENTS))

        Employee.create_agents(self, self.workforce.size, row=list(range(self.workforce.size)))
        self.employees = list(self.agents_by_type[Employee])
        self.departments = [Department(self, index=i, name=name) for i, name in enumerate(DEPARTMENTS)]
        self.code_tasks = CodeTasks.departments(self.departments, self.workforce)
        self.executive = Executive(self)
        self.leader = CXLeader(self) if self.config.leader.enabled else None
        self.forum = Forum(self)  # governance.* (none by default)
        self.regrouping = Regrouping(self)  # structure.merge.* (none by default)

    def build_customers(self) -> None:
        """Customers near the stationary mix (their initial satisfaction reflects the organisation
        as it is when they join, not yet loaded); stage capacities and support agents sized to the
        nominal demand. Draws from the model's ``rng`` (nothing else does after construction)."""
        p = self.config.customers
        quality = self.stage_quality(np.zeros(N_STAGES))
        self.customers = init_customers(p, self.rng, float(quality[:N_STAGES].mean()))
        flow = expected_journey_starts(p) * p.n
        self.base_capacity = p.capacity_margin * flow
        incidents0 = self.incident_probabilities()
        contacts_per_hour = (p.n * p.initial_active * p.contact_rate + flow * incidents0.sum()) / p.open_hours
        self.base_agents = agents_needed(contacts_per_hour, 3600.0, p.aht_s, p.answer_target_s, p.service_level_target)
        self.feedback = CustomerFeedback(p, incidents0)
        self.quality = self.stage_quality(self.feedback.load)

    def _open_streams(self, week: int) -> None:
        """This week's substreams: ``rng_org`` (turbulence and the organisation's learning),
        ``rng_programme`` (everything the CX programme decides or causes) and ``rng_customers``
        (the journey). The model's own ``rng`` builds the company at construction. Weeks of the
        run-in (negative) have their own keys (3 + process, weeks before week 0). After the
        first week the same three generators are reseeded in place (``streams.reseed``: the
        state a new generator of that key would have, without building one)."""
        first, counter = (0, week) if week >= 0 else (3, -week)  # spawn keys (first + process, counter)
        if getattr(self, "_reseedable", None) is not None:
            reseed(self._reseedable, self._seeds(first, counter))
            return
        self.rng_org, self.rng_programme, self.rng_customers = (
            np.random.Generator(np.random.PCG64(np.random.SeedSequence(self._stream_root, spawn_key=(first + k, counter)))) for k in range(3)
        )
        self.handles = StreamHandles(handle(self.rng_org), handle(self.rng_programme), handle(self.rng_customers))
        self._reseedable = reseedable((self.rng_org, self.rng_programme, self.rng_customers))
        self._seed_chunks: dict = {}

    def _seeds(self, first: int, counter: int) -> np.ndarray:
        """(3, 4) the SeedSequence states of the three streams of key (first + k, counter),
        computed for 256 counters at a time (``streams.seed_states``)."""
        chunk = self._seed_chunks.get((first, counter >> 8))
        if chunk is None:
            counters = np.arange(counter >> 8 << 8, (counter >> 8 << 8) + 256)
            chunk = np.stack([seed_states(self._stream_root, first + k, counters) for k in range(3)], axis=1)
            self._seed_chunks[first, counter >> 8] = chunk
        return chunk[counter & 255]

    def substream(self, process: int) -> np.random.Generator:
        """This week's generator of a random process added after the three above (6: the
        regrouping, 7: the champions' fading): SeedSequence(root, spawn_key=(process, week)), so
        a process that draws leaves every other process's numbers unchanged."""
        return np.random.Generator(np.random.PCG64(np.random.SeedSequence(self._stream_root, spawn_key=(process, self.week))))

    # ------------------------------------------------------------------ views for the browser
    @property
    def week(self) -> int:
        return int(self.steps)

    @property
    def graph(self):
        return self.workforce.graph

    @property
    def dept_of(self) -> np.ndarray:
        return self.workforce.dept_of

    @property
    def champion(self) -> np.ndarray:
        return self.workforce.champion

    @property
    def ties(self) -> np.ndarray:
        return self.workforce.ties

    def record(self, kind: str, actor: str, target: str, **detail) -> None:
        """Add an :class:`~cxsim.model.events.Event` of this week to ``self.events``."""
        self.events.append(Event(self.week, kind, actor, target, detail))

    # ------------------------------------------------------------------ derived state
    def stage_quality(self, load: np.ndarray) -> np.ndarray:
        """(5,) quality of purchase, billing, delivery, installation and support, in [0, 1].

        The owning department's mean probability of acting as customers value on the stage's
        dimensions and the shared promise (0-beliefs act at random), × the engagement factor
        (``company.engagement_output``), × (1 − ``customers.load_penalty`` × utilisation²)
        with ``load`` the utilisation the four journey stages' staff feel.
        """
        wf = self.workforce
        quality = np.empty(len(ALL_STAGES))
        factor = engagement_factor(wf.dept_mean(wf.engagement), self.config.company)
        dims, lo, hi = self._quality_dims
        stage_quality(wf.beliefs, self.reality, wf.starts, wf.sizes, STAGE_OWNER_INDEX, dims, lo, hi, factor,
                      np.asarray(load, dtype=float), float(self.config.customers.load_penalty), quality)
        return quality

    def incident_probabilities(self) -> np.ndarray:
        """(4,) incident probability per handoff: floor + risk × disagreement × (1 − protection
        × ties), at most 1."""
        p = self.config.customers
        ties = self.workforce.ties[HANDOFF_DEPTS[:, 0], HANDOFF_DEPTS[:, 1]]
        return np.minimum(1.0, p.handoff_floor + p.handoff_risk * self.workforce.practice_disagreement() * (1.0 - p.tie_protection * ties))

    def stage_pain(self) -> np.ndarray:
        """(5,) what hurts customers at each stage: dissatisfaction there plus the incident
        rate of the handoff leaving it (support: unanswered share and poor quality)."""
        fb, lead = self.feedback, self.config.leader
        sat = np.nan_to_num(fb.stage_sat, nan=lead.unseen_satisfaction)
        pain = np.empty(len(ALL_STAGES))
        pain[:N_STAGES] = (1.0 - sat) + fb.incident_rate
        pain[-1] = (1.0 - fb.service_level) + (1.0 - self.stage_quality(fb.load)[-1]) * lead.support_quality_pain
        return pain

    def effective_authority(self) -> np.ndarray:
        if self.leader is None:
            return np.zeros(len(DEPARTMENTS))
        return self.leader.effective_authority()

    def _apply_digital_team(self) -> None:
        """A small digital team (IT) decides the promise for everyone (seed 001, lack of vision)."""
        if self.digital_dims.size:
            self.local_codes[:, self.digital_dims] = self.local_codes[DEPT_INDEX["it"], self.digital_dims]

    # ------------------------------------------------------------------ the week
    def step(self) -> None:
        """One week: the world and the programme move (:meth:`advance`), then the metrics."""
        self._open_streams(self.week)
        counts = self.advance(programme=True)
        self.ledger.close_week(counts)
        self.metrics = compute(self, counts)
        self._baseline_at_start()
        self.datacollector.collect(self)

    def advance(self, programme: bool = True):
        """The week's events in order (docs/ODD.md §1.3): the organisation's week, then the
        customers' (journey and what they tell the company). Returns the customer counts."""
        self.advance_organisation(programme)
        inputs, capacity = self._week_inputs()
        counts = journey_week(self.customers, inputs, self.config.customers, self.handles.customers)
        self.feedback.observe(counts, capacity[:N_STAGES])
        return counts

    def advance_organisation(self, programme: bool = True) -> None:
        """Turbulence; the executive's review and the leader's decisions (``programme``; the
        run-in has none); the departments' codes; the employees' learning, turnover, engagement
        and resistance. Without a programme nothing here reads the customers, so the run-in can
        run the organisation alone before the customers join (``RunIn``)."""
        c, lev = self.config.company, self.config.levers
        wf = self.workforce
        if turbulence(self.handles.org, self.reality, float(c.p4)):  # in place (kernels.organisation)
            wf.reality_changed()
        running = programme and self.leader is not None and self.week >= self.leader.start_week
        if programme:
            self.executive.step()
        if running:  # the forum meets and the regrouped departments move before the leader decides
            self.forum.step()
            self.regrouping.position()
        self._apply(self.leader.step() if programme and self.leader is not None else ProgrammeEffort.none(len(DEPARTMENTS)))
        if running:
            fade_champions(self)
        Department.step_all(self)
        if running:
            self.regrouping.step()
        self._apply_digital_team()
        playbook = self.leader.playbook if self.leader is not None else None
        wf.learn(self.local_codes, playbook, self.effective_authority(), self.effort, lev, self.reality, self.handles.programme, self.handles.org)
        wf.turnover(self.handles.org)
        if programme:
            accuracy = self.leader.voc_accuracy if self.leader is not None else 0.0
            visible = self.feedback.visible_improvement(accuracy, lev)
        else:  # no programme, nothing improved since it started
            visible = np.zeros(len(DEPARTMENTS))
        for d, department in enumerate(self.departments):
            department.visible = float(visible[d])
        wf.people(self.effort, visible, np.array([d.disruption for d in self.departments]), lev)
        self.conflict_history.append(len(self.effort.conflicts))

    def _apply(self, effort: ProgrammeEffort) -> None:
        """Carry out the programme's effort of the week (returned by the CX leader)."""
        self.effort = effort
        wf = self.workforce
        if effort.champions is not None:
            wf.set_champions(effort.champions)
        if effort.new_ties is not None:
            wf.add_ties(*effort.new_ties)
        for dept, amount in effort.resistance_shocks:
            wf.apply_shock(dept, amount)
        for d, department in enumerate(self.departments):
            department.mandate = bool(effort.mandates[d])
            department.suspended = bool(effort.suspended[d])
            department.conflicts = sum(1 for dd, _ in effort.conflicts if dd == d)
            department.conflicts_total += department.conflicts

    def _baseline_at_start(self) -> None:
        """Where customers stood when the programme starts (visible improvement is measured
        from there)."""
        if self.leader is not None and self.week == self.leader.start_week:
            self.feedback.set_baseline(mean_satisfaction(self.customers))

    def _week_inputs(self) -> tuple[WeekInputs, np.ndarray]:
        """What the organisation offers customers this week, and the stages' capacity without
        process redesign (the staff's load is measured against it)."""
        p, lev, wf, company = self.config.customers, self.config.levers, self.workforce, self.config.company
        n = len(ALL_STAGES)
        quality, staffed, capacity, redesign = np.empty(n), np.empty(n), np.empty(n), np.empty(n)
        incident, eng_ratio = np.empty(len(HANDOFF_DEPTS)), np.empty(len(DEPARTMENTS))
        stock = self.leader.redesign_stock if self.leader is not None else self._no_redesign
        dims, lo, hi = self._quality_dims
        scalars = np.array([company.engagement_output, engagement_factor(company.engagement, company), p.load_penalty, lev.redesign_gain,
                            lev.redesign_half, self.base_capacity, p.handoff_floor, p.handoff_risk, p.tie_protection])
        # quality of each stage (stage_quality), capacity staffed in proportion to engagement
        # (× a regrouping's capacity dip) and × 1 + redesign_gain × stock / (stock + redesign_half), incident probabilities
        # (incident_probabilities): one compiled call (kernels.organisation.offer)
        offer(wf.beliefs, self.reality, wf.starts, wf.sizes, STAGE_OWNER_INDEX, dims, lo, hi, wf.engagement, self.feedback.load, stock,
              wf.ties, HANDOFF_DEPTS[:, 0], HANDOFF_DEPTS[:, 1], wf.practice_disagreement(), self.regrouping.capacity, scalars, quality, staffed,
              capacity, incident, eng_ratio, redesign)
        self.quality = quality
        inputs = WeekInputs(
            quality=quality[:N_STAGES],
            capacity=capacity[:N_STAGES],
            incident_prob=incident,
            ongoing_quality=float(p.ongoing_billing_share * quality[1] + (1.0 - p.ongoing_billing_share) * quality[-1]),
            agents=max(1, int(round(self.base_agents * eng_ratio[DEPT_INDEX["customer_service"]] * redesign[-1] * self.regrouping.capacity[DEPT_INDEX["customer_service"]]))),
            nps=self.feedback.nps,
        )
        return inputs, staffed
