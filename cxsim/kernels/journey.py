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

from ..config import CustomerConfig
from .queueing import erlang_c

PROSPECT, PURCHASE, BILLING, DELIVERY, INSTALLATION, ACTIVE = range(6)
STATE_NAMES = ("prospect", "purchase", "billing", "delivery", "installation", "active")
N_STAGES = 4
# The support queue's average speed of answer is capped (an unstable queue would be infinite);
# customers give up after about this many target times.
ASA_CAP_TARGETS = 20.0


@dataclass
class Customers:
    """Customer state, one entry per customer (a customer slot of the addressable market)."""

    state: np.ndarray  # int8, one of PROSPECT … ACTIVE
    sat: np.ndarray  # float32 in [0, 1]
    expect: np.ndarray  # float32 in [0, 1]
    wait: np.ndarray  # int16, weeks waited in the current stage
    weeks: np.ndarray  # int16, weeks in the current journey
    incidents: np.ndarray  # int16, handoff incidents in the current journey
    # Work buffers of journey_step, reused week after week (no allocation, no page faults on
    # million-row temporaries). Not state: never read between steps.
    _scratch: "_Scratch | None" = field(default=None, init=False, repr=False, compare=False)

    @property
    def n(self) -> int:
        return int(self.state.shape[0])


class _Scratch:
    """Preallocated full-length temporaries for one :class:`Customers` (see journey_step)."""

    def __init__(self, n: int):
        self.n = n
        self.st = np.empty(n, np.int8)
        self.u = np.empty(n, np.float32)
        self.v = np.empty(n, np.float32)
        self.x = np.empty(n, np.float32)
        self.f = np.empty(n, np.float32)
        self.active = np.empty(n, bool)
        self.stay = np.empty(n, bool)
        self.b = np.empty(n, bool)


def _scratch(c: Customers) -> _Scratch:
    if c._scratch is None or c._scratch.n != c.n:
        c._scratch = _Scratch(c.n)
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
    """Start near the stationary mix: active, in each stage (about a week of flow), prospects."""
    n = p.n
    flow = expected_journey_starts(p)
    probs = np.array([0.0] + [flow] * N_STAGES + [p.initial_active])
    probs[0] = max(0.0, 1.0 - probs.sum())
    probs /= probs.sum()
    state = rng.choice(6, size=n, p=probs).astype(np.int8)
    expect = np.clip(rng.normal(p.expectation, p.expectation_sd, n), 0, 1).astype(np.float32)
    sat = p.meet_satisfaction + p.disconfirmation_gain * (quality - expect) + rng.normal(0, 0.05, n)
    return Customers(
        state=state,
        sat=np.clip(sat, 0, 1).astype(np.float32),
        expect=expect,
        wait=np.zeros(n, np.int16),
        weeks=np.zeros(n, np.int16),
        incidents=np.zeros(n, np.int16),
    )


def nps_answers(sat: np.ndarray, noise: float, rng: np.random.Generator) -> tuple[int, int]:
    """0–10 answers around 10 × satisfaction; returns (promoters 9–10, detractors 0–6)."""
    score = np.clip(np.rint(10.0 * sat + rng.normal(0.0, noise, sat.shape[0])), 0, 10)
    return int(np.count_nonzero(score >= 9)), int(np.count_nonzero(score <= 6))


def journey_step(c: Customers, w: WeekInputs, p: CustomerConfig, rng: np.random.Generator) -> WeekCounts:
    """Advance every customer by one week, in place. Returns the week's counts.

    Order (all decisions use the state at the start of the week, so a customer moves at most
    one stage a week): journey customers below the abandonment threshold may leave; each
    stage serves up to its capacity (random service among those present), the rest wait and
    lose satisfaction; the served live the stage (expectation-disconfirmation) and may suffer
    an incident at the handoff to the next department; active customers live the ongoing
    service, may churn (hazard falling with satisfaction) or start a new journey; prospects
    start a purchase at a rate raised by net promoters; customers who finished installation
    and a few active ones answer the NPS survey; incidents and routine questions become
    contacts whose wait follows Erlang C.
    """
    out = WeekCounts()
    n = c.n
    buf = _scratch(c)
    st = buf.st
    np.copyto(st, c.state)
    u = rng.random(n, dtype=np.float32, out=buf.u)
    v = rng.random(n, dtype=np.float32, out=buf.v)
    x = rng.random(n, dtype=np.float32, out=buf.x)
    sat, expect = c.sat, c.expect
    gain, meet = p.disconfirmation_gain, p.meet_satisfaction

    # (st − 1) as unsigned < 4  ⇔  PURCHASE ≤ st ≤ INSTALLATION
    in_journey = np.less(np.subtract(st, PURCHASE, out=buf.b.view(np.int8)).view(np.uint8), N_STAGES, out=buf.stay)
    journey_idx = np.flatnonzero(in_journey)
    jst = st[journey_idx]

    # Abandonment during the journey (very dissatisfied customers walk away).
    abandon_p = min(1.0, 5 * p.churn_max)
    leaving = (sat[journey_idx] < p.abandon_threshold) & (x[journey_idx] < abandon_p)
    gone = journey_idx[leaving]
    if gone.size:
        for s in range(N_STAGES):
            mask = jst[leaving] == s + 1
            out.departures[s] += np.count_nonzero(mask)
            out.stage_time[s] += float(c.wait[gone[mask]].sum()) + np.count_nonzero(mask)
        c.state[gone] = PROSPECT
        journey_idx, jst = journey_idx[~leaving], jst[~leaving]
    out.abandoned = int(gone.size)

    # Split the journey by stage once: a stable sort keeps each stage's rows in increasing
    # order, exactly the rows (and order) of journey_idx[jst == stage].
    order = np.argsort(jst, kind="stable")
    by_stage = journey_idx[order]
    bounds = np.searchsorted(jst[order], np.arange(PURCHASE, ACTIVE + 1, dtype=jst.dtype))
    contacted = [gone[:0]]
    completed = journey_idx[:0]
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
            hit = served[v[served] < w.incident_prob[s]]
            out.incidents[s] = hit.size
            sat[hit] -= p.incident_penalty
            c.incidents[hit] += 1
            contacted.append(hit)
            c.state[served] = s + 2 if s + 1 < N_STAGES else ACTIVE
            c.wait[served] = 0
            if s == N_STAGES - 1:
                completed = served
                # u < p_serve selected the served, so u / p_serve is a fresh uniform for them:
                # the survey draw is independent of service, incidents and abandonment (x).
                survey_cut = p.survey_rate * p_serve
    c.weeks[journey_idx] += 1

    # Completions: journey statistics and the transactional NPS survey.
    out.completions = completed.size
    if completed.size:
        out.journey_weeks = float(c.weeks[completed].sum())
        out.journey_incidents = float(c.incidents[completed].sum())
        out.completion_sat = float(np.clip(sat[completed], 0, 1).sum())
    respond = completed[u[completed] < survey_cut] if completed.size else completed

    # Active customers: ongoing service, churn, repurchase, routine contacts, relationship survey.
    # Full-length float32 arithmetic in place in one buffer, in the same order of operations
    # as the plain expressions in the comments (bit-identical results, no temporaries).
    active = np.equal(st, ACTIVE, out=buf.active)
    out.active_start = int(np.count_nonzero(active))
    f = buf.f
    # target_active = meet + gain * (ongoing_quality − expect)
    np.subtract(float(w.ongoing_quality), expect, out=f)
    np.multiply(f, float(gain), out=f)
    np.add(f, float(meet), out=f)
    # sat ← sat + active_weight × (target_active − sat) where active (× mask: exact, branch-free)
    np.subtract(f, sat, out=f)
    np.multiply(f, float(p.active_weight), out=f)
    np.multiply(f, active, out=f)
    np.add(sat, f, out=sat)
    np.clip(sat, 0, 1, out=sat)
    # hazard = churn_max × (1 − sat) ** churn_exponent
    np.subtract(1.0, sat, out=f)
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
    routine = np.flatnonzero(np.logical_and(np.less(u, p.contact_rate, out=buf.b), stay, out=buf.b))
    contacted.append(routine)
    rel = np.flatnonzero(np.logical_and(np.less(x, p.relationship_survey_rate, out=buf.b), stay, out=buf.b))
    respond = np.concatenate([respond, rel])

    # Prospects: acquisition raised by net promoters (word of mouth).
    a_rate = p.acquisition_rate * float(np.clip(1.0 + p.word_of_mouth * w.nps / 100.0, 0.0, 3.0))
    prospect = np.equal(st, PROSPECT, out=buf.active)
    new = np.flatnonzero(np.logical_and(np.less(v, a_rate, out=buf.b), prospect, out=buf.b))
    if new.size:
        c.state[new] = PURCHASE
        c.expect[new] = np.clip(rng.normal(p.expectation, p.expectation_sd, new.size), 0, 1)
        sat[new] = meet
        c.wait[new] = 0
        c.weeks[new] = 0
        c.incidents[new] = 0
    out.acquisitions = int(new.size)

    # Support queue: the week's contacts spread over opening hours, Erlang C per hour.
    who = np.concatenate(contacted)
    out.contacts = int(who.size)
    q = erlang_c(who.size / p.open_hours, 3600.0, p.aht_s, w.agents, p.answer_target_s)
    cap = ASA_CAP_TARGETS * p.answer_target_s
    out.asa = float(min(q.asa, cap)) if q.stable else cap
    out.service_level = float(q.service_level) if q.stable else 0.0
    out.queue_stable = bool(q.stable)
    if who.size:
        # Everyone else is already in [0, 1] (clipped above; newcomers start at meet_satisfaction).
        hurt = sat[who] - p.support_penalty * min(out.asa / p.answer_target_s, ASA_CAP_TARGETS) ** 0.5
        sat[who] = np.clip(hurt, 0, 1, out=hurt)

    # NPS answers (after the week's experience).
    if respond.size:
        out.promoters, out.detractors = nps_answers(sat[respond], p.nps_noise, rng)
        out.responses = int(respond.size)
    return out

