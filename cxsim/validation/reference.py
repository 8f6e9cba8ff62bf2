"""Docking: the vectorised journey kernel against the plain per-agent Mesa reference.

:mod:`cxsim.validation.reference_agents` writes the customer rules of
:func:`cxsim.kernels.journey.journey_step` out as one ``mesa.Agent.step`` per customer (plain
Python, no numpy). Both are fed the same fixed :class:`~cxsim.kernels.journey.WeekInputs`
(``stationary_inputs`` at capacity margin 1: each stage's capacity equals the expected flow, so
queues form and clear; incidents of 5–11% per handoff; support staffed for 80% within target)
for ``WEEKS`` weeks from the same initial mix, with their own random streams.

Statistics are per run (one seed = one run): mean time in journey of the completions, their
incidents and satisfaction at completion, the shares of completions taking 4, 5 and 6+ weeks
and suffering 0, 1 and 2+ incidents, promoter and detractor shares and NPS of the survey
answers, weekly churn, repurchase and acquisition rates, the share of stage occupants served,
support contacts, and the end-of-run active share and mean satisfaction.

Test: for every statistic, z = (mean over ``K_REF`` reference runs − mean over ``K_VEC`` kernel
runs) / (sd × √(1/K_REF + 1/K_VEC)), with sd the between-run standard deviation of the kernel
runs (cheap, so well estimated; under the null both have the same sd). |z| < ``Z_MAX`` = 4 for
every statistic (two-sided p ≈ 6e-5 each, about 1e-3 for the family of ~20 under normality).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from ..config import CustomerConfig
from ..kernels.journey import ACTIVE, INSTALLATION, PURCHASE, WeekInputs, init_customers, journey_step
from .check import Check, DockingResult
from .inputs import stationary_inputs
from .reference_agents import run_reference

N = 3000  # customers
WEEKS = 60
K_REF = 12  # reference runs (plain Python: ~2 M customer-steps in all, ~2 s)
K_VEC = 40  # kernel runs (cheap)
Z_MAX = 4.0
SEED0 = 20_240  # reference run k uses SEED0 + k, kernel run k SEED0 + 1000 + k
WEEK_TOTALS = ("journey_weeks", "journey_incidents", "completion_sat", "completions", "promoters", "detractors",
               "responses", "churned", "repurchases", "active_start", "acquisitions", "contacts")


def setting(customers: int = N, **changes) -> tuple[CustomerConfig, WeekInputs]:
    """The docking's customer parameters (``changes`` to any of them) and fixed week inputs."""
    p = CustomerConfig(n=customers, **changes)
    return p, stationary_inputs(p, 1.0)


def week_totals(week) -> dict[str, float]:
    """The totals of one week (a ``WeekCounts`` of the kernel or of the reference)."""
    d = {k: getattr(week, k) for k in WEEK_TOTALS}
    d["served"] = float(sum(week.served))
    d["in_stage"] = float(sum(week.in_stage))
    return d


def journey_statistics(weeks: list[dict], journeys: list[tuple[int, int]], end_active: float, end_sat: float) -> dict[str, float]:
    """The docked statistics of one run from its weekly totals and its completed journeys
    (weeks, incidents)."""
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


def kernel_run(seed: int, p: CustomerConfig, inputs: WeekInputs, weeks: int = WEEKS) -> dict[str, float]:
    """The statistics of one run of the vectorised kernel."""
    rng = np.random.default_rng(seed)
    c = init_customers(p, rng, float(np.mean(inputs.quality)))
    totals, journeys = [], []
    for _ in range(weeks):
        finishing = c.state == INSTALLATION
        o = journey_step(c, inputs, p, rng)
        done = np.flatnonzero(finishing & (c.state == ACTIVE))
        journeys += zip(c.weeks[done].tolist(), c.incidents[done].tolist())
        totals.append(week_totals(o))
    in_customer = c.state >= PURCHASE
    return journey_statistics(totals, journeys, float(np.mean(c.state == ACTIVE)), float(c.sat[in_customer].mean()))


def reference_run(seed: int, p: CustomerConfig, inputs: WeekInputs, weeks: int = WEEKS) -> dict[str, float]:
    """The statistics of one run of the per-agent reference."""
    model = run_reference(p, inputs, weeks, seed=seed)
    journeys = [(wk, inc) for wk, inc, _ in model.completed]
    custs = list(model.agents)
    sats = [a.sat for a in custs if a.state >= PURCHASE]
    return journey_statistics([week_totals(w) for w in model.history], journeys,
                              sum(a.state == ACTIVE for a in custs) / len(custs), sum(sats) / len(sats))


def reference_runs(p: CustomerConfig, inputs: WeekInputs, k: int = K_REF, seed: int = SEED0) -> list[dict[str, float]]:
    return [reference_run(seed + i, p, inputs) for i in range(k)]


def kernel_runs(p: CustomerConfig, inputs: WeekInputs, k: int = K_VEC, seed: int = SEED0 + 1000) -> list[dict[str, float]]:
    return [kernel_run(seed + i, p, inputs) for i in range(k)]


class Comparison(NamedTuple):
    """One statistic: mean over the reference runs, over the kernel runs, and the z of the gap."""

    reference: float
    kernel: float
    z: float

    def agrees(self, z_max: float) -> bool:
        """|z| below ``z_max`` (a missing z, e.g. zero spread with different means, never agrees)."""
        return abs(self.z) < z_max


@dataclass(frozen=True)
class ReferenceResult(DockingResult):
    """Every statistic compared; passes when |z| < ``z_max`` for all of them."""

    statistics: dict[str, Comparison]
    k_ref: int
    k_vec: int
    customers: int
    weeks: int
    seed: int  # reference run k used seed + k, kernel run k seed + 1000 + k
    z_max: float = Z_MAX
    section = "reference"
    description = """**Reference implementation.** `cxsim/validation/reference_agents.py` writes the customer rules out
as one `mesa.Agent.step` per customer in plain Python; fed the same fixed inputs it must give the
same distributions as the vectorised kernel (z-test per statistic, `cxsim/validation/reference.py`)."""

    @property
    def worst(self) -> str:
        return max(self.statistics, key=lambda k: abs(self.statistics[k].z))

    @property
    def max_abs_z(self) -> float:
        return abs(self.statistics[self.worst].z)

    def differing(self) -> dict[str, Comparison]:
        """The statistics with |z| ≥ ``z_max`` (or no z at all)."""
        return {k: c for k, c in self.statistics.items() if not c.agrees(self.z_max)}

    def table(self) -> str:
        return "\n".join(f"  {k:26s} ref {c.reference:9.4f}  kernel {c.kernel:9.4f}  z {c.z:+6.2f}"
                         for k, c in self.statistics.items())

    def checks(self) -> list[Check]:
        return [self.row(f"Plain per-agent Mesa reference vs kernel: {len(self.statistics)} journey statistics",
                         "same distributions", f"max |z| = {self.max_abs_z:.2f} ({self.worst})", f"{self.max_abs_z:.2f}",
                         f"|z| < {self.z_max:g} for every statistic", not self.differing(),
                         f"{self.k_ref} reference + {self.k_vec} kernel runs, {self.customers} customers × {self.weeks} weeks")]


def compare(ref_runs: list[dict], vec_runs: list[dict], customers: int = N, weeks: int = WEEKS,
            seed: int = SEED0, z_max: float = Z_MAX) -> ReferenceResult:
    """Each statistic's z: the gap of the two means in units of the kernel runs' spread."""
    out = {}
    for key in vec_runs[0]:
        a = np.array([r[key] for r in ref_runs])
        b = np.array([r[key] for r in vec_runs])
        se = b.std(ddof=1) * np.sqrt(1 / len(a) + 1 / len(b))
        z = (a.mean() - b.mean()) / se if se > 0 else (0.0 if a.mean() == b.mean() else np.inf)
        out[key] = Comparison(float(a.mean()), float(b.mean()), float(z))
    return ReferenceResult(out, len(ref_runs), len(vec_runs), customers, weeks, seed, z_max)


def reference_docking(seed: int = SEED0) -> ReferenceResult:
    """``K_REF`` reference runs and ``K_VEC`` kernel runs of ``N`` customers for ``WEEKS`` weeks."""
    p, w = setting()
    return compare(reference_runs(p, w, seed=seed), kernel_runs(p, w, seed=seed + 1000), seed=seed)
