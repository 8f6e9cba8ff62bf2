"""Docking: the vectorised journey kernel against the plain per-agent Mesa reference.

``benchmarks/reference_agents.py`` writes the customer rules of :func:`cxsim.kernels.journey.journey_step`
out as one ``mesa.Agent.step`` per customer (plain Python, no numpy). Both are fed the same fixed
:class:`~cxsim.kernels.journey.WeekInputs` (close to a default model's week 30; each stage's capacity
equals the expected flow, so queues form and clear; incidents of 5–11% per handoff; support
staffed for 80% within target) for ``WEEKS``
weeks from the same initial mix, with their own random streams.

Statistics are per run (one seed = one run): mean time in journey of the completions, their
incidents and satisfaction at completion, the shares of completions taking 4, 5 and 6+ weeks
and suffering 0, 1 and 2+ incidents, promoter and detractor shares and NPS of the survey
answers, weekly churn, repurchase and acquisition rates, the share of stage occupants served,
support contacts, and the end-of-run active share and mean satisfaction.

Test: for every statistic, z = (mean over ``K_REF`` reference runs − mean over ``K_VEC`` kernel
runs) / (sd × √(1/K_REF + 1/K_VEC)), with sd the between-run standard deviation of the kernel
runs (cheap, so well estimated; under the null both have the same sd). |z| < ``Z_MAX`` = 4 for
every statistic (two-sided p ≈ 6e-5 each, about 1e-3 for the family of ~20 under normality).
Power: the same comparison against a kernel with doubled incident probabilities, halved
capacity, or a flatter churn curve must fail on the statistic each change should move.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import numpy as np
import pytest

from cxsim.config import CustomerConfig
from cxsim.kernels.journey import ACTIVE, INSTALLATION, PURCHASE, init_customers, journey_step

ROOT = Path(__file__).resolve().parents[1]
N = 3000  # customers
WEEKS = 60
K_REF = 12  # reference runs (plain Python: ~2 M customer-steps in all, ~2 s)
K_VEC = 40  # kernel runs (cheap)
Z_MAX = 4.0
SEED0 = 20_240


def _load_reference():
    spec = importlib.util.spec_from_file_location("reference_agents", ROOT / "benchmarks" / "reference_agents.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("reference_agents", mod)
    spec.loader.exec_module(mod)
    return mod


ref = _load_reference()


def _stats(weeks: list[dict], journeys: list[tuple[int, int]], end_active: float, end_sat: float) -> dict[str, float]:
    tot = {k: sum(w[k] for w in weeks) for k in weeks[0]}
    jw = np.array([j[0] for j in journeys], float)
    ji = np.array([j[1] for j in journeys], float)
    return {
        "journey_weeks": tot["journey_weeks"] / tot["completions"],
        "incidents_per_journey": tot["journey_incidents"] / tot["completions"],
        "completion_satisfaction": tot["completion_sat"] / tot["completions"],
        "share_4_weeks": float(np.mean(jw == 4)),
        "share_5_weeks": float(np.mean(jw == 5)),
        "share_6plus_weeks": float(np.mean(jw >= 6)),
        "share_0_incidents": float(np.mean(ji == 0)),
        "share_1_incident": float(np.mean(ji == 1)),
        "share_2plus_incidents": float(np.mean(ji >= 2)),
        "promoter_share": tot["promoters"] / tot["responses"],
        "detractor_share": tot["detractors"] / tot["responses"],
        "nps": 100.0 * (tot["promoters"] - tot["detractors"]) / tot["responses"],
        "churn_rate": tot["churned"] / tot["active_start"],
        "repurchase_rate": tot["repurchases"] / tot["active_start"],
        "acquisitions_per_week": tot["acquisitions"] / len(weeks),
        "served_share": tot["served"] / tot["in_stage"],
        "contacts_per_week": tot["contacts"] / len(weeks),
        "end_active_share": end_active,
        "end_satisfaction": end_sat,
    }


def _week_dict(o) -> dict:
    return {
        "journey_weeks": o.journey_weeks,
        "journey_incidents": o.journey_incidents,
        "completion_sat": o.completion_sat,
        "completions": o.completions,
        "promoters": o.promoters,
        "detractors": o.detractors,
        "responses": o.responses,
        "churned": o.churned,
        "repurchases": o.repurchases,
        "active_start": o.active_start,
        "acquisitions": o.acquisitions,
        "served": float(np.sum(o.served)),
        "in_stage": float(np.sum(o.in_stage)),
        "contacts": o.contacts,
    }


def kernel_run(seed: int, p: CustomerConfig, inputs) -> dict[str, float]:
    rng = np.random.default_rng(seed)
    c = init_customers(p, rng, float(np.mean(inputs.quality)))
    weeks, journeys = [], []
    for _ in range(WEEKS):
        finishing = c.state == INSTALLATION
        o = journey_step(c, inputs, p, rng)
        done = np.flatnonzero(finishing & (c.state == ACTIVE))
        journeys += zip(c.weeks[done].tolist(), c.incidents[done].tolist())
        weeks.append(_week_dict(o))
    in_customer = c.state >= PURCHASE
    return _stats(weeks, journeys, float(np.mean(c.state == ACTIVE)), float(c.sat[in_customer].mean()))


def reference_run(seed: int, p: CustomerConfig, inputs) -> dict[str, float]:
    model = ref.run_reference(p, inputs, WEEKS, seed=seed)
    weeks = [_week_dict_ref(w) for w in model.history]
    journeys = [(wk, inc) for wk, inc, _ in model.completed]
    custs = list(model.agents)
    sats = [a.sat for a in custs if a.state >= PURCHASE]
    return _stats(weeks, journeys, sum(a.state == ACTIVE for a in custs) / len(custs), sum(sats) / len(sats))


def _week_dict_ref(w) -> dict:
    d = {k: getattr(w, k) for k in ("journey_weeks", "journey_incidents", "completion_sat", "completions", "promoters",
                                    "detractors", "responses", "churned", "repurchases", "active_start", "acquisitions", "contacts")}
    d["served"] = float(sum(w.served))
    d["in_stage"] = float(sum(w.in_stage))
    return d


def compare(ref_runs: list[dict], vec_runs: list[dict]) -> dict[str, tuple[float, float, float]]:
    """statistic → (reference mean, kernel mean, z)."""
    out = {}
    for key in vec_runs[0]:
        a = np.array([r[key] for r in ref_runs])
        b = np.array([r[key] for r in vec_runs])
        sd = b.std(ddof=1)
        se = sd * np.sqrt(1 / len(a) + 1 / len(b))
        z = (a.mean() - b.mean()) / se if se > 0 else (0.0 if a.mean() == b.mean() else np.inf)
        out[key] = (float(a.mean()), float(b.mean()), float(z))
    return out


def _table(result) -> str:
    return "\n".join(f"  {k:26s} ref {a:9.4f}  kernel {b:9.4f}  z {z:+6.2f}" for k, (a, b, z) in result.items())


@pytest.fixture(scope="module")
def setting():
    p = CustomerConfig(n=N)
    return p, ref.default_inputs(p)


@pytest.fixture(scope="module")
def reference_runs(setting):
    p, w = setting
    return [reference_run(SEED0 + k, p, w) for k in range(K_REF)]


def kernel_runs(p, w) -> list[dict]:
    return [kernel_run(SEED0 + 1000 + k, p, w) for k in range(K_VEC)]


def test_reference_is_plain_python():
    """The per-customer logic of the reference uses no numpy (it is the baseline of the speed ratio)."""
    import inspect

    for fn in (ref.RefCustomer.begin_week, ref.RefCustomer.step, ref.RefCustomer.__init__):
        assert "np." not in inspect.getsource(fn)


def test_kernel_and_reference_give_the_same_distributions(setting, reference_runs):
    p, w = setting
    result = compare(reference_runs, kernel_runs(p, w))
    bad = {k: v for k, v in result.items() if not abs(v[2]) < Z_MAX}
    assert not bad, f"kernel and reference differ (|z| ≥ {Z_MAX}):\n{_table(result)}"
    # the setting exercises every rule: queues, incidents, survey answers of both kinds, churn
    r = {k: v[1] for k, v in result.items()}
    assert 0.5 < r["served_share"] < 1.0 and 0.1 < r["incidents_per_journey"] < 1.0
    assert r["promoter_share"] > 0.05 and r["detractor_share"] > 0.05 and r["churn_rate"] > 0


@pytest.mark.parametrize(
    "change, statistics",
    [
        ("incidents×2", ("incidents_per_journey", "share_0_incidents", "completion_satisfaction")),
        ("capacity×0.5", ("journey_weeks", "served_share", "share_6plus_weeks")),
        ("churn_exponent 2→1.5", ("churn_rate",)),
    ],
)
def test_docking_detects_a_deliberate_change(setting, reference_runs, change, statistics):
    p, w = setting
    if change == "incidents×2":
        w = ref.default_inputs(p)
        w.incident_prob = w.incident_prob * 2
    elif change == "capacity×0.5":
        w = ref.default_inputs(p)
        w.capacity = w.capacity * 0.5
    else:
        p = CustomerConfig(n=N, churn_exponent=1.5)
    result = compare(reference_runs, kernel_runs(p, w))
    for key in statistics:
        assert abs(result[key][2]) >= Z_MAX, f"{change} not detected on {key}:\n{_table(result)}"
