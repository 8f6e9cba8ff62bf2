"""Docking: March (1991) through the model's own knowledge kernels, and Erlang C's textbook case.

Importable without Hydra or Mesa. Every March replication runs through ``cxsim.knowledge``
(``random_beliefs``, ``socialize``, ``learn_code``, ``turnover``, ``turbulence``,
``code_alignment``); replications are run side by side as a batch axis ``(runs, n, m)``.

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

import time
from dataclasses import dataclass

import numpy as np

from . import knowledge as kn
from .queueing import erlang_c

# Published values (DESIGN §4: the public recreation, 10,000 runs per cell).
MARCH_TABLE = {
    (0.1, 0.1): 0.863, (0.1, 0.5): 0.954, (0.1, 0.9): 0.972,
    (0.5, 0.1): 0.799, (0.5, 0.5): 0.811, (0.5, 0.9): 0.840,
    (0.9, 0.1): 0.813, (0.9, 0.5): 0.742, (0.9, 0.9): 0.728,
}
ERLANG_TEXTBOOK = {"traffic": 10.0, "p_wait": 0.1741, "service_level": 0.888, "asa": 7.84, "occupancy": 0.714}
HORIZON = 100  # periods, when p3 or p4 > 0 (the recreation's time_limit)


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


def _at_equilibrium(beliefs: np.ndarray, code: np.ndarray, reality: np.ndarray) -> np.ndarray:
    """(runs,) bool: no further change is possible (see the module docstring)."""
    code_score = np.einsum("rj,rj->r", code, reality, dtype=np.int64)
    best = np.einsum("rij,rj->ri", beliefs, reality, dtype=np.int64) + (beliefs == 0).sum(-1)
    could_teach = (best > code_score[:, None]).any(-1)
    c = code[:, None, :]
    could_learn = ((beliefs != c) & (c != 0)).any((-2, -1))
    return ~(could_teach | could_learn)


def run_march(
    p1: float,
    p2: float,
    runs: int,
    seed=0,
    p3: float = 0.0,
    p4: float = 0.0,
    n: int = 50,
    m: int = 30,
    max_steps: int = 20_000,
    horizon: int | None = None,
    record: bool = False,
) -> MarchRuns:
    """Run ``runs`` March replications at once (batch axis) through the knowledge kernels.

    ``horizon``: fixed number of periods (default: until equilibrium when p3 = p4 = 0, else
    ``HORIZON``). ``max_steps`` caps an equilibrium run (a run still moving then is reported
    with ``converged=False``). ``seed``: int or ``numpy.random.SeedSequence``.
    """
    ss = seed if isinstance(seed, np.random.SeedSequence) else np.random.SeedSequence(seed)
    rng = np.random.default_rng(ss)
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
            done = _at_equilibrium(beliefs, code, reality)
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


def march1991(p1, p2, runs, seed=0, p3=0.0, p4=0.0, n=50, m=30, max_steps=20_000, horizon=None) -> float:
    """Mean over ``runs`` replications of Σ code·reality / m at equilibrium (March's Figure 1).

    With p3 or p4 > 0: at the fixed horizon (``HORIZON`` = 100 periods unless given) instead.
    """
    return run_march(p1, p2, runs, seed, p3, p4, n, m, max_steps, horizon).mean


def march_table(runs: int = 2000, seed: int = 0, p1s=(0.1, 0.5, 0.9), p2s=(0.1, 0.5, 0.9)) -> list[dict]:
    """The DESIGN §4 table: one row per (p1, p2) cell with measured mean, SE, published value.

    Cells get independent child seeds of ``seed`` (SeedSequence.spawn), in row-major order.
    """
    cells = [(p1, p2) for p1 in p1s for p2 in p2s]
    rows = []
    for (p1, p2), child in zip(cells, np.random.SeedSequence(seed).spawn(len(cells))):
        t0 = time.perf_counter()
        res = run_march(p1, p2, runs, child)
        published = MARCH_TABLE.get((p1, p2))
        rows.append({
            "p1": p1, "p2": p2, "runs": runs, "measured": res.mean, "se": res.se,
            "published": published,
            "error": None if published is None else res.mean - published,
            "converged": float(res.converged.mean()), "mean_periods": float(res.periods.mean()),
            "seconds": time.perf_counter() - t0,
        })
    return rows


def march_turnover(runs: int = 1000, seed: int = 0, p1s=(0.1, 0.5, 0.9), p3s=(0.0, 0.01, 0.02, 0.05, 0.1, 0.2),
                   p2: float = 0.5, horizon: int = HORIZON) -> list[dict]:
    """March's turnover experiment: code knowledge after ``horizon`` periods for each (p1, p3).

    March (1991): moderate turnover brings in naive newcomers whose diversity the code can learn
    from; too much turnover loses what was learned. Measured (1,000 runs, p2 = 0.5): at p1 = 0.1
    code knowledge rises from 0.954 (p3 = 0) to 0.988 (p3 = 0.02) and falls to 0.854 (p3 = 0.2);
    with faster socialisation (p1 = 0.5, 0.9) turnover up to 0.2 keeps raising it within 100
    periods. Returns rows (p1, p3, p2, horizon, mean, se).
    """
    cells = [(p1, p3) for p1 in p1s for p3 in p3s]
    rows = []
    for (p1, p3), child in zip(cells, np.random.SeedSequence(seed).spawn(len(cells))):
        res = run_march(p1, p2, runs, child, p3=p3, horizon=horizon)
        rows.append({"p1": p1, "p3": p3, "p2": p2, "horizon": horizon, "mean": res.mean, "se": res.se})
    return rows


def march_turbulence(runs: int = 1000, seed: int = 0, p4: float = 0.02, p3s=(0.0, 0.1),
                     p1: float = 0.5, p2: float = 0.5, horizon: int = 200) -> dict:
    """March's turbulence experiment: mean code knowledge per period under turbulence ``p4``,
    without and with turnover. Returns {p3: (horizon + 1,) series}.

    March (1991): in a turbulent world an organisation without turnover sees its knowledge
    peak and then erode as reality drifts away from a homogeneous code; turnover keeps some
    of it. Measured (1,000 runs, p1 = p2 = 0.5, p4 = 0.02): without turnover knowledge peaks at
    about 0.65 near period 8 and decays to about 0 by period 150; with p3 = 0.1 it holds near 0.58.
    """
    out = {}
    for p3, child in zip(p3s, np.random.SeedSequence(seed).spawn(len(p3s))):
        out[p3] = run_march(p1, p2, runs, child, p3=p3, p4=p4, horizon=horizon, record=True).series
    return out


def erlang_textbook() -> dict:
    """The Erlang C textbook case (100 calls / 30 min, 180 s AHT, 14 agents, 20 s target),
    computed by ``cxsim.queueing.erlang_c`` vs the published figures."""
    q = erlang_c(100, 1800, 180, 14, 20)
    return {k: {"computed": float(getattr(q, k)), "published": v} for k, v in ERLANG_TEXTBOOK.items()}


def _print_table(rows) -> None:
    print(f"{'p1':>4} {'p2':>4} {'measured':>9} {'se':>7} {'published':>9} {'error':>7} {'periods':>8} {'s':>6}")
    for r in rows:
        print(f"{r['p1']:>4} {r['p2']:>4} {r['measured']:9.4f} {r['se']:7.4f} {r['published']:9.3f} "
              f"{r['error']:+7.4f} {r['mean_periods']:8.1f} {r['seconds']:6.1f}")


if __name__ == "__main__":  # python -m cxsim.validation [runs]
    import sys

    n_runs = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    t0 = time.perf_counter()
    table = march_table(n_runs)
    _print_table(table)
    print(f"total {time.perf_counter() - t0:.1f} s for {n_runs} runs per cell")
    for k, v in erlang_textbook().items():
        print(f"{k:>14}: {v['computed']:.4f} (published {v['published']})")
