"""A deliberately plain, per-agent Mesa version of the customer journey (DESIGN §4, issue 5).

One :class:`RefCustomer` (a ``mesa.Agent``) per customer, with the rules of
:func:`cxsim.kernels.journey.journey_step` written out in plain Python: no numpy anywhere in the
per-customer logic, random numbers from the model's ``random.Random``. It serves two purposes:

* **docking** (:mod:`cxsim.validation.reference`): fed the same fixed
  :class:`~cxsim.kernels.journey.WeekInputs`, it must give the same distributions as the vectorised
  kernel (time in journey, incidents, satisfaction at completion, NPS answers, churn);
* **baseline** of the speed ratio in ``benchmarks/run_all.py`` (customer-steps per second;
  ``python benchmarks/reference_agents.py 10000 20`` for a quick figure).

The week, as in the kernel (every decision uses the state at the start of the week, so a
customer moves at most one stage a week):

1. ``begin_week`` (every customer): draw the week's three uniforms ``u, v, x``; a journey
   customer whose *overall* satisfaction (below) is below ``abandon_threshold`` walks away (back to prospect)
   with probability ``min(1, 5 × churn_max)`` (uses ``x``); the others are counted in their
   stage.
2. ``step`` (``model.agents.shuffle_do("step")``):

   * journey customer in stage s: served with probability ``min(1, capacity_s / n_in_stage_s)``
     (uses ``u``); if not served it waits (satisfaction − ``wait_penalty``, one more week
     waited); if served it lives the stage: ``lived = quality_s − wait_penalty × weeks waited``,
     ``target = clip(meet + gain × (lived − expectation))``, satisfaction moves
     ``stage_weight`` of the way to the target, and a handoff incident happens with
     probability ``incident_prob_s``, and its expectation moves ``adaptation × stage_weight`` of
     the way to what it lived (uses ``v``: satisfaction − ``incident_penalty``, one more
     incident, one support contact); it moves to the next stage (after installation: active,
     the journey is *completed*: its length, incidents and clipped satisfaction are recorded
     and it answers the transactional survey if ``u < survey_rate × p_serve``: given that it
     was served, ``u / p_serve`` is a fresh uniform, independent of ``x`` and ``v``). Either way one more week
     in the journey. Satisfaction is then clipped to [0, 1].
   * active customer: satisfaction moves ``active_weight`` of the way to
     ``meet + gain × (ongoing_quality − expectation)``, clipped, and its expectation
     ``adaptation × active_weight`` of the way to ``ongoing_quality``; churns with hazard
     ``churn_max × (1 − overall)^churn_exponent`` (``v < hazard``), else repurchases (new journey)
     if ``v < hazard + repurchase_rate``; if it did not churn it makes a routine contact if
     ``u < contact_rate`` and answers the relationship survey if ``x < relationship_survey_rate``.
   * prospect: starts a purchase with probability
     ``acquisition_rate × clip(1 + word_of_mouth × NPS / 100, 0, word_of_mouth_cap)`` (uses ``v``), with a
     fresh expectation ``clip(N(expectation, expectation_sd))`` and satisfaction ``meet``.

3. model level: the week's contacts, spread over opening hours, give the Erlang C average
   speed of answer (one ``cxsim.kernels.queueing.erlang_c`` call per week, capped at
   ``asa_cap_targets`` targets); each contacted customer loses
   ``support_penalty × min(asa / target, cap) ** support_wait_exponent``; then the survey respondents answer
   ``clip(round(10 × overall + N(0, nps_noise)), 0, 10)`` (9–10 promoter, 0–6 detractor).

A customer's *overall* satisfaction is ``(1 − exogenous_weight) × sat + exogenous_weight ×
appraisal``, its lasting appraisal of price, coverage and product drawn once per person,
``clip(N(exogenous_level, exogenous_sd))``, kept through churn and return.

The three uniforms per customer and week are shared between rules exactly as the kernel
shares them (``u`` decides service and, rescaled, the transactional survey), so the two implementations have the same joint distribution, not only the same
marginals.
"""

from __future__ import annotations

import mesa

from ..config import CustomerConfig
from ..kernels.journey import (
    ACTIVE,
    INSTALLATION,
    N_STAGES,
    PROSPECT,
    PURCHASE,
    WeekCounts,
    WeekInputs,
    expected_journey_starts,
)
from ..kernels.queueing import erlang_c


def plain_week() -> WeekCounts:
    """A week's counts as the kernel's :class:`~cxsim.kernels.journey.WeekCounts`, with the
    per-stage counters as plain lists (the per-customer logic stays free of numpy)."""
    return WeekCounts(**{k: [0] * N_STAGES for k in ("in_stage", "served", "waiting", "incidents")})


def _clip01(value: float) -> float:
    return 0.0 if value < 0.0 else (1.0 if value > 1.0 else value)


class RefCustomer(mesa.Agent):
    """One customer, stepped on its own (plain Python floats and ints)."""

    def __init__(self, model: "ReferenceJourney", state: int, sat: float, expect: float, appraisal: float):
        super().__init__(model)
        self.state = state
        self.sat = sat
        self.expect = expect
        self.exo_part = model.p.exogenous_weight * appraisal  # fixed: price, coverage, product
        self.wait = 0  # weeks waited in the current stage
        self.weeks = 0  # weeks in the current journey
        self.incidents = 0  # incidents in the current journey
        self.u = self.v = self.x = 0.0
        self.start_state = state

    def overall(self) -> float:
        """What it weighs when it answers the survey or decides to leave."""
        return (1.0 - self.model.p.exogenous_weight) * self.sat + self.exo_part

    def begin_week(self) -> None:
        m = self.model
        rnd = self.random.random
        self.u, self.v, self.x = rnd(), rnd(), rnd()
        self.start_state = s = self.state
        if PURCHASE <= s <= INSTALLATION:
            if self.overall() < m.p.abandon_threshold and self.x < m.abandon_p:
                self.state = PROSPECT
                m.week.abandoned += 1
                self.start_state = -1  # does nothing else this week
            else:
                m.week.in_stage[s - 1] += 1

    def step(self) -> None:
        m = self.model
        p = m.p
        s = self.start_state
        week = m.week
        if PURCHASE <= s <= INSTALLATION:
            i = s - 1
            if self.u < m.p_serve[i]:
                week.served[i] += 1
                lived = m.quality[i] - p.wait_penalty * self.wait
                target = _clip01(p.meet_satisfaction + p.disconfirmation_gain * (lived - self.expect))
                self.sat += p.stage_weight * (target - self.sat)
                self.expect += p.adaptation * p.stage_weight * (lived - self.expect)
                if self.v < m.incident_prob[i]:
                    week.incidents[i] += 1
                    self.sat -= p.incident_penalty
                    self.incidents += 1
                    m.contacted.append(self)
                self.wait = 0
                self.weeks += 1
                if s == INSTALLATION:
                    self.state = ACTIVE
                    week.completions += 1
                    week.journey_weeks += self.weeks
                    week.journey_incidents += self.incidents
                    week.completion_sat += _clip01(self.sat)
                    m.completed.append((self.weeks, self.incidents, _clip01(self.sat)))
                    if self.u < p.survey_rate * m.p_serve[i]:
                        m.respondents.append(self)
                else:
                    self.state = s + 1
            else:
                week.waiting[i] += 1
                self.sat -= p.wait_penalty
                self.wait += 1
                self.weeks += 1
            self.sat = _clip01(self.sat)
        elif s == ACTIVE:
            week.active_start += 1
            target = p.meet_satisfaction + p.disconfirmation_gain * (m.ongoing_quality - self.expect)
            self.sat = _clip01(self.sat + p.active_weight * (target - self.sat))
            self.expect += p.adaptation * p.active_weight * (m.ongoing_quality - self.expect)
            hazard = p.churn_max * (1.0 - self.overall()) ** p.churn_exponent
            if self.v < hazard:
                self.state = PROSPECT
                week.churned += 1
                return
            if self.v < hazard + p.repurchase_rate:
                self.state = PURCHASE
                self.wait = self.weeks = self.incidents = 0
                week.repurchases += 1
            if self.u < p.contact_rate:
                m.contacted.append(self)
            if self.x < p.relationship_survey_rate:
                m.respondents.append(self)
        elif s == PROSPECT:
            if self.v < m.acquisition_p:
                self.state = PURCHASE
                self.expect = _clip01(self.random.gauss(p.expectation, p.expectation_sd))
                self.sat = p.meet_satisfaction
                self.wait = self.weeks = self.incidents = 0
                week.acquisitions += 1
        # start_state == -1: abandoned this week, nothing else happens


class ReferenceJourney(mesa.Model):
    """Customers only, fed fixed :class:`WeekInputs` every week.

    Args:
        p: the customer parameters (``p.n`` customers are created).
        inputs: the week's inputs, the same every week.
        seed: seed of the model's ``random.Random``.
        initial_quality: experienced quality used to seed initial satisfaction (the kernel's
            ``init_customers`` argument; the model passes the mean stage quality).
    """

    def __init__(self, p: CustomerConfig, inputs: WeekInputs, seed: int = 0, initial_quality: float | None = None):
        super().__init__(seed=seed)
        self.p = p
        self.quality = [float(q) for q in inputs.quality]
        self.capacity = [float(c) for c in inputs.capacity]
        self.incident_prob = [float(q) for q in inputs.incident_prob]
        self.ongoing_quality = float(inputs.ongoing_quality)
        self.support_agents = int(inputs.agents)
        self.nps_input = float(inputs.nps)
        self.abandon_p = min(1.0, p.abandon_multiplier * p.churn_max)
        wom = 1.0 + p.word_of_mouth * self.nps_input / 100.0
        self.acquisition_p = p.acquisition_rate * min(p.word_of_mouth_cap, max(0.0, wom))
        q0 = sum(self.quality) / N_STAGES if initial_quality is None else float(initial_quality)
        self.completed: list[tuple[int, int, float]] = []  # (weeks, incidents, satisfaction) of every completion
        self.history: list[WeekCounts] = []
        self.week = plain_week()
        self._create_customers(q0)

    def _create_customers(self, quality: float) -> None:
        """The kernel's initial mix: about a week of flow in each stage, initial_active active."""
        p, rnd = self.p, self.random
        flow = expected_journey_starts(p)
        probs = [0.0] + [flow] * N_STAGES + [p.initial_active]
        probs[0] = max(0.0, 1.0 - sum(probs))
        total = sum(probs)
        cumulative, acc = [], 0.0
        for q in probs:
            acc += q / total
            cumulative.append(acc)
        for _ in range(p.n):
            r = rnd.random()
            state = next((k for k, c in enumerate(cumulative) if r < c), ACTIVE)
            expect = _clip01(rnd.gauss(p.expectation, p.expectation_sd))
            sat = _clip01(p.meet_satisfaction + p.disconfirmation_gain * (quality - expect) + rnd.gauss(0.0, p.initial_satisfaction_sd))
            appraisal = _clip01(rnd.gauss(p.exogenous_level, p.exogenous_sd))
            RefCustomer(self, state, sat, expect, appraisal)

    def step(self) -> None:
        p = self.p
        self.week = week = plain_week()
        self.contacted: list[RefCustomer] = []
        self.respondents: list[RefCustomer] = []
        self.agents.do("begin_week")
        self.p_serve = [min(1.0, self.capacity[i] / week.in_stage[i]) if week.in_stage[i] else 1.0 for i in range(N_STAGES)]
        self.agents.shuffle_do("step")

        # Support: one Erlang C call for the week's contacts.
        week.contacts = len(self.contacted)
        q = erlang_c(week.contacts / p.open_hours, 3600.0, p.aht_s, self.support_agents, p.answer_target_s)
        cap = p.asa_cap_targets * p.answer_target_s
        week.asa = min(float(q.asa), cap) if q.stable else cap
        penalty = p.support_penalty * min(week.asa / p.answer_target_s, p.asa_cap_targets) ** p.support_wait_exponent
        for c in self.contacted:
            c.sat = _clip01(c.sat - penalty)

        # NPS answers after the week's experience.
        for c in self.respondents:
            score = round(10.0 * c.overall() + self.random.gauss(0.0, p.nps_noise))
            score = min(10, max(0, score))
            if score >= 9:
                week.promoters += 1
            elif score <= 6:
                week.detractors += 1
        week.responses = len(self.respondents)
        self.history.append(week)


def run_reference(p: CustomerConfig, inputs: WeekInputs, weeks: int, seed: int = 0) -> ReferenceJourney:
    model = ReferenceJourney(p, inputs, seed=seed)
    for _ in range(weeks):
        model.step()
    return model
