"""The vectorised customer journey kernel on its own, with hand-set weekly inputs."""

import numpy as np
import pytest

from cxsim.config import CustomerConfig
from cxsim.kernels.journey import (
    ACTIVE,
    INSTALLATION,
    PROSPECT,
    PURCHASE,
    WeekInputs,
    init_customers,
    journey_step,
    nps_answers,
)


def inputs(quality=0.6, capacity=1e9, incident=0.0, agents=50, nps=0.0):
    return WeekInputs(
        quality=np.full(4, quality),
        capacity=np.full(4, capacity, dtype=float),
        incident_prob=np.full(4, incident),
        ongoing_quality=quality,
        agents=agents,
        nps=nps,
    )


def fresh(n=4000, seed=0, **kw):
    p = CustomerConfig(n=n, **kw)
    rng = np.random.default_rng(seed)
    return p, rng, init_customers(p, rng, 0.6)


def test_state_stays_valid_and_counts_balance():
    p, rng, c = fresh()
    for _ in range(30):
        out = journey_step(c, inputs(), p, rng)
        assert c.state.min() >= PROSPECT and c.state.max() <= ACTIVE
        assert np.all((c.sat >= 0) & (c.sat <= 1))
        assert out.completions == out.served[3]
        assert np.all(out.departures >= out.served)


def test_zero_capacity_makes_waiting_grow():
    p, rng, c = fresh(acquisition_rate=0.05)
    waiting = []
    for _ in range(10):
        out = journey_step(c, inputs(capacity=0.0), p, rng)
        waiting.append(out.waiting[0])
        assert out.served.sum() == 0
    assert waiting[-1] > 2 * waiting[0] > 0
    assert c.wait[c.state == PURCHASE].max() >= 9


def test_capacity_binds_service():
    p, rng, c = fresh(acquisition_rate=0.05)
    for _ in range(5):
        out = journey_step(c, inputs(capacity=10.0), p, rng)
        assert out.served[0] <= 10 + 4 * np.sqrt(10)  # random service ≈ capacity, not above it


def test_incident_rate_follows_probability():
    p, rng, c = fresh(n=20000)
    hits = served = 0
    for _ in range(20):
        out = journey_step(c, inputs(incident=0.3), p, rng)
        hits += out.incidents.sum()
        served += out.served.sum()
    rate = hits / served
    se = np.sqrt(0.3 * 0.7 / served)
    assert abs(rate - 0.3) < 4 * se


def test_incidents_and_waiting_lower_satisfaction():
    p, rng, c = fresh(seed=1)
    _, rng2, c2 = fresh(seed=1)
    for _ in range(20):
        journey_step(c, inputs(), p, rng)
        journey_step(c2, inputs(incident=0.5), p, rng2)
    assert c2.sat[c2.state >= PURCHASE].mean() < c.sat[c.state >= PURCHASE].mean()


def test_better_quality_means_less_churn():
    churn = {}
    for q in (0.4, 0.8):
        p, rng, c = fresh(n=20000, seed=2)
        total = 0
        for _ in range(26):
            total += journey_step(c, inputs(quality=q), p, rng).churned
        churn[q] = total
    assert churn[0.8] < churn[0.4]


def test_word_of_mouth_raises_acquisition():
    acq = {}
    for nps in (-60.0, 60.0):
        p, rng, c = fresh(n=20000, seed=3)
        acq[nps] = sum(journey_step(c, inputs(nps=nps), p, rng).acquisitions for _ in range(10))
    assert acq[60.0] > 1.5 * acq[-60.0]


def test_unstable_support_queue_is_capped_not_infinite():
    p, rng, c = fresh(n=20000, contact_rate=0.5)
    out = journey_step(c, inputs(agents=1), p, rng)
    assert not out.queue_stable
    assert np.isfinite(out.asa) and out.service_level == 0.0


@pytest.mark.parametrize("sat, promoters, detractors", [(0.99, True, False), (0.2, False, True)])
def test_nps_answers(sat, promoters, detractors):
    rng = np.random.default_rng(0)
    p, d = nps_answers(np.full(1000, sat, dtype=np.float32), 0.5, rng)
    assert (p > 900) == promoters and (d > 900) == detractors


def test_completions_become_active():
    p, rng, c = fresh()
    c.state[:] = INSTALLATION
    out = journey_step(c, inputs(), p, rng)
    assert out.completions > 0
    assert np.count_nonzero(c.state == ACTIVE) >= out.completions
