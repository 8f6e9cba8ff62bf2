"""Little's law (1961), L = λW, per journey stage, reduced.

The full check is ``python -m cxsim.validation 2000 --only little`` (20,000 customers, 2,000
weeks of the journey kernel and 520 weeks of the model without a CX leader, ±1%; measured
within ±0.04%). Here: 5,000 customers, 600 weeks of the kernel with fixed inputs at the model's
capacity margin (0.9 × demand, so queues form: W ≈ 1.3–4 weeks) after 100 weeks of warm-up,
and 300 weeks of the model. Tolerance ±3% per stage: Little's law is a sample-path identity,
and over a finite window the only error is the boundary (customers already in a stage when the
window opens, or still in it when it closes), about W / T; measured up to 0.8% at 600 weeks
and 1.7% at 300 weeks with long queues, over seeds 0–2.

Power: a kernel that loses part of the waiting time (a wait counter reset for 20% of the waiting
customers each week) is off by far more than the tolerance on the queued stages.
"""

from __future__ import annotations

import numpy as np
import pytest

from cxsim.kernels.journey import journey_step
from cxsim.validation.dockings import little_journey, little_model

TOL = 0.03


@pytest.fixture(scope="module")
def kernel_rows():
    return little_journey(n=5000, weeks=600, warmup=100, seed=7)


def test_littles_law_per_stage_of_the_journey_kernel(kernel_rows):
    assert [r["stage"] for r in kernel_rows] == ["purchase", "billing", "delivery", "installation"]
    for r in kernel_rows:
        assert abs(r["rel_error"]) <= TOL, r
        assert r["lambda"] > 30 and r["L"] > 30  # a real flow through every stage
    assert max(r["W"] for r in kernel_rows) > 1.2  # queues form: not one week everywhere


def test_kernel_counts_agree_with_the_outside_view(kernel_rows):
    # the kernel's own Σ stage_time / Σ departures is the time observed from outside
    for r in kernel_rows:
        assert r["W_kernel"] == pytest.approx(r["W"], rel=1e-12)
        # stationary: as many leave as enter
        assert r["departures_per_week"] == pytest.approx(r["lambda"], rel=0.02)


def test_littles_law_detects_lost_waiting_time():
    def leaky(c, w, p, rng):
        out = journey_step(c, w, p, rng)
        waiting = np.flatnonzero((c.state >= 1) & (c.state <= 4) & (c.wait > 0))
        c.wait[waiting[rng.random(waiting.size) < 0.2]] = 0  # a bookkeeping bug
        return out

    rows = little_journey(n=5000, weeks=600, warmup=100, seed=7, step=leaky)
    worst = max(abs(r["rel_error"]) for r in rows)
    assert worst > 3 * TOL, rows


def test_littles_law_per_stage_of_the_model_without_leader():
    rows = little_model(customers=5000, weeks=300, warmup=26, seed=3)
    for r in rows:
        assert abs(r["rel_error"]) <= TOL, r
        assert r["lambda"] > 30
