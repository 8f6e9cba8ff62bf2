"""March (1991) through the knowledge kernels: Figure 1, and the turnover and turbulence results.

Every replication runs through ``cxsim.kernels.knowledge`` (``random_beliefs``, ``socialize``,
``learn_code``, ``turnover``, ``turbulence``, ``code_alignment``); replications run side by side
as a batch axis ``(runs, n, m)``.

March's setting: one organisation of n = 50 individuals, m = 30 dimensions, beliefs uniform on
{-1, 0, 1}, code starting at 0, reality uniform on {-1, +1}. Each period, as in the published
recreation (Workiewicz, github.com/Mac13kW/March_1991_Original, after Christensen 2015):
turnover (p3), turbulence (p4), then individuals act, socialise to the code (p1) and the code
learns from the actions of the superior group (p2), the last two from the same start-of-period
state. Without turnover and turbulence a replication runs until equilibrium, i.e. until no
change is possible: no individual differs from the code where the code holds a view, and no
individual could outperform the code even with lucky coin flips (Σ belief·reality + #zeros is
not above Σ code·reality). With p3 or p4 > 0 there is no equilibrium: the replication runs a
fixed horizon (100 periods by default, the recreation's ``time_limit``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..kernels import knowledge as kn
from .check import Z_GAP, Check, DockingResult, as_seed_sequence, gap

# Published values (DESIGN §4: the public recreation, 10,000 runs per cell), row-major in (p1, p2).
MARCH_TABLE = {
    (0.1, 0.1): 0.863, (0.1, 0.5): 0.954, (0.1, 0.9): 0.972,
    (0.5, 0.1): 0.799, (0.5, 0.5): 0.811, (0.5, 0.9): 0.840,
    (0.9, 0.1): 0.813, (0.9, 0.5): 0.742, (0.9, 0.9): 0.728,
}
HORIZON = 100  # periods, when p3 or p4 > 0 (the recreation's time_limit)
MARCH_TOL = 0.02  # per cell at 2,000 runs (se ≈ 0.002–0.003 per cell)


@dataclass(frozen=True)
class MarchRuns:
    """Outcome of a batch of March replications."""

    final: np.ndarray  # (runs,) code knowledge Σ code·reality / m at equilibrium (or horizon)
    periods: np.ndarray  # (runs,) periods run
    converged: np.ndarray  # (runs,) bool: reached equilibrium (always False with p3/p4 > 0)
    series: np.ndarray | None  # (T + 1,) mean code knowledge per period (record=True only)

    @property
    def mean(self) -> float:
        return float(self.final.mean())

    @property
    def se(self) -> float:
        return float(self.final.std(ddof=1) / np.sqrt(self.final.size)) if self.final.size > 1 else float("nan")


def at_equilibrium(beliefs: np.ndarray, code: np.ndarray, reality: np.ndarray) -> np.ndarray:
    """(runs,) bool: no further change is possible (see the module docstring)."""
    code_score = np.einsum("rj,rj->r", code, reality, dtype=np.int64)
    best = np.einsum("rij,rj->ri", beliefs, reality, dtype=np.int64) + (beliefs == 0).sum(-1)
    could_teach = (best > code_score[:, None]).any(-1)
    c = code[:, None, :]
    could_learn = ((beliefs != c) & (c != 0)).any((-2, -1))
    return ~(could_teach | could_learn)


def run_march(p1: float, p2: float, runs: int, seed=0, p3: float = 0.0, p4: float = 0.0, n: int = 50, m: int = 30,
              max_steps: int = 20_000, horizon: int | None = None, record: bool = False) -> MarchRuns:
    """Run ``runs`` March replications at once (batch axis) through the knowledge kernels.

    ``horizon``: fixed number of periods (default: until equilibrium when p3 = p4 = 0, else
    ``HORIZON``). ``max_steps`` caps an equilibrium run (a run still moving then is reported
    with ``converged=False``). ``seed``: int or ``numpy.random.SeedSequence``.
    """
    rng = np.random.default_rng(as_seed_sequence(seed))
    until_eq = horizon is None and p3 == 0 and p4 == 0
    steps = max_steps if until_eq else (HORIZON if horizon is None else horizon)

    reality = kn.random_reality(rng, m, runs)
    beliefs = kn.random_beliefs(rng, n, m, runs)
    code = np.zeros((runs, m), dtype=np.int8)

    final = np.zeros(runs)
    periods = np.full(runs, steps, dtype=np.int64)
    converged = np.zeros(runs, dtype=bool)
    series = [float(kn.code_alignment(code, reality).mean())] if record else None
    live = np.arange(runs)  # replications still running (finished ones are dropped)

    for t in range(1, steps + 1):
        if p3 > 0:
            beliefs, _ = kn.turnover(beliefs, p3, rng)
        if p4 > 0:
            reality = kn.turbulence(reality, p4, rng)
        new_beliefs = kn.socialize(beliefs, code, p1, rng)
        code = kn.learn_code(code, beliefs, reality, p2, rng)
        beliefs = new_beliefs
        if record:
            # with until_eq, finished runs keep their final value (equilibrium is absorbing)
            now = final.copy()
            now[live] = kn.code_alignment(code, reality)
            series.append(float(now.mean()))
        if until_eq:
            done = at_equilibrium(beliefs, code, reality)
            if done.any():
                idx = live[done]
                final[idx] = kn.code_alignment(code[done], reality[done])
                periods[idx] = t
                converged[idx] = True
                keep = ~done
                live, beliefs, code, reality = live[keep], beliefs[keep], code[keep], reality[keep]
                if live.size == 0:
                    break
    if live.size:
        final[live] = kn.code_alignment(code, reality)
        periods[live] = steps
    return MarchRuns(final, periods, converged, np.array(series) if record else None)


@dataclass(frozen=True)
class MarchCell:
    """One cell of Figure 1: code knowledge at equilibrium, measured vs published."""

    p1: float
    p2: float
    published: float
    measured: float
    se: float
    converged: float  # share of replications that reached equilibrium
    mean_periods: float

    @property
    def error(self) -> float:
        return self.measured - self.published


@dataclass(frozen=True)
class MarchFigure1(DockingResult):
    """March's Figure 1: every published (p1, p2) cell, ``runs`` replications each."""

    cells: tuple[MarchCell, ...]
    runs: int
    seed: int
    tolerance: float = MARCH_TOL
    section = "march"
    description = """**March (1991).** J. G. March, "Exploration and exploitation in organizational learning",
*Organization Science* 2(1), Figure 1. The knowledge core (`cxsim/kernels/knowledge.py`: `random_beliefs`,
`socialize`, `learn_code`) reduced to March's setting: one organisation of 50 individuals,
30 dimensions, beliefs uniform on {−1, 0, 1}, code starting at 0, no network learning, no turnover,
no turbulence, run until equilibrium. Published values: the public recreation
(Workiewicz, after Christensen 2015; 10,000 runs per cell), DESIGN §4. Checks the socialisation
and code-learning rules: fast socialisation converges fast to a lower equilibrium."""

    def cell(self, p1: float, p2: float) -> MarchCell:
        return next(c for c in self.cells if (c.p1, c.p2) == (p1, p2))

    def cell_passed(self, c: MarchCell) -> bool:
        return abs(c.error) <= self.tolerance and c.converged == 1.0

    def checks(self) -> list[Check]:
        return [self.row(f"March 1991 code knowledge, p1 = {c.p1}, p2 = {c.p2}", f"{c.published:.3f}",
                         f"{c.measured:.4f} ± {c.se:.4f}", f"{c.error:+.4f}", f"±{self.tolerance}",
                         self.cell_passed(c), f"{self.runs}") for c in self.cells]


def march_table(runs: int = 2000, seed: int = 0, tolerance: float = MARCH_TOL) -> MarchFigure1:
    """Figure 1 (DESIGN §4): every cell of ``MARCH_TABLE`` run until equilibrium.

    Cells get independent child seeds of ``seed`` (SeedSequence.spawn), in row-major order.
    """
    cells = []
    for (p1, p2), child in zip(MARCH_TABLE, np.random.SeedSequence(seed).spawn(len(MARCH_TABLE))):
        res = run_march(p1, p2, runs, child)
        cells.append(MarchCell(p1, p2, MARCH_TABLE[(p1, p2)], res.mean, res.se, float(res.converged.mean()),
                               float(res.periods.mean())))
    return MarchFigure1(tuple(cells), runs, seed, tolerance)


def march_turnover(runs: int = 1000, seed=0, p1s=(0.1, 0.5, 0.9), p3s=(0.0, 0.01, 0.02, 0.05, 0.1, 0.2),
                   p2: float = 0.5, horizon: int = HORIZON) -> dict[tuple[float, float], MarchRuns]:
    """March's turnover experiment: code knowledge after ``horizon`` periods for each (p1, p3).

    March (1991): moderate turnover brings in naive newcomers whose diversity the code can learn
    from; too much turnover loses what was learned. Measured (1,000 runs, p2 = 0.5): at p1 = 0.1
    code knowledge rises from 0.954 (p3 = 0) to 0.988 (p3 = 0.02) and falls to 0.854 (p3 = 0.2);
    with faster socialisation (p1 = 0.5, 0.9) turnover up to 0.2 keeps raising it within 100
    periods. Returns {(p1, p3): runs}.
    """
    cells = [(p1, p3) for p1 in p1s for p3 in p3s]
    children = as_seed_sequence(seed).spawn(len(cells))
    return {(p1, p3): run_march(p1, p2, runs, child, p3=p3, horizon=horizon) for (p1, p3), child in zip(cells, children)}


def march_turbulence(runs: int = 1000, seed=0, p4: float = 0.02, p3s=(0.0, 0.1),
                     p1: float = 0.5, p2: float = 0.5, horizon: int = 200) -> dict[float, np.ndarray]:
    """March's turbulence experiment: mean code knowledge per period under turbulence ``p4``,
    without and with turnover. Returns {p3: (horizon + 1,) series}.

    March (1991): in a turbulent world an organisation without turnover sees its knowledge
    peak and then erode as reality drifts away from a homogeneous code; turnover keeps some
    of it. Measured (1,000 runs, p1 = p2 = 0.5, p4 = 0.02): without turnover knowledge peaks at
    about 0.65 near period 8 and decays to about 0 by period 150; with p3 = 0.1 it holds near 0.58.
    """
    children = as_seed_sequence(seed).spawn(len(p3s))
    return {p3: run_march(p1, p2, runs, child, p3=p3, p4=p4, horizon=horizon, record=True).series
            for p3, child in zip(p3s, children)}


@dataclass(frozen=True)
class MarchVariants(DockingResult):
    """March's turnover (p1 = 0.1, p2 = 0.5, p3 ∈ {0, 0.02, 0.2}, 100 periods) and turbulence
    (p4 = 0.02, p3 ∈ {0, 0.1}, 120 periods) results: each holds when the difference goes the
    published way by more than ``z_gap`` standard errors (or the stated margin)."""

    turnover: dict[float, MarchRuns]  # p3 → runs
    turbulence: dict[float, np.ndarray]  # p3 → mean code knowledge per period
    runs: int
    seed: int | np.random.SeedSequence
    z_gap: float = Z_GAP
    keep_margin: float = 0.3  # turnover must keep this much more knowledge in the last 20 periods
    section = "march_variants"
    description = """**March (1991), turnover and turbulence.** Same kernels with `turnover` (p3) and
`turbulence` (p4), fixed horizons (100 periods for turnover, 120 for turbulence). March's
qualitative results: moderate turnover improves the code when socialisation is slow, too much
turnover hurts; in a turbulent world knowledge erodes without turnover and is partly kept with it.
Pass = the difference in the published direction, at more than 4 standard errors (or the stated margin)."""

    def turnover_gap(self, a: float, b: float) -> tuple[float, float]:
        """(mean at p3 = a − mean at p3 = b, its z)."""
        ra, rb = self.turnover[a], self.turnover[b]
        return gap(ra.mean, ra.se, rb.mean, rb.se)

    @property
    def still(self) -> np.ndarray:
        """Code knowledge per period under turbulence without turnover."""
        return self.turbulence[0.0]

    @property
    def moving(self) -> np.ndarray:
        """Code knowledge per period under turbulence with turnover (p3 = 0.1)."""
        return self.turbulence[0.1]

    @property
    def erodes(self) -> bool:
        return bool(self.still.max() > 0.5 and self.still[-1] < 0.5 * self.still.max())

    @property
    def kept(self) -> float:
        """Turnover's advantage over no turnover in the last 20 periods of turbulence."""
        return float(self.moving[-20:].mean() - self.still[-20:].mean())

    def checks(self) -> list[Check]:
        tv, still, moving = self.turnover, self.still, self.moving
        d1, z1 = self.turnover_gap(0.02, 0.0)
        d2, z2 = self.turnover_gap(0.02, 0.2)
        return [
            self.row("March turnover: moderate turnover (p3 = 0.02) beats none (p1 = 0.1, p2 = 0.5, 100 periods)",
                     "higher with p3 = 0.02", f"{tv[0.02].mean:.4f} vs {tv[0.0].mean:.4f}", f"{d1:+.4f} (z = {z1:.1f})",
                     f"z > {self.z_gap:g}", z1 > self.z_gap, f"{self.runs} per p3"),
            self.row("March turnover: too much turnover (p3 = 0.2) hurts",
                     "lower with p3 = 0.2", f"{tv[0.2].mean:.4f} vs {tv[0.02].mean:.4f}", f"{-d2:+.4f} (z = {z2:.1f})",
                     f"z > {self.z_gap:g}", z2 > self.z_gap, f"{self.runs} per p3"),
            self.row("March turbulence (p4 = 0.02): without turnover knowledge peaks then erodes",
                     "final < ½ peak", f"peak {still.max():.3f} (period {int(still.argmax())}), final {still[-1]:.3f}",
                     f"final/peak {still[-1] / still.max():.2f}", "< 0.5", self.erodes, f"{self.runs}"),
            self.row("March turbulence: turnover (p3 = 0.1) keeps knowledge",
                     "higher with turnover", f"{moving[-20:].mean():.3f} vs {still[-20:].mean():.3f} (last 20 periods)",
                     f"{self.kept:+.3f}", f"> +{self.keep_margin}", self.kept > self.keep_margin, f"{self.runs}"),
        ]


def march_variants(runs: int = 2000, seed=0) -> MarchVariants:
    """The turnover and turbulence results the docking table shows; the two experiments get
    integer seeds drawn from ``seed`` (an int or a SeedSequence)."""
    s1, s2 = (int(x) for x in as_seed_sequence(seed).generate_state(2))
    turnover = {p3: r for (_, p3), r in march_turnover(runs, seed=s1, p1s=(0.1,), p3s=(0.0, 0.02, 0.2)).items()}
    turbulence = march_turbulence(runs, seed=s2, p4=0.02, p3s=(0.0, 0.1), horizon=120)
    return MarchVariants(turnover, turbulence, runs, seed)
