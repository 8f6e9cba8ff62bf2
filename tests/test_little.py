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
from cxsim.validation.little import LittleResult, little_journey, little_model

TOL = 0.03


@pytest.fixture(scope="module")
def kernel_run():
    return little_journey(n=5000, weeks=600, warmup=100, seed=7)


@pytest.fixture(scope="module")
def model_run():
    return little_model(customers=5000, weeks=300, warmup=26, seed=3)


def test_littles_law_per_stage_of_the_journey_kernel(kernel_run):
    assert [s.stage for s in kernel_run.stages] == ["purchase", "billing", "delivery", "installation"]
    assert kernel_run.worst <= TOL, kernel_run.stages
    for s in kernel_run.stages:
        assert s.lam > 30 and s.L > 30  # a real flow through every stage
    assert max(s.W for s in kernel_run.stages) > 1.2  # queues form: not one week everywhere


def test_kernel_counts_agree_with_the_outside_view(kernel_run):
    # the kernel's own Σ stage_time / Σ departures is the time observed from outside
    for s in kernel_run.stages:
        assert s.W_kernel == pytest.approx(s.W, rel=1e-12)
        # stationary: as many leave as enter
        assert s.departures_per_week == pytest.approx(s.lam, rel=0.02)


def test_littles_law_detects_lost_waiting_time():
    def leaky(c, w, p, rng):
        out = journey_step(c, w, p, rng)
        waiting = np.flatnonzero((c.state >= 1) & (c.state <= 4) & (c.wait > 0))
        c.wait[waiting[rng.random(waiting.size) < 0.2]] = 0  # a bookkeeping bug
        return out

    run = little_journey(n=5000, weeks=600, warmup=100, seed=7, step=leaky)
    assert run.worst > 3 * TOL, run.stages


def test_littles_law_per_stage_of_the_model_without_leader(model_run):
    assert model_run.worst <= TOL, model_run.stages
    for s in model_run.stages:
        assert s.lam > 30


def test_the_docking_result_at_this_size(kernel_run, model_run):
    """The result object the docking table renders: one row per stage and run, each passing at
    this file's tolerance; a tolerance below the worst error fails exactly that row."""
    res = LittleResult(kernel_run, model_run, tolerance=TOL)
    assert res.passed and len(res.checks()) == 8
    worst = max(kernel_run.worst, model_run.worst)
    tight = LittleResult(kernel_run, model_run, tolerance=0.999 * worst)
    assert sum(c.passed is False for c in tight.checks()) == 1
