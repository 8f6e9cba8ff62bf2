"""The customer journey, vectorised: one row per customer in numpy arrays.

purchase → billing → delivery → installation → active → (repurchase | churn), with stage
capacity and waiting, handoff incidents between departments, the Erlang C support queue,
expectation-disconfirmation satisfaction, NPS answers, churn and word-of-mouth acquisition
(DESIGN §2.3, docs/ODD.md "Submodels: journey").

The weekly step touches every customer a constant number of times with array operations; the
only Python loops are over the four stages. Full-length temporaries live in buffers reused
week after week (``Customers._scratch``), so a million-customer week allocates nothing large
(docs/performance.md); the results are bit-identical to the plain expressions kept in the
comments. Nothing here knows about Mesa or Hydra: the model
computes the week's stage qualities, capacities, handoff risks and support agents from the
organisation and passes them in as a :class:`WeekInputs`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..params import CustomerConfig
from .queueing import erlang_c

PROSPECT, PURCHASE, BILLING, DELIVERY, INSTALLATION, ACTIVE = range(6)
STATE_NAMES = ("prospect", "purchase", "billing", "delivery", "installation", "active")
N_STAGES = 4


@dataclass
class Customers:
    """Customer state, one entry per customer (a customer slot of the addressable market)."""

    state: np.ndarray  # int8, one of PROSPECT … ACTIVE
    sat: np.ndarray  # float32 in [0, 1]
    expect: np.ndarray  # float32 in [0, 1]
    wait: np.ndarray  # int16, weeks waited in the current stage
    weeks: np.ndarray  # int16, weeks in the current journey
    incidents: np.ndarray  # int16, handoff incidents in the current journey
    exo_part: np.ndarray  # float32, exogenous_weight × the customer's appraisal of price, coverage, product (fixed)
    # Work buffers of journey_step, reused week after week (no allocation, no page faults on
    # million-row temporaries). Not state: never read between steps.
    _scratch: "Scratch | None" = field(default=None, init=False, repr=False, compare=False)

    @property
    def n(self) -> int:
        return int(self.state.shape[0])


class Scratch:
    """Preallocated full-length temporaries for one :class:`Customers` (journey_step and its
    compiled twin, ``kernels.customers``). ``f`` starts at zero: the compiled week writes it
    only for active customers and may raise all of it to a power."""

    def __init__(self, n: int):
        self.n = n
        self.st = np.empty(n, np.int8)
        self.u = np.empty(n, np.float32)
        self.v = np.empty(n, np.float32)
        self.x = np.empty(n, np.float32)
        self.f = np.zeros(n, np.float32)
        self.active = np.empty(n, bool)
        self.stay = np.empty(n, bool)
        self.b = np.empty(n, bool)
        self.idx = np.empty(n, np.int64)  # compiled week: journey customers, contacts, respondents
        self.contacted = np.empty(n, np.int64)
        self.respond = np.empty(n, np.int64)
        self.params, self.params_of = None, None  # compiled week: the parameter vector and its config


def scratch(c: Customers) -> Scratch:
    """The work buffers of ``c`` (made on first use)."""
    if c._scratch is None or c._scratch.n != c.n:
        c._scratch = Scratch(c.n)
    return c._scratch


@dataclass
class WeekInputs:
    """What the organisation offers customers this week."""

    quality: np.ndarray  # (4,) quality of purchase, billing, delivery, installation in [0, 1]
    capacity: np.ndarray  # (4,) customers each stage can serve this week
    incident_prob: np.ndarray  # (4,) incident probability at each handoff
    ongoing_quality: float  # quality of the ongoing service active customers live (billing, support)
    agents: int  # support agents on shift
    nps: float  # last rolling NPS, drives word of mouth


@dataclass
class WeekCounts:
    """What happened to customers this week (the raw material of the metrics)."""

    in_stage: np.ndarray = field(default_factory=lambda: np.zeros(N_STAGES))
    waiting: np.ndarray = field(default_factory=lambda: np.zeros(N_STAGES))
    served: np.ndarray = field(default_factory=lambda: np.zeros(N_STAGES))
    stage_time: np.ndarray = field(default_factory=lambda: np.zeros(N_STAGES))  # Σ weeks in stage of those leaving
    departures: np.ndarray = field(default_factory=lambda: np.zeros(N_STAGES))  # served + abandoned
    experience: np.ndarray = field(default_factory=lambda: np.zeros(N_STAGES))  # Σ stage experience of the served
    incidents: np.ndarray = field(default_factory=lambda: np.zeros(N_STAGES))  # per handoff
    active_start: int = 0
    acquisitions: int = 0
    repurchases: int = 0
    churned: int = 0
    abandoned: int = 0
    completions: int = 0
    journey_weeks: float = 0.0  # Σ journey length of completions
    journey_incidents: float = 0.0  # Σ incidents of completions
    completion_sat: float = 0.0  # Σ satisfaction at completion
    promoters: int = 0
    detractors: int = 0
    responses: int = 0
    contacts: int = 0
    service_level: float = 1.0
    asa: float = 0.0
    queue_stable: bool = True


def expected_journey_starts(p: CustomerConfig) -> float:
    """Expected journey starts per customer slot and week at the initial mix."""
    return p.initial_active * p.repurchase_rate + (1 - p.initial_active) * p.acquisition_rate


def init_customers(p: CustomerConfig, rng: np.random.Generator, quality: float) -> Customers:
    """Start near the stationary mix: active, in each stage (about a week of flow), prospects.

    Each customer slot (a person of the addressable market) also draws its lasting appraisal of
    what the programme cannot touch (price, coverage, product): N(exogenous_level,
    exogenous_sd) clipped to [0, 1]; it stays with the person through churn and return."""
    n = p.n
    flow = expected_journey_starts(p)
    probs = np.array([0.0] + [flow] * N_STAGES + [p.initial_active])
    probs[0] = max(0.0, 1.0 - probs.sum())
    probs /= probs.sum()
    state = rng.choice(6, size=n, p=probs).astype(np.int8)
    expect = np.clip(rng.normal(p.expectation, p.expectation_sd, n), 0, 1).astype(np.float32)
    sat = p.meet_satisfaction + p.disconfirmation_gain * (quality - expect) + rng.normal(0, p.initial_satisfaction_sd, n)
    appraisal = np.clip(rng.normal(p.exogenous_level, p.exogenous_sd, n), 0, 1)
    return Customers(
        state=state,
        sat=np.clip(sat, 0, 1).astype(np.float32),
        expect=expect,
        wait=np.zeros(n, np.int16),
        weeks=np.zeros(n, np.int16),
        incidents=np.zeros(n, np.int16),
        exo_part=(p.exogenous_weight * appraisal).astype(np.float32),
    )


def overall_satisfaction(c: Customers, p: CustomerConfig, rows=None) -> np.ndarray:
    """What a customer weighs when it answers the NPS survey or decides to leave:
    (1 − exogenous_weight) × its experience satisfaction + exogenous_weight × its appraisal of
    price, coverage and product (``rows``: a subset, default everyone)."""
    sat = c.sat if rows is None else c.sat[rows]
    exo = c.exo_part if rows is None else c.exo_part[rows]
    return (1.0 - p.exogenous_weight) * sat + exo


def initial_counts(c: Customers) -> WeekCounts:
    """The counts standing for week 0 (nothing has happened yet): who is in each stage."""
    return WeekCounts(in_stage=np.array([np.count_nonzero(c.state == s + 1) for s in range(N_STAGES)], dtype=float))


def mean_satisfaction(c: Customers, p: CustomerConfig | None = None) -> float:
    """Mean experience satisfaction of customers (active or in the journey, not prospects), or
    their mean overall satisfaction when ``p`` is given; 0 if none."""
    in_customer = c.state >= PURCHASE
    n_in = np.count_nonzero(in_customer)
    if not n_in:
        return 0.0
    # masked sum in a reused float32 buffer, without compacting a masked copy
    f = np.multiply(c.sat, in_customer, out=scratch(c).f)
    total = f.sum(dtype=np.float64)
    if p is not None:
        total = (1.0 - p.exogenous_weight) * total + np.multiply(c.exo_part, in_customer, out=f).sum(dtype=np.float64)
    return float(total / n_in)


def nps_answers(sat: np.ndarray, noise: float, rng: np.random.Generator) -> tuple[int, int]:
    """0–10 answers around 10 × satisfaction; returns (promoters 9–10, detractors 0–6)."""
    score = np.clip(np.rint(10.0 * sat + rng.normal(0.0, noise, sat.shape[0])), 0, 10)
    return int(np.count_nonzero(score >= 9)), int(np.count_nonzero(score <= 6))


def journey_step(c: Customers, w: WeekInputs, p: CustomerConfig, rng: np.random.Generator) -> WeekCounts:
    """Advance every customer by one week, in place. Returns the week's counts.

    All decisions use the state at the start of the week (``st``), so a customer moves at most
    one stage a week. The phases, in order:

    ============================  =================================  ===========================
    phase                         who                                random draw
    ============================  =================================  ===========================
    1. ``_abandonment``           journey customers below threshold  x < abandonment hazard
    2. ``_service``               journey customers, stage by stage  u < p_serve (served), then
                                                                     v < incident probability
    3. ``_completion``            served at installation             u / p_serve < survey_rate
    4. ``_active_customers``      active at the start                v: churn | repurchase,
                                                                     u < contact_rate (routine),
                                                                     x < relationship survey
    5. ``_acquisition``           prospects at the start             v < acquisition rate; normal
                                                                     draws: new expectations
    6. ``_support_queue``         incidents (2) and routine (4)      none (Erlang C)
    7. ``_nps_answers``           survey respondents (3, 4)          normal draws: answer noise
    ============================  =================================  ===========================

    Why the draws are independent: u, v and x are three uniforms per customer drawn at the start
    of the week. The start-of-week groups (journey, active, prospects) are disjoint, so a draw
    serves one group only. Within a group a draw serves one decision, except (a) u for service
    and the transactional survey: given u < p_serve (served), u / p_serve is again uniform on
    [0, 1), so the survey is independent of service, of incidents (v) and of abandonment (x); and
    (b) v for churn and repurchase, two competing events on disjoint slices of one uniform
    (churn if v < hazard, repurchase if hazard ≤ v < hazard + repurchase_rate). The normal draws
    come from the same generator after the uniforms, expectations before answers.
    """
    out = WeekCounts()
    buf = scratch(c)
    np.copyto(buf.st, c.state)
    rng.random(c.n, dtype=np.float32, out=buf.u)
    rng.random(c.n, dtype=np.float32, out=buf.v)
    rng.random(c.n, dtype=np.float32, out=buf.x)
    journey_idx, jst, gone = _abandonment(c, buf, p, out)
    contacted = [gone[:0]]
    completed, survey_cut = _service(c, buf, w, p, out, journey_idx, jst, contacted)
    respond = _completion(c, buf, out, completed, survey_cut)
    relationship = _active_customers(c, buf, w, p, out, contacted)
    _acquisition(c, buf, w, p, rng, out)
    _support_queue(c, w, p, out, np.concatenate(contacted))
    _nps_answers(c, p, rng, out, np.concatenate([respond, relationship]))
    return out


def _abandonment(c: Customers, buf: Scratch, p: CustomerConfig, out: WeekCounts):
    """Journey customers whose overall satisfaction is below ``abandon_threshold`` walk away (become prospects) with the
    hazard ``abandon_multiplier`` × ``churn_max`` (draw x). Returns the journey customers who
    stay, their stages, and those who left."""
    st = buf.st
    # (st − 1) as unsigned < 4  ⇔  PURCHASE ≤ st ≤ INSTALLATION
    in_journey = np.less(np.subtract(st, PURCHASE, out=buf.b.view(np.int8)).view(np.uint8), N_STAGES, out=buf.stay)
    journey_idx = np.flatnonzero(in_journey)
    jst = st[journey_idx]
    abandon_p = min(1.0, p.abandon_multiplier * p.churn_max)
    leaving = (overall_satisfaction(c, p, journey_idx) < p.abandon_threshold) & (buf.x[journey_idx] < abandon_p)
    gone = journey_idx[leaving]
    if gone.size:
        for s in range(N_STAGES):
            mask = jst[leaving] == s + 1
            out.departures[s] += np.count_nonzero(mask)
            out.stage_time[s] += float(c.wait[gone[mask]].sum()) + np.count_nonzero(mask)
        c.state[gone] = PROSPECT
        journey_idx, jst = journey_idx[~leaving], jst[~leaving]
    out.abandoned = int(gone.size)
    return journey_idx, jst, gone


def _service(c: Customers, buf: Scratch, w: WeekInputs, p: CustomerConfig, out: WeekCounts, journey_idx, jst, contacted: list):
    """Each stage serves each present customer with probability min(1, capacity / present)
    (draw u); the others wait and lose satisfaction. The served live the stage
    (expectation-disconfirmation), their expectation moves towards what they lived
    (``adaptation``), and they may suffer an incident at the handoff (draw v), which becomes a
    support contact. Returns the customers who completed installation and the
    survey cut (survey_rate × p_serve of installation)."""
    sat, expect, u, v = c.sat, c.expect, buf.u, buf.v
    gain, meet = p.disconfirmation_gain, p.meet_satisfaction
    # Split the journey by stage once: a stable sort keeps each stage's rows in increasing
    # order, exactly the rows (and order) of journey_idx[jst == stage].
    order = np.argsort(jst, kind="stable")
    by_stage = journey_idx[order]
    bounds = np.searchsorted(jst[order], np.arange(PURCHASE, ACTIVE + 1, dtype=jst.dtype))
    completed, survey_cut = journey_idx[:0], 0.0
    for s in range(N_STAGES):
        idx = by_stage[bounds[s] : bounds[s + 1]]
        out.in_stage[s] = idx.size
        if idx.size == 0:
            continue
        p_serve = min(1.0, w.capacity[s] / idx.size)
        ok = u[idx] < p_serve
        served, waiting = idx[ok], idx[~ok]
        out.served[s] = served.size
        out.waiting[s] = waiting.size
        out.departures[s] += served.size
        out.stage_time[s] += float(c.wait[served].sum()) + served.size
        sat[waiting] -= p.wait_penalty
        c.wait[waiting] += 1
        if served.size:
            lived = w.quality[s] - p.wait_penalty * c.wait[served]
            target = np.clip(meet + gain * (lived - expect[served]), 0, 1)
            out.experience[s] = float(target.sum())
            sat[served] += p.stage_weight * (target - sat[served])
            # what delights becomes normal: expectations move towards the quality lived
            expect[served] += p.adaptation * p.stage_weight * (lived - expect[served])
            hit = served[v[served] < w.incident_prob[s]]
            out.incidents[s] = hit.size
            sat[hit] -= p.incident_penalty
            c.incidents[hit] += 1
            contacted.append(hit)
            c.state[served] = s + 2 if s + 1 < N_STAGES else ACTIVE
            c.wait[served] = 0
            if s == N_STAGES - 1:
                completed = served
                # u < p_serve selected the served, so u / p_serve is a fresh uniform for them
                survey_cut = p.survey_rate * p_serve
    c.weeks[journey_idx] += 1
    return completed, survey_cut


def _completion(c: Customers, buf: Scratch, out: WeekCounts, completed, survey_cut: float):
    """Journey statistics of the completions; who of them answers the transactional survey."""
    out.completions = completed.size
    if not completed.size:
        return completed
    out.journey_weeks = float(c.weeks[completed].sum())
    out.journey_incidents = float(c.incidents[completed].sum())
    out.completion_sat = float(np.clip(c.sat[completed], 0, 1).sum())
    return completed[buf.u[completed] < survey_cut]


def _active_customers(c: Customers, buf: Scratch, w: WeekInputs, p: CustomerConfig, out: WeekCounts, contacted: list):
    """Active customers live the ongoing service (and their expectation adapts to it), may churn
    (hazard falling with overall satisfaction)
    or start a new journey (draw v), contact support (draw u) or answer a relationship survey
    (draw x). Everyone's satisfaction is clipped to [0, 1] here. Returns the respondents of the
    relationship survey.

    Full-length float32 arithmetic in place in one buffer, in the same order of operations as
    the plain expressions in the comments (bit-identical results, no temporaries)."""
    sat, expect, u, v, x = c.sat, c.expect, buf.u, buf.v, buf.x
    active = np.equal(buf.st, ACTIVE, out=buf.active)
    out.active_start = int(np.count_nonzero(active))
    f = buf.f
    # target_active = meet + gain * (ongoing_quality − expect)
    np.subtract(float(w.ongoing_quality), expect, out=f)
    np.multiply(f, float(p.disconfirmation_gain), out=f)
    np.add(f, float(p.meet_satisfaction), out=f)
    # sat ← sat + active_weight × (target_active − sat) where active (× mask: exact, branch-free)
    np.subtract(f, sat, out=f)
    np.multiply(f, float(p.active_weight), out=f)
    np.multiply(f, active, out=f)
    np.add(sat, f, out=sat)
    np.clip(sat, 0, 1, out=sat)
    # expect ← expect + adaptation × active_weight × (ongoing_quality − expect) where active
    np.subtract(float(w.ongoing_quality), expect, out=f)
    np.multiply(f, float(p.adaptation * p.active_weight), out=f)
    np.multiply(f, active, out=f)
    np.add(expect, f, out=expect)
    # hazard = churn_max × (1 − overall) ** churn_exponent, overall = (1 − w) × sat + exo_part
    np.multiply(sat, float(1.0 - p.exogenous_weight), out=f)
    np.add(f, c.exo_part, out=f)
    np.subtract(1.0, f, out=f)
    f **= p.churn_exponent
    np.multiply(f, p.churn_max, out=f)
    churn = np.less(v, f, out=buf.b)
    np.logical_and(churn, active, out=churn)
    stay = np.logical_and(active, np.logical_not(churn, out=buf.stay), out=buf.stay)  # active & ~churn
    churned = np.flatnonzero(churn)
    # rebuy = active & ~churn & (v < hazard + repurchase_rate)
    np.add(f, p.repurchase_rate, out=f)
    rebuy = np.logical_and(np.less(v, f, out=buf.b), stay, out=buf.b)
    rebuys = np.flatnonzero(rebuy)
    c.state[churned] = PROSPECT
    c.state[rebuys] = PURCHASE
    c.wait[rebuys] = 0
    c.weeks[rebuys] = 0
    c.incidents[rebuys] = 0
    out.churned = int(churned.size)
    out.repurchases = int(rebuys.size)
    contacted.append(np.flatnonzero(np.logical_and(np.less(u, p.contact_rate, out=buf.b), stay, out=buf.b)))
    relationship = np.flatnonzero(np.logical_and(np.less(x, p.relationship_survey_rate, out=buf.b), stay, out=buf.b))
    return relationship


def _acquisition(c: Customers, buf: Scratch, w: WeekInputs, p: CustomerConfig, rng: np.random.Generator, out: WeekCounts) -> None:
    """Prospects start a purchase at a rate raised by net promoters (word of mouth; draw v),
    with a fresh expectation (normal draws) and satisfaction ``meet_satisfaction``."""
    a_rate = p.acquisition_rate * float(np.clip(1.0 + p.word_of_mouth * w.nps / 100.0, 0.0, p.word_of_mouth_cap))
    prospect = np.equal(buf.st, PROSPECT, out=buf.active)
    new = np.flatnonzero(np.logical_and(np.less(buf.v, a_rate, out=buf.b), prospect, out=buf.b))
    if new.size:
        c.state[new] = PURCHASE
        c.expect[new] = np.clip(rng.normal(p.expectation, p.expectation_sd, new.size), 0, 1)
        c.sat[new] = p.meet_satisfaction
        c.wait[new] = 0
        c.weeks[new] = 0
        c.incidents[new] = 0
    out.acquisitions = int(new.size)


def _support_queue(c: Customers, w: WeekInputs, p: CustomerConfig, out: WeekCounts, who: np.ndarray) -> None:
    """The week's contacts spread over opening hours, Erlang C per hour; an unstable queue
    answers after ``asa_cap_targets`` targets. Each contact costs
    support_penalty × min(ASA / target, cap) ** support_wait_exponent."""
    out.contacts = int(who.size)
    q = erlang_c(who.size / p.open_hours, 3600.0, p.aht_s, w.agents, p.answer_target_s)
    cap = p.asa_cap_targets * p.answer_target_s
    out.asa = float(min(q.asa, cap)) if q.stable else cap
    out.service_level = float(q.service_level) if q.stable else 0.0
    out.queue_stable = bool(q.stable)
    if who.size:
        # Everyone else is already in [0, 1] (clipped above; newcomers start at meet_satisfaction).
        hurt = c.sat[who] - p.support_penalty * min(out.asa / p.answer_target_s, p.asa_cap_targets) ** p.support_wait_exponent
        c.sat[who] = np.clip(hurt, 0, 1, out=hurt)


def _nps_answers(c: Customers, p: CustomerConfig, rng: np.random.Generator, out: WeekCounts, respond: np.ndarray) -> None:
    """The respondents answer after the week's experience, from their overall satisfaction
    (normal draws: answer noise)."""
    if respond.size:
        out.promoters, out.detractors = nps_answers(overall_satisfaction(c, p, respond), p.nps_noise, rng)
        out.responses = int(respond.size)
