"""The customers' week, compiled: ``journey.journey_step`` in two passes over the customers.

:func:`customers_week` returns exactly what ``journey.journey_step`` returns and leaves the
customers in exactly the same state, bit for bit, drawing the same random numbers in the same
order (``jit`` module docstring; ``tests/test_compiled_customers.py`` compares them on random states).
``journey.journey_step`` stays the readable specification of the week (its docstring lists
the phases and the draws); this module follows it phase by phase and notes where numpy's
types decide the arithmetic:

* a Python float meets a float32 array as a float32 (NEP 50), so thresholds and rates that
  the numpy code compares with or applies to float32 arrays are rounded to float32 first;
* a numpy float64 scalar (a stage's quality, capacity share or incident probability) makes
  the operation float64, and an update written back into a float32 array is rounded once;
* ``x ** e`` of a float32 array is ``x * x`` when e = 2 (numpy's fast path), ``x`` when
  e = 1 and ``sqrt(x)`` when e = 0.5; any other exponent is left to numpy's own ``power``
  between the two halves of the active customers' phase (:func:`active_hazard`).

The support queue's Erlang C is computed between the two calls (``queueing.erlang_c``, in
Python, once a week).
"""

from __future__ import annotations

import numpy as np

from ..params import CustomerConfig
from .jit import cast_sum, jit, pairwise_sum
from .streams import fill_float32, handle, normal, stream
from .journey import Customers, WeekCounts, WeekInputs, scratch
from .queueing import erlang_c

__all__ = ["journey_week", "customer_sums", "compiled_params", "PARAMS", "customers_week", "active_hazard", "customers_finish", "fast_power"]

PROSPECT, PURCHASE, ACTIVE = 0, 1, 5
N_STAGES = 4

#: order of the float64 parameter vector (built by ``journey.compiled_params``)
PARAMS = ("one_minus_exo", "abandon_threshold", "abandon_p", "wait_penalty", "disconfirmation_gain", "meet_satisfaction",
          "stage_weight", "adaptation_stage", "incident_penalty", "survey_rate", "ongoing_quality", "active_weight",
          "adaptation_active", "churn_exponent", "churn_max", "repurchase_rate", "contact_rate", "relationship_survey_rate",
          "acquisition_rate", "expectation", "expectation_sd")
#: order of the count vector: four per stage, then one each
COUNTS = ("in_stage", "waiting", "served", "stage_time", "departures", "experience", "incidents")
SCALARS = ("active_start", "acquisitions", "repurchases", "churned", "abandoned", "completions", "journey_weeks",
           "journey_incidents", "completion_sat", "promoters", "detractors", "responses", "contacts")
N_COUNTS = N_STAGES * len(COUNTS) + len(SCALARS)

(ONE_MINUS_EXO, ABANDON_THRESHOLD, ABANDON_P, WAIT_PENALTY, GAIN, MEET, STAGE_WEIGHT, ADAPT_STAGE, INCIDENT_PENALTY, SURVEY_RATE,
 ONGOING, ACTIVE_WEIGHT, ADAPT_ACTIVE, CHURN_EXP, CHURN_MAX, REPURCHASE, CONTACT, RELATIONSHIP, ACQUISITION, EXPECTATION,
 EXPECTATION_SD) = range(len(PARAMS))
IN_STAGE, WAITING, SERVED, STAGE_TIME, DEPARTURES, EXPERIENCE, INCIDENTS = (N_STAGES * i for i in range(len(COUNTS)))
(ACTIVE_START, ACQUISITIONS, REPURCHASES, CHURNED, ABANDONED, COMPLETIONS, JOURNEY_WEEKS, JOURNEY_INCIDENTS, COMPLETION_SAT,
 PROMOTERS, DETRACTORS, RESPONSES, CONTACTS) = range(N_STAGES * len(COUNTS), N_COUNTS)


def fast_power(exponent: float) -> bool:
    """Whether ``x ** exponent`` of a float32 array is computed here (numpy's exact fast paths)."""
    return exponent in (0.5, 1.0, 2.0)


@jit
def customers_week(rng_address, state, sat, expect, wait, weeks, incidents, exo, st, u, v, x, hazard, idx, contacted, respond,
                   quality, capacity, incident_prob, p, counts):
    """Phases 1–5 of ``journey.journey_step`` (uniforms; abandonment, service, completion, the
    active customers' update up to their dissatisfaction, left in ``hazard``; acquisition).

    ``st``, ``u``, ``v``, ``x``, ``hazard`` (n,) and ``idx``, ``contacted``, ``respond`` (n,
    int64) are work buffers; ``counts`` (``N_COUNTS``,) is zeroed and filled. Returns (number of
    contacts so far, number of survey respondents so far, the installation stage's p_serve was
    below 1); the caller raises ``hazard`` to the churn exponent when :func:`fast_power` says
    it is not done here, then calls :func:`active_hazard`."""
    rng = stream(rng_address)
    n = state.size
    counts[:] = 0.0
    for i in range(n):
        st[i] = state[i]
    fill_float32(rng, u)
    fill_float32(rng, v)
    fill_float32(rng, x)
    w32 = np.float32(p[ONE_MINUS_EXO])
    # 1. abandonment: journey customers (in index order) below the threshold may walk away
    threshold, abandon_p = np.float32(p[ABANDON_THRESHOLD]), np.float32(p[ABANDON_P])
    nj = 0
    for i in range(n):
        s = st[i]
        if s >= PURCHASE and s <= PURCHASE + N_STAGES - 1:
            if w32 * sat[i] + exo[i] < threshold and x[i] < abandon_p:
                k = s - PURCHASE
                counts[DEPARTURES + k] += 1.0
                counts[STAGE_TIME + k] += float(wait[i]) + 1.0
                state[i] = PROSPECT
                counts[ABANDONED] += 1.0
            else:
                idx[nj] = i
                nj += 1
    # 2. service, stage by stage (each stage's customers in index order)
    wait_penalty32 = np.float32(p[WAIT_PENALTY])
    incident_penalty32 = np.float32(p[INCIDENT_PENALTY])
    target = np.empty(nj)
    nc = 0
    completed_lo = completed_hi = 0
    strong_cut = False
    p_serve_last = 1.0
    for k in range(N_STAGES):
        size = 0
        for t in range(nj):
            if st[idx[t]] == PURCHASE + k:
                size += 1
        counts[IN_STAGE + k] = size
        if size == 0:
            continue
        share = capacity[k] / size
        strong = share < 1.0  # numpy: min(1.0, share) is then the float64 scalar, else the Python float 1.0
        p_serve = share if strong else 1.0
        served = 0
        wait_sum = 0
        first_hit = nc
        for t in range(nj):
            i = idx[t]
            if st[i] != PURCHASE + k:
                continue
            if u[i] < p_serve:
                wait_sum += wait[i]
                lived = quality[k] - p[WAIT_PENALTY] * float(wait[i])
                tg = min(max(p[MEET] + p[GAIN] * (lived - float(expect[i])), 0.0), 1.0)
                target[served] = tg
                served += 1
                sat[i] = np.float32(float(sat[i]) + p[STAGE_WEIGHT] * (tg - float(sat[i])))
                expect[i] = np.float32(float(expect[i]) + p[ADAPT_STAGE] * (lived - float(expect[i])))
                if v[i] < incident_prob[k]:
                    sat[i] = sat[i] - incident_penalty32
                    incidents[i] += 1
                    contacted[nc] = i
                    nc += 1
                state[i] = PURCHASE + k + 1 if k + 1 < N_STAGES else ACTIVE
                wait[i] = 0
                if k == N_STAGES - 1:
                    respond[completed_hi] = i
                    completed_hi += 1
            else:
                sat[i] = sat[i] - wait_penalty32
                wait[i] += 1
        counts[SERVED + k] = served
        counts[WAITING + k] = size - served
        counts[DEPARTURES + k] += served
        counts[STAGE_TIME + k] += float(wait_sum) + float(served)
        counts[INCIDENTS + k] = nc - first_hit
        if served:
            counts[EXPERIENCE + k] = pairwise_sum(target[:served])
        if k == N_STAGES - 1:
            strong_cut, p_serve_last = strong, p_serve
    for t in range(nj):
        weeks[idx[t]] += 1
    # 3. completion: journey statistics; who answers the transactional survey (u / p_serve is fresh)
    nr = 0
    if completed_hi:
        clipped = np.empty(completed_hi, np.float32)
        jw = ji = 0
        for t in range(completed_hi):
            i = respond[t]
            jw += weeks[i]
            ji += incidents[i]
            clipped[t] = min(max(sat[i], np.float32(0.0)), np.float32(1.0))
        counts[COMPLETIONS] = completed_hi
        counts[JOURNEY_WEEKS] = jw
        counts[JOURNEY_INCIDENTS] = ji
        counts[COMPLETION_SAT] = float(pairwise_sum(clipped))
        cut = p[SURVEY_RATE] * p_serve_last
        cut32 = np.float32(cut)
        for t in range(completed_hi):
            i = respond[t]
            if (u[i] < cut) if strong_cut else (u[i] < cut32):
                respond[nr] = i
                nr += 1
    # 4. active customers, up to their dissatisfaction (1 − overall satisfaction)
    ongoing, gain, meet = np.float32(p[ONGOING]), np.float32(p[GAIN]), np.float32(p[MEET])
    aw, adapt = np.float32(p[ACTIVE_WEIGHT]), np.float32(p[ADAPT_ACTIVE])
    one, zero = np.float32(1.0), np.float32(0.0)
    for i in range(n):
        s = sat[i]
        if st[i] == ACTIVE:
            counts[ACTIVE_START] += 1.0
            f = ((ongoing - expect[i]) * gain + meet - s) * aw
            s = s + f
        s = min(max(s, zero), one)
        sat[i] = s
        if st[i] == ACTIVE:
            expect[i] = expect[i] + (ongoing - expect[i]) * adapt
            hazard[i] = one - (s * w32 + exo[i])
    # 5. acquisition (runs here: its normal draws come before the survey answers')
    return nc, nr


@jit
def active_hazard(rng_address, state, sat, expect, wait, weeks, incidents, st, u, v, x, hazard, contacted, respond, nc, nr, p,
                  acquisition, powered, counts):
    """The rest of phase 4 (churn, repurchase, routine contacts, relationship survey) and
    phase 5 (acquisition, with its normal draws). ``powered``: ``hazard`` already holds the
    dissatisfaction raised to the churn exponent. Returns the updated (contacts, respondents)."""
    rng = stream(rng_address)
    n = state.size
    e = p[CHURN_EXP]
    churn_max, rebuy_rate = np.float32(p[CHURN_MAX]), np.float32(p[REPURCHASE])
    contact_rate, survey_rate = np.float32(p[CONTACT]), np.float32(p[RELATIONSHIP])
    for i in range(n):
        if st[i] != ACTIVE:
            continue
        h = hazard[i]
        if not powered:
            h = h * h if e == 2.0 else (h if e == 1.0 else np.sqrt(h))
        h = h * churn_max
        if v[i] < h:
            state[i] = PROSPECT
            counts[CHURNED] += 1.0
            continue
        if v[i] < h + rebuy_rate:
            state[i] = PURCHASE
            wait[i] = 0
            weeks[i] = 0
            incidents[i] = 0
            counts[REPURCHASES] += 1.0
        if u[i] < contact_rate:
            contacted[nc] = i
            nc += 1
        if x[i] < survey_rate:
            respond[nr] = i
            nr += 1
    a_rate = np.float32(acquisition)
    new = 0
    for i in range(n):
        if st[i] == PROSPECT and v[i] < a_rate:
            new += 1
    if new:
        drawn = normal(rng, p[EXPECTATION], p[EXPECTATION_SD], new)
        r = 0
        meet = np.float32(p[MEET])
        for i in range(n):
            if st[i] == PROSPECT and v[i] < a_rate:
                state[i] = PURCHASE
                expect[i] = np.float32(min(max(drawn[r], 0.0), 1.0))
                sat[i] = meet
                wait[i] = 0
                weeks[i] = 0
                incidents[i] = 0
                r += 1
    counts[ACQUISITIONS] = new
    return nc, nr


@jit
def customers_finish(rng_address, sat, exo, contacted, nc, respond, nr, penalty, one_minus_exo, nps_noise, counts):
    """Phases 6–7: every contact loses ``penalty`` (the support queue's wait, computed by the
    caller from Erlang C) and is clipped to [0, 1]; the survey respondents answer 0–10 around
    10 × overall satisfaction (normal answer noise) and are counted as promoters (9–10) and
    detractors (0–6)."""
    counts[CONTACTS] = nc
    hurt = np.float32(penalty)
    for t in range(nc):
        i = contacted[t]
        sat[i] = min(max(sat[i] - hurt, np.float32(0.0)), np.float32(1.0))
    if nr:
        noise = normal(stream(rng_address), 0.0, nps_noise, nr)
        w32, ten = np.float32(one_minus_exo), np.float32(10.0)
        promoters = detractors = 0
        for t in range(nr):
            i = respond[t]
            score = np.rint(float(ten * (w32 * sat[i] + exo[i])) + noise[t])
            promoters += score >= 9.0
            detractors += score <= 6.0
        counts[PROMOTERS] = promoters
        counts[DETRACTORS] = detractors
        counts[RESPONSES] = nr


def compiled_params(p: CustomerConfig, ongoing_quality: float) -> np.ndarray:
    """The float64 parameter vector of the compiled week (order :data:`PARAMS`), each value
    computed as ``journey.journey_step`` computes it (in double precision, in Python)."""
    values = {
        "one_minus_exo": 1.0 - p.exogenous_weight, "abandon_threshold": p.abandon_threshold,
        "abandon_p": min(1.0, p.abandon_multiplier * p.churn_max), "wait_penalty": p.wait_penalty,
        "disconfirmation_gain": p.disconfirmation_gain, "meet_satisfaction": p.meet_satisfaction, "stage_weight": p.stage_weight,
        "adaptation_stage": p.adaptation * p.stage_weight, "incident_penalty": p.incident_penalty, "survey_rate": p.survey_rate,
        "ongoing_quality": float(ongoing_quality), "active_weight": p.active_weight, "adaptation_active": p.adaptation * p.active_weight,
        "churn_exponent": p.churn_exponent, "churn_max": p.churn_max, "repurchase_rate": p.repurchase_rate,
        "contact_rate": p.contact_rate, "relationship_survey_rate": p.relationship_survey_rate,
        "acquisition_rate": p.acquisition_rate, "expectation": p.expectation, "expectation_sd": p.expectation_sd,
    }
    return np.array([values[name] for name in PARAMS], dtype=np.float64)


def journey_week(c: Customers, w: WeekInputs, p: CustomerConfig, rng) -> WeekCounts:
    """``journey.journey_step(c, w, p, rng)``, compiled: the same counts and the same customer
    state, bit for bit, from the same draws (``rng``: a Generator or its ``streams.handle``)."""
    buf = scratch(c)
    if buf.params_of is not p:  # the parameter vector of this config, made once
        buf.params, buf.params_of = compiled_params(p, 0.0), p
    params = buf.params
    params[ONGOING] = float(w.ongoing_quality)
    counts = np.empty(N_COUNTS)
    at = rng if isinstance(rng, np.ndarray) else handle(rng)
    args = (c.state, c.sat, c.expect, c.wait, c.weeks, c.incidents)
    nc, nr = customers_week(at, *args, c.exo_part, buf.st, buf.u, buf.v, buf.x, buf.f, buf.idx, buf.contacted, buf.respond,
                            np.asarray(w.quality, dtype=np.float64), np.asarray(w.capacity, dtype=np.float64),
                            np.asarray(w.incident_prob, dtype=np.float64), params, counts)
    powered = not fast_power(p.churn_exponent)
    if powered:  # numpy's own float32 power (its result may differ from libm's in the last bit)
        buf.f **= p.churn_exponent
    a_rate = p.acquisition_rate * float(np.clip(1.0 + p.word_of_mouth * w.nps / 100.0, 0.0, p.word_of_mouth_cap))
    nc, nr = active_hazard(at, *args, buf.st, buf.u, buf.v, buf.x, buf.f, buf.contacted, buf.respond, nc, nr, params, a_rate,
                           powered, counts)
    q = erlang_c(nc / p.open_hours, 3600.0, p.aht_s, w.agents, p.answer_target_s)
    cap = p.asa_cap_targets * p.answer_target_s
    asa = float(min(q.asa, cap)) if q.stable else cap
    penalty = p.support_penalty * min(asa / p.answer_target_s, p.asa_cap_targets) ** p.support_wait_exponent
    customers_finish(at, c.sat, c.exo_part, buf.contacted, nc, buf.respond, nr, penalty, 1.0 - p.exogenous_weight, p.nps_noise, counts)
    return week_counts(counts, float(q.service_level) if q.stable else 0.0, asa, bool(q.stable))


def week_counts(counts: np.ndarray, service_level: float, asa: float, stable: bool) -> WeekCounts:
    """A :class:`WeekCounts` from the compiled count vector (integers as ints, as journey_step
    returns them; the per-stage arrays are views of the vector, which is the week's own)."""
    k = N_STAGES
    ints = counts[N_STAGES * len(COUNTS):].tolist()
    (active_start, acquisitions, repurchases, churned, abandoned, completions, journey_weeks, journey_incidents, completion_sat,
     promoters, detractors, responses, contacts) = ints
    return WeekCounts(
        in_stage=counts[IN_STAGE:IN_STAGE + k], waiting=counts[WAITING:WAITING + k], served=counts[SERVED:SERVED + k],
        stage_time=counts[STAGE_TIME:STAGE_TIME + k], departures=counts[DEPARTURES:DEPARTURES + k],
        experience=counts[EXPERIENCE:EXPERIENCE + k], incidents=counts[INCIDENTS:INCIDENTS + k],
        active_start=int(active_start), acquisitions=int(acquisitions), repurchases=int(repurchases), churned=int(churned),
        abandoned=int(abandoned), completions=int(completions), journey_weeks=journey_weeks, journey_incidents=journey_incidents,
        completion_sat=completion_sat, promoters=int(promoters), detractors=int(detractors), responses=int(responses),
        contacts=int(contacts), service_level=service_level, asa=asa, queue_stable=stable,
    )


@jit
def customer_sums(state, sat, exo, buf):
    """What ``journey.mean_satisfaction`` sums, in the same order: (customers in the journey or
    active, Σ satisfaction over them, Σ appraisal part over them, active customers). ``buf``
    (n,) float32 is a work buffer."""
    n_in = active = 0
    for i in range(state.size):
        inside = state[i] >= PURCHASE
        n_in += inside
        active += state[i] == ACTIVE
        buf[i] = sat[i] * np.float32(inside)
    total_sat = cast_sum(buf)
    for i in range(state.size):
        buf[i] = exo[i] * np.float32(state[i] >= PURCHASE)
    return n_in, total_sat, cast_sum(buf), active
