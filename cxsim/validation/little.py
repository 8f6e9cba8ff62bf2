"""Little's law (1961), L = λW, per journey stage: the journey kernel with fixed inputs and the full
model without a CX leader, both observed from outside around each week."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from ..config import CustomerConfig
from ..kernels.journey import N_STAGES, STATE_NAMES, init_customers, journey_step
from .check import Check, DockingResult, as_seed_sequence
from .inputs import stationary_inputs

LITTLE_TOL = 0.01  # relative, per stage, at the docking table's sizes


@dataclass(frozen=True)
class StageFlow:
    """One stage: L (mean number present at the start of a week), λ (entries per week), W (mean
    weeks in the stage of those leaving it) and the relative error (λW − L) / L."""

    stage: str
    L: float
    lam: float
    W: float
    departures_per_week: float
    weeks: int
    W_kernel: float = math.nan  # the kernel's own Σ stage_time / Σ departures (kernel runs only)

    @property
    def lambda_W(self) -> float:
        return self.lam * self.W

    @property
    def rel_error(self) -> float:
        return (self.lam * self.W - self.L) / self.L if self.L else math.nan


@dataclass(frozen=True)
class LittleRun:
    """Little's law per stage on one long run."""

    stages: tuple[StageFlow, ...]
    customers: int
    weeks: int
    seed: int | np.random.SeedSequence = field(repr=False)

    @property
    def worst(self) -> float:
        """Largest |relative error| over the stages."""
        return max(abs(s.rel_error) for s in self.stages)


class LittleObserver:
    """Reads a :class:`~cxsim.kernels.journey.Customers` before and after each week, from outside.

    Per stage s: L = mean number in s at the start of a week; λ = customers entering s per
    week; W = mean time in s (weeks) of the customers leaving s, served or abandoning, read as
    the stage's wait counter at the start of their last week + 1 (a customer counted in k
    weekly snapshots of the stage stayed k weeks)."""

    def __init__(self):
        self.weeks = 0
        self.present = np.zeros(N_STAGES)
        self.arrivals = np.zeros(N_STAGES)
        self.departures = np.zeros(N_STAGES)
        self.sojourn = np.zeros(N_STAGES)

    def before(self, c) -> None:
        self._state = c.state.copy()
        self._wait = c.wait.astype(np.int64)

    def after(self, c) -> None:
        s0, s1 = self._state, c.state
        for k in range(N_STAGES):
            s = k + 1
            was, now = s0 == s, s1 == s
            self.present[k] += np.count_nonzero(was)
            self.arrivals[k] += np.count_nonzero(now & ~was)
            left = was & ~now
            self.departures[k] += np.count_nonzero(left)
            self.sojourn[k] += float(self._wait[left].sum()) + np.count_nonzero(left)
        self.weeks += 1

    def stages(self, w_kernel=None) -> tuple[StageFlow, ...]:
        """One :class:`StageFlow` per stage (``w_kernel``: the kernel's own W per stage, if known)."""
        out = []
        for k, name in enumerate(STATE_NAMES[1:1 + N_STAGES]):
            W = self.sojourn[k] / self.departures[k] if self.departures[k] else math.nan
            out.append(StageFlow(name, self.present[k] / self.weeks, self.arrivals[k] / self.weeks, W,
                                 self.departures[k] / self.weeks, self.weeks,
                                 math.nan if w_kernel is None else w_kernel[k]))
        return tuple(out)


def little_journey(n: int = 20_000, weeks: int = 2000, warmup: int = 200, seed=0,
                   capacity_margin: float | None = None, step=None) -> LittleRun:
    """Little's law per stage on a long stationary run of the journey kernel with fixed inputs
    (``stationary_inputs``), with the kernel's own W (Σ stage_time / Σ departures) beside the
    observed one. ``step`` replaces ``journey_step`` (tests inject deliberate bugs)."""
    p = CustomerConfig(n=n)
    w = stationary_inputs(p, capacity_margin)
    rng = np.random.default_rng(as_seed_sequence(seed))
    step = journey_step if step is None else step
    c = init_customers(p, rng, float(np.mean(w.quality)))
    for _ in range(warmup):
        step(c, w, p, rng)
    obs = LittleObserver()
    stage_time = np.zeros(N_STAGES)
    departures = np.zeros(N_STAGES)
    for _ in range(weeks):
        obs.before(c)
        counts = step(c, w, p, rng)
        obs.after(c)
        stage_time += counts.stage_time
        departures += counts.departures
    w_kernel = [stage_time[k] / departures[k] if departures[k] else math.nan for k in range(N_STAGES)]
    return LittleRun(obs.stages(w_kernel), n, weeks, seed)


def little_model(customers: int = 20_000, weeks: int = 520, warmup: int = 52, seed: int = 0) -> LittleRun:
    """Little's law per stage on a run of the full model without a CX leader (``CXModel`` with
    ``leader.enabled = false``), observed from outside around each ``model.step()``."""
    from ..model import CXModel

    model = CXModel(seed=seed, leader__enabled=False, customers__n=customers, steps=warmup + weeks)
    for _ in range(warmup):
        model.step()
    obs = LittleObserver()
    for _ in range(weeks):
        obs.before(model.customers)
        model.step()
        obs.after(model.customers)
    return LittleRun(obs.stages(), customers, weeks, seed)


@dataclass(frozen=True)
class LittleResult(DockingResult):
    """Little's law on the journey kernel and on the model, within ``tolerance`` per stage."""

    journey: LittleRun
    model: LittleRun
    tolerance: float = LITTLE_TOL
    section = "little"
    description = """**Little's law.** J. D. C. Little, "A proof for the queuing formula L = λW", *Operations
Research* 9(3) (1961). For each journey stage, observed from outside the kernel around each week:
L = mean number in the stage at the start of a week, λ = customers entering per week, W = mean
weeks in the stage of those leaving it (served or abandoning). Two runs: the journey kernel
(`cxsim/kernels/journey.py`) with fixed inputs at the model's capacity margin (0.9 × demand, so queues
form and are held by abandonment) after a 200-week warm-up, and the full model with no CX leader
after a 52-week warm-up. Checks the kernel's flow and waiting bookkeeping (one stage a week, wait
counters reset on entry); the kernel's own Σ stage_time / Σ departures equals the outside W."""

    def labelled_runs(self):
        """(row label, table title, run) of the two runs."""
        return (("journey kernel, fixed inputs", "journey kernel", self.journey),
                ("model, no CX leader", "model, no CX leader", self.model))

    def checks(self) -> list[Check]:
        rows = []
        for label, _, run in self.labelled_runs():
            size = f"{run.customers:,} customers, {run.weeks:,} weeks"
            for s in run.stages:
                rows.append(self.row(f"Little, {label}: {s.stage} (λ = {s.lam:.1f}/week, W = {s.W:.3f} weeks)",
                                     f"L = {s.L:.2f}", f"λW = {s.lambda_W:.2f}", f"{100 * s.rel_error:+.3f}%",
                                     f"±{100 * self.tolerance:g}%", abs(s.rel_error) <= self.tolerance, size))
        return rows

    def details(self) -> list[str]:
        lines = []
        for _, label, run in self.labelled_runs():
            lines += [f"### Little's law per stage ({label})", "",
                      "| stage | L | λ (per week) | W (weeks) | λW | (λW − L)/L | departures per week | W, kernel's own count |",
                      "|---|---|---|---|---|---|---|---|"]
            for s in run.stages:
                wk = "–" if math.isnan(s.W_kernel) else f"{s.W_kernel:.4f}"
                lines.append(f"| {s.stage} | {s.L:.2f} | {s.lam:.2f} | {s.W:.4f} | {s.lambda_W:.2f} | "
                             f"{100 * s.rel_error:+.3f}% | {s.departures_per_week:.2f} | {wk} |")
            lines.append("")
        return lines


def little_docking(seed=0) -> LittleResult:
    """20,000 customers: 2,000 weeks of the kernel after 200 of warm-up, 520 weeks of the model
    after 52 (fixed sizes: the table's ``runs`` does not change them)."""
    ss = as_seed_sequence(seed).spawn(2)
    return LittleResult(little_journey(20_000, 2000, 200, seed=ss[0]),
                        little_model(20_000, 520, 52, seed=int(ss[1].generate_state(1)[0])))
