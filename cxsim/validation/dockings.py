"""Docking: every published or theoretical result the model must reproduce (DESIGN §4).

``python -m cxsim.validation [runs]`` (``make validate``) runs them all and writes
``docs/validation.md``: March (1991) Figure 1 and its turnover and turbulence results through the
knowledge kernels, Erlang C's textbook case and edges, Bass (1969) diffusion through the
push-and-imitation kernel (``cxsim.kernels.diffusion``) well mixed and on the siloed employee network,
Little's law per journey stage (journey kernel and full model, observed from outside), and the
plain per-agent reference implementation of the journey. ``--only SECTION`` reruns one part.

Importable without Hydra or Mesa (the model-based Little check imports the model when run).

Every March replication runs through ``cxsim.kernels.knowledge`` (``random_beliefs``, ``socialize``, ``learn_code``, ``turnover``, ``turbulence``,
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
from pathlib import Path

import numpy as np

from ..kernels import diffusion as df
from ..kernels import knowledge as kn
from ..config import CustomerConfig
from ..kernels.journey import N_STAGES, STATE_NAMES, WeekInputs, expected_journey_starts, init_customers, journey_step
from ..kernels.queueing import erlang_c

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
    computed by ``cxsim.kernels.queueing.erlang_c`` vs the published figures."""
    q = erlang_c(100, 1800, 180, 14, 20)
    return {k: {"computed": float(getattr(q, k)), "published": v} for k, v in ERLANG_TEXTBOOK.items()}


# ---------------------------------------------------------------------------------------------
# Erlang C edges (beyond the textbook case)


def erlang_edges() -> list[dict]:
    """Edge behaviour of ``erlang_c`` / ``agents_needed`` the journey relies on: each row is
    (check, expected, observed, passed)."""
    import math

    from ..kernels.queueing import agents_needed

    rows = []
    zero = erlang_c(0, 1800, 180, 5, 20)
    rows.append(("zero traffic: idle, stable", "p_wait 0, SL 1, ASA 0",
                 f"p_wait {zero.p_wait:g}, SL {zero.service_level:g}, ASA {zero.asa:g}",
                 zero.stable and zero.p_wait == 0 and zero.service_level == 1 and zero.asa == 0))
    bad = [erlang_c(100, 1800, 180, n, 20) for n in (10, 7, 0)]
    rows.append(("traffic ≥ agents (A = 10; N = 10, 7, 0): unstable", "p_wait 1, SL 0, ASA inf",
                 ", ".join(f"N={n}: {'unstable' if not q.stable else 'stable'}" for n, q in zip((10, 7, 0), bad)),
                 all((not q.stable) and q.p_wait == 1 and q.service_level == 0 and math.isinf(q.asa) for q in bad)))
    big = erlang_c(1e6, 1800, 180, 100_050, 20)
    finite = all(math.isfinite(float(v)) for v in big[:5])
    rows.append(("100,000 Erlangs on 100,050 agents: finite (Erlang B recursion)", "finite, 0 ≤ p_wait ≤ 1",
                 f"p_wait {big.p_wait:.4f}, SL {big.service_level:.4f}", big.stable and finite and 0 <= big.p_wait <= 1))
    n80 = agents_needed(100, 1800, 180, 20, 0.8)
    rows.append(("agents for 80% in 20 s (textbook traffic)", "14 (13 answer fewer than 80%)", str(n80), n80 == 14))
    return [dict(zip(("check", "expected", "observed", "passed"), r)) for r in rows]


# ---------------------------------------------------------------------------------------------
# Bass (1969): organic diffusion through the model's push-and-imitation kernel

BASS_P, BASS_Q, BASS_STEPS = 0.01, 0.3, 60  # weekly push and imitation; 60 weeks
SILO_HIGH = 0.97  # the lack_of_transversality preset
SILO_NONE = 0.15  # ≈ Σ (headcount share)²: the inside share of ties when departments do not matter
BASS_TARGETS = ("billing", "logistics")  # the programme's two target departments (one handoff)


def _curve_errors(mean: np.ndarray, reference: np.ndarray) -> tuple[float, float]:
    d = np.asarray(mean) - np.asarray(reference)
    return float(np.abs(d).max()), float(np.sqrt(np.mean(d * d)))


def _t50s(curves: np.ndarray) -> np.ndarray:
    return np.array([df.time_to(c, 0.5) for c in curves])


def bass_well_mixed(n: int = 2000, replicates: int = 400, p: float = BASS_P, q: float = BASS_Q,
                    steps: int = BASS_STEPS, seed=0) -> dict:
    """Bass diffusion on a complete graph (well mixed, no silos) through ``diffusion.bass_step``
    (= ``diffusion.organic_step`` reduced to one practice), ``replicates`` organisations of
    ``n`` employees side by side, nobody adopted at t = 0. Mean adoption curve vs the discrete
    Bass recursion: max and RMS absolute difference over t = 0..steps, half-adoption times."""
    rng = np.random.default_rng(np.random.SeedSequence(seed) if not isinstance(seed, np.random.SeedSequence) else seed)
    a = np.zeros((replicates, n), dtype=bool)
    curves = np.zeros((replicates, steps + 1))
    for t in range(1, steps + 1):
        a = df.bass_step(a, p, q, rng)
        curves[:, t] = a.mean(axis=1)
    mean = curves.mean(axis=0)
    rec = df.bass_recursion(p, q, steps)
    mx, rms = _curve_errors(mean, rec)
    se = curves.std(axis=0, ddof=1) / np.sqrt(replicates)
    return {"n": n, "replicates": replicates, "p": p, "q": q, "steps": steps, "mean": mean, "recursion": rec,
            "max_error": mx, "rms_error": rms, "max_se": float(se.max()),
            "t50": df.time_to(mean), "t50_bass": df.time_to(rec),
            "t50_continuous": float(np.log(2 + q / p) / (p + q))}


def _complete_csr(n: int) -> tuple[np.ndarray, np.ndarray]:
    full = np.broadcast_to(np.arange(n), (n, n))
    indices = full[~np.eye(n, dtype=bool)].astype(np.int32)
    indptr = np.arange(0, n * (n - 1) + 1, n - 1, dtype=np.int64)
    return indptr, indices


def bass_model_order(n: int = 1000, replicates: int = 100, p: float = BASS_P, q: float = BASS_Q,
                     steps: int = BASS_STEPS, seed=0) -> dict:
    """The split step (the model's order before it used ``organic_step``): ``knowledge.socialize``
    towards the practice at p1 = p, then ``knowledge.interpersonal`` at p_ip = q from the pushed
    state (scores recomputed), on a complete graph. Kept as the plausible-but-different kernel the
    Bass tolerance must reject. Its mean-field curve is the split-step recursion
    (``diffusion.split_step_recursion``), not the classic Bass recursion: the distance to
    both is reported."""
    rng = np.random.default_rng(np.random.SeedSequence(seed) if not isinstance(seed, np.random.SeedSequence) else seed)
    indptr, indices = _complete_csr(n)
    code = np.ones(1, dtype=np.int8)
    curves = np.zeros((replicates, steps + 1))
    for r in range(replicates):
        b = np.zeros((n, 1), dtype=np.int8)
        for t in range(1, steps + 1):
            b = kn.socialize(b, code, p, rng)
            b = kn.interpersonal(b, b[:, 0].astype(float), indptr, indices, q, rng)
            curves[r, t] = (b[:, 0] == 1).mean()
    mean = curves.mean(axis=0)
    split = df.split_step_recursion(p, q, steps)
    classic = df.bass_recursion(p, q, steps)
    mx, rms = _curve_errors(mean, split)
    mx_c, rms_c = _curve_errors(mean, classic)
    return {"n": n, "replicates": replicates, "p": p, "q": q, "steps": steps, "mean": mean,
            "split_step": split, "recursion": classic, "max_error": mx, "rms_error": rms,
            "max_error_classic": mx_c, "rms_error_classic": rms_c,
            "t50": df.time_to(mean), "t50_split": df.time_to(split), "t50_bass": df.time_to(classic)}


def bass_silos(employees: int = 400, replicates: int = 200, p: float = BASS_P, q: float = BASS_Q,
               steps: int = BASS_STEPS, silos=(SILO_NONE, SILO_HIGH), mean_degree: float = 8.0,
               targets=BASS_TARGETS, seed=0) -> dict:
    """Bass diffusion on the model's employee network (``organization.build_network``: stochastic
    block model, ``employees`` in the model's eight departments, mean degree ``mean_degree``),
    one network per replicate, for each silo level and two pushes with the same company-wide
    total: ``uniform`` (p for everyone, the Bass setting) and ``targeted`` (the programme's
    champions: p × n / n_targets in the ``targets`` departments, 0 elsewhere). Replicate r
    uses the same network seed at every silo level. Returns {(silo, push): result}, each with
    the mean curve, its max/RMS difference to the Bass recursion and half-adoption times
    (of the mean curve, and per replicate: mean and standard error)."""
    import scipy.sparse as sp

    from ..config import DEPARTMENTS
    from ..structure import adjacency, build_network, department_sizes

    ss = seed if isinstance(seed, np.random.SeedSequence) else np.random.SeedSequence(seed)
    net_ss, run_ss = ss.spawn(2)
    net_seeds = [int(s.generate_state(1)[0] >> 1) for s in net_ss.spawn(replicates)]
    sizes = department_sizes(employees)
    dept = np.repeat(np.arange(len(DEPARTMENTS)), sizes)
    target = np.isin(dept, [DEPARTMENTS.index(d) for d in targets])
    pushes = {"uniform": np.full(employees, p), "targeted": np.where(target, p * employees / target.sum(), 0.0)}
    rec = df.bass_recursion(p, q, steps)
    out = {}
    for silo, silo_ss in zip(silos, run_ss.spawn(len(silos))):
        mats = [adjacency(build_network(sizes, silo, mean_degree, seed=s)) for s in net_seeds]
        A = sp.csr_array(sp.block_diag(mats, format="csr"))
        indptr, indices = A.indptr, A.indices
        inside = float(sum((m.toarray()[dept[:, None] == dept[None, :]]).sum() for m in mats[:5]) /
                       sum(m.sum() for m in mats[:5]))
        for (name, push), push_ss in zip(pushes.items(), silo_ss.spawn(len(pushes))):
            rng = np.random.default_rng(push_ss)
            pp = np.tile(push, replicates)
            a = np.zeros(replicates * employees, dtype=bool)
            curves = np.zeros((replicates, steps + 1))
            for t in range(1, steps + 1):
                a = df.bass_step(a, pp, q, rng, indptr, indices)
                curves[:, t] = a.reshape(replicates, employees).mean(axis=1)
            mean = curves.mean(axis=0)
            t50 = _t50s(curves)
            mx, rms = _curve_errors(mean, rec)
            out[(silo, name)] = {"silo": silo, "push": name, "inside_share": inside, "mean": mean,
                                 "max_error": mx, "rms_error": rms, "t50": df.time_to(mean),
                                 "t50_mean": float(t50.mean()), "t50_se": float(t50.std(ddof=1) / np.sqrt(replicates)),
                                 "reached": float(np.isfinite(t50).mean()), "replicates": replicates,
                                 "employees": employees, "mean_degree": mean_degree}
    out["recursion"] = rec
    return out


def slowdown(a: dict, b: dict) -> tuple[float, float]:
    """(t50 of b − t50 of a, z of that difference) from the per-replicate half-adoption times."""
    d = b["t50_mean"] - a["t50_mean"]
    return d, d / float(np.hypot(a["t50_se"], b["t50_se"]))


# ---------------------------------------------------------------------------------------------
# Little (1961): L = λW per journey stage


def stationary_inputs(p: CustomerConfig, capacity_margin: float | None = None) -> WeekInputs:
    """Fixed week inputs close to a default model's week 30 (the numbers of
    ``benchmarks/reference_agents.default_inputs``); each stage's capacity is
    ``capacity_margin`` (default ``p.capacity_margin``, as the model sizes it) × the expected
    weekly journey starts, so queues form; support staffed for 80% within target."""
    margin = p.capacity_margin if capacity_margin is None else capacity_margin
    flow = expected_journey_starts(p) * p.n
    incidents = [0.11, 0.11, 0.08, 0.05]
    contacts_per_hour = (p.n * p.initial_active * p.contact_rate + flow * sum(incidents)) / p.open_hours
    from ..kernels.queueing import agents_needed

    return WeekInputs(
        quality=np.array([0.52, 0.54, 0.69, 0.49]),
        capacity=np.full(N_STAGES, margin * flow),
        incident_prob=np.array(incidents),
        ongoing_quality=0.68,
        agents=agents_needed(contacts_per_hour, 3600.0, p.aht_s, p.answer_target_s, 0.8),
        nps=-16.0,
    )


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

    def rows(self) -> list[dict]:
        out = []
        for k, name in enumerate(STATE_NAMES[1:1 + N_STAGES]):
            L = self.present[k] / self.weeks
            lam = self.arrivals[k] / self.weeks
            W = self.sojourn[k] / self.departures[k] if self.departures[k] else float("nan")
            out.append({"stage": name, "L": L, "lambda": lam, "W": W, "lambda_W": lam * W,
                        "rel_error": (lam * W - L) / L if L else float("nan"),
                        "departures_per_week": self.departures[k] / self.weeks, "weeks": self.weeks})
        return out


def little_journey(n: int = 20_000, weeks: int = 2000, warmup: int = 200, seed=0,
                   capacity_margin: float | None = None, step=None) -> list[dict]:
    """Little's law per stage on a long stationary run of the journey kernel with fixed inputs
    (``stationary_inputs``): one row per stage with L, λ, W, λW and the relative error
    (λW − L) / L, plus ``W_kernel`` (the kernel's own Σ stage_time / Σ departures). ``step``
    replaces ``journey_step`` (tests inject deliberate bugs)."""
    p = CustomerConfig(n=n)
    w = stationary_inputs(p, capacity_margin)
    rng = np.random.default_rng(np.random.SeedSequence(seed) if not isinstance(seed, np.random.SeedSequence) else seed)
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
    rows = obs.rows()
    for k, r in enumerate(rows):
        r["W_kernel"] = stage_time[k] / departures[k] if departures[k] else float("nan")
        r["customers"] = n
    return rows


def little_model(customers: int = 20_000, weeks: int = 520, warmup: int = 52, seed: int = 0) -> list[dict]:
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
    rows = obs.rows()
    for r in rows:
        r["customers"] = customers
    return rows


# ---------------------------------------------------------------------------------------------
# Reference implementation (plain per-agent Mesa) vs the vectorised kernel


def reference_docking() -> dict | None:
    """The docking of ``tests/test_reference_docking.py`` (plain per-agent Mesa reference of the
    journey vs the kernel), run through that test module's own functions. None when the test
    module or ``benchmarks/reference_agents.py`` is not there (an installed package)."""
    import importlib.util
    import sys

    path = ROOT / "tests" / "test_reference_docking.py"
    if not path.exists() or not (ROOT / "benchmarks" / "reference_agents.py").exists():
        return None
    spec = importlib.util.spec_from_file_location("_cxsim_reference_docking", path)
    mod = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("_cxsim_reference_docking", mod)
    try:
        spec.loader.exec_module(mod)
    except ImportError:  # pytest missing (no dev extra)
        return None
    p = CustomerConfig(n=mod.N)
    w = mod.ref.default_inputs(p)
    refs = [mod.reference_run(mod.SEED0 + k, p, w) for k in range(mod.K_REF)]
    vecs = mod.kernel_runs(p, w)
    result = mod.compare(refs, vecs)
    worst = max(result, key=lambda k: abs(result[k][2]))
    return {"statistics": len(result), "max_abs_z": abs(result[worst][2]), "worst": worst, "z_max": mod.Z_MAX,
            "k_ref": mod.K_REF, "k_vec": mod.K_VEC, "customers": mod.N, "weeks": mod.WEEKS, "result": result}


# ---------------------------------------------------------------------------------------------
# All dockings and docs/validation.md

ROOT = Path(__file__).resolve().parents[2]
REPORT = ROOT / "docs" / "validation.md"
SECTIONS = ("march", "march_variants", "erlang", "bass", "little", "reference")
MARCH_TOL = 0.02  # per cell at 2,000 runs (se ≈ 0.002–0.003 per cell)
BASS_TOL_MAX, BASS_TOL_RMS, BASS_TOL_T50 = 0.01, 0.005, 0.25
LITTLE_TOL = 0.01
Z_GAP = 4.0


def _row(section, name, reference, value, error, tolerance, passed, runs, **extra) -> dict:
    return {"section": section, "docking": name, "reference": reference, "value": value, "error": error,
            "tolerance": tolerance, "passed": None if passed is None else bool(passed), "runs": runs,
            "command": f"python -m cxsim.validation {{runs}} --only {section}", **extra}


def run_all(runs: int = 2000, seed: int = 0, only=None, log=print) -> tuple[list[dict], dict]:
    """Run the dockings (all, or the ``only`` sections) with ``runs`` as the size knob; returns
    (table rows, details). March: ``runs`` replications per cell and per variant cell; Bass:
    ``runs // 5`` organisations well mixed and for the model's order, ``runs // 10``
    siloed networks; Little and the reference docking have fixed sizes."""
    sections = SECTIONS if only is None else tuple(only)
    rows: list[dict] = []
    details: dict = {"runs": runs, "seconds": {}}
    children = dict(zip(SECTIONS, np.random.SeedSequence(seed).spawn(len(SECTIONS))))

    def timed(name, fn):
        t0 = time.perf_counter()
        out = fn()
        details["seconds"][name] = time.perf_counter() - t0
        log(f"[{name}] {details['seconds'][name]:.1f} s")
        return out

    if "march" in sections:
        table = timed("march", lambda: march_table(runs, seed=seed))
        details["march"] = table
        for r in table:
            err = r["measured"] - r["published"]
            rows.append(_row("march", f"March 1991 code knowledge, p1 = {r['p1']}, p2 = {r['p2']}",
                             f"{r['published']:.3f}", f"{r['measured']:.4f} ± {r['se']:.4f}", f"{err:+.4f}",
                             f"±{MARCH_TOL}", abs(err) <= MARCH_TOL and r["converged"] == 1.0, f"{runs}"))

    if "march_variants" in sections:
        def variants():
            s1, s2 = (int(x) for x in children["march_variants"].generate_state(2))
            tv = {r["p3"]: r for r in march_turnover(runs, seed=s1, p1s=(0.1,), p3s=(0.0, 0.02, 0.2))}
            tb = march_turbulence(runs, seed=s2, p4=0.02, p3s=(0.0, 0.1), horizon=120)
            return tv, tb
        tv, tb = timed("march_variants", variants)
        details["march_turnover"], details["march_turbulence"] = tv, tb
        gap = lambda a, b: (tv[a]["mean"] - tv[b]["mean"], (tv[a]["mean"] - tv[b]["mean"]) / float(np.hypot(tv[a]["se"], tv[b]["se"])))
        d1, z1 = gap(0.02, 0.0)
        d2, z2 = gap(0.02, 0.2)
        rows.append(_row("march_variants", "March turnover: moderate turnover (p3 = 0.02) beats none (p1 = 0.1, p2 = 0.5, 100 periods)",
                         "higher with p3 = 0.02", f"{tv[0.02]['mean']:.4f} vs {tv[0.0]['mean']:.4f}", f"{d1:+.4f} (z = {z1:.1f})",
                         f"z > {Z_GAP:g}", z1 > Z_GAP, f"{runs} per p3"))
        rows.append(_row("march_variants", "March turnover: too much turnover (p3 = 0.2) hurts",
                         "lower with p3 = 0.2", f"{tv[0.2]['mean']:.4f} vs {tv[0.02]['mean']:.4f}", f"{-d2:+.4f} (z = {z2:.1f})",
                         f"z > {Z_GAP:g}", z2 > Z_GAP, f"{runs} per p3"))
        still, moving = tb[0.0], tb[0.1]
        rows.append(_row("march_variants", "March turbulence (p4 = 0.02): without turnover knowledge peaks then erodes",
                         "final < ½ peak", f"peak {still.max():.3f} (period {int(still.argmax())}), final {still[-1]:.3f}",
                         f"final/peak {still[-1] / still.max():.2f}", "< 0.5", bool(still.max() > 0.5 and still[-1] < 0.5 * still.max()),
                         f"{runs}"))
        keep = moving[-20:].mean() - still[-20:].mean()
        rows.append(_row("march_variants", "March turbulence: turnover (p3 = 0.1) keeps knowledge",
                         "higher with turnover", f"{moving[-20:].mean():.3f} vs {still[-20:].mean():.3f} (last 20 periods)",
                         f"{keep:+.3f}", "> +0.3", bool(keep > 0.3), f"{runs}"))

    if "erlang" in sections:
        tb = timed("erlang", erlang_textbook)
        details["erlang"] = tb
        for k, v in tb.items():
            ok = float(f"{v['computed']:.3g}") == float(f"{v['published']:.3g}")
            rows.append(_row("erlang", f"Erlang C textbook case: {k}", f"{v['published']:g}", f"{v['computed']:.4f}",
                             f"{v['computed'] - v['published']:+.4f}", "3 significant figures", ok, "exact"))
        for e in erlang_edges():
            rows.append(_row("erlang", f"Erlang C edge: {e['check']}", e["expected"], e["observed"], "–", "exact",
                             bool(e["passed"]), "exact"))

    if "bass" in sections:
        ss = children["bass"].spawn(3)
        wm = timed("bass_well_mixed", lambda: bass_well_mixed(2000, max(20, runs // 5), seed=ss[0]))
        mo = timed("bass_model_order", lambda: bass_model_order(1000, max(10, runs // 5), seed=ss[1]))
        si = timed("bass_silos", lambda: bass_silos(400, max(10, runs // 10), seed=ss[2]))
        details["bass_well_mixed"], details["bass_model_order"], details["bass_silos"] = wm, mo, si
        size = f"n = {wm['n']}, {wm['replicates']} replicates"
        rows.append(_row("bass", f"Bass well mixed (p = {wm['p']}, q = {wm['q']}, {wm['steps']} weeks): max |F̄(t) − F_Bass(t)|",
                         "0", f"{wm['max_error']:.4f}", f"{wm['max_error']:.4f}", f"≤ {BASS_TOL_MAX}",
                         wm["max_error"] <= BASS_TOL_MAX, size))
        rows.append(_row("bass", "Bass well mixed: RMS |F̄(t) − F_Bass(t)|", "0", f"{wm['rms_error']:.4f}",
                         f"{wm['rms_error']:.4f}", f"≤ {BASS_TOL_RMS}", wm["rms_error"] <= BASS_TOL_RMS, size))
        rows.append(_row("bass", "Bass well mixed: weeks to 50% adoption", f"{wm['t50_bass']:.2f}", f"{wm['t50']:.2f}",
                         f"{wm['t50'] - wm['t50_bass']:+.2f}", f"±{BASS_TOL_T50}", abs(wm["t50"] - wm["t50_bass"]) <= BASS_TOL_T50, size))
        msize = f"n = {mo['n']}, {mo['replicates']} replicates"
        rows.append(_row("bass", "Split step (socialise, then imitate the pushed state; the model's order before organic_step): max |F̄ − its own recursion|",
                         "0", f"{mo['max_error']:.4f}", f"{mo['max_error']:.4f}", f"≤ {BASS_TOL_MAX}", mo["max_error"] <= BASS_TOL_MAX, msize))
        rows.append(_row("bass", "Split step: max |F̄ − classic Bass recursion| (information: the tolerance rejects this kernel)",
                         "0", f"{mo['max_error_classic']:.4f}", f"{mo['max_error_classic']:.4f}", "–", None, msize))
        none_u, high_u = si[(SILO_NONE, "uniform")], si[(SILO_HIGH, "uniform")]
        none_t, high_t = si[(SILO_NONE, "targeted")], si[(SILO_HIGH, "targeted")]
        ssize = f"{high_u['employees']} employees, {high_u['replicates']} networks"
        d, z = high_u["t50_mean"] - wm["t50_bass"], (high_u["t50_mean"] - wm["t50_bass"]) / high_u["t50_se"]
        rows.append(_row("bass", f"Employee network (SBM, silo {SILO_HIGH}, degree {high_u['mean_degree']:g}), uniform push: weeks to 50% vs well mixed",
                         f"> {wm['t50_bass']:.2f} (Bass)", f"{high_u['t50_mean']:.2f} ± {high_u['t50_se']:.2f}",
                         f"{d:+.2f} (z = {z:.1f})", f"z > {Z_GAP:g}", bool(z > Z_GAP), ssize))
        d, z = slowdown(none_u, high_u)
        rows.append(_row("bass", f"Uniform push: weeks to 50%, silo {SILO_HIGH} vs {SILO_NONE} (information: a uniform push seeds every department)",
                         f"{none_u['t50_mean']:.2f} (no silos)", f"{high_u['t50_mean']:.2f} ± {high_u['t50_se']:.2f}",
                         f"{d:+.2f} (z = {z:.1f})", "–", None, ssize))
        d, z = slowdown(none_t, high_t)
        rows.append(_row("bass", f"Silos, push on the two target departments: weeks to 50%, silo {SILO_HIGH} vs {SILO_NONE} (no silos)",
                         f"> {none_t['t50_mean']:.2f} (no silos)", f"{high_t['t50_mean']:.2f} ± {high_t['t50_se']:.2f}",
                         f"{d:+.2f} (×{high_t['t50_mean'] / none_t['t50_mean']:.2f}, z = {z:.1f})", f"z > {Z_GAP:g}",
                         bool(z > Z_GAP), ssize))
        details["bass_silo_rows"] = [none_u, high_u, none_t, high_t]

    if "little" in sections:
        ss = children["little"].spawn(2)
        lj = timed("little_journey", lambda: little_journey(20_000, 2000, 200, seed=ss[0]))
        lm = timed("little_model", lambda: little_model(20_000, 520, 52, seed=int(ss[1].generate_state(1)[0])))
        details["little_journey"], details["little_model"] = lj, lm
        for label, res, size in (("journey kernel, fixed inputs", lj, "20,000 customers, 2,000 weeks"),
                                 ("model, no CX leader", lm, "20,000 customers, 520 weeks")):
            for r in res:
                rows.append(_row("little", f"Little, {label}: {r['stage']} (λ = {r['lambda']:.1f}/week, W = {r['W']:.3f} weeks)",
                                 f"L = {r['L']:.2f}", f"λW = {r['lambda_W']:.2f}", f"{100 * r['rel_error']:+.3f}%",
                                 f"±{100 * LITTLE_TOL:g}%", abs(r["rel_error"]) <= LITTLE_TOL, size))

    if "reference" in sections:
        rd = timed("reference", reference_docking)
        details["reference"] = rd
        if rd is not None:
            rows.append(_row("reference", f"Plain per-agent Mesa reference vs kernel: {rd['statistics']} journey statistics",
                             "same distributions", f"max |z| = {rd['max_abs_z']:.2f} ({rd['worst']})", f"{rd['max_abs_z']:.2f}",
                             f"|z| < {rd['z_max']:g} for every statistic", rd["max_abs_z"] < rd["z_max"],
                             f"{rd['k_ref']} reference + {rd['k_vec']} kernel runs, {rd['customers']} customers × {rd['weeks']} weeks"))
    for r in rows:
        r["command"] = r["command"].format(runs=runs)
    return rows, details


_TEXT = {
    "march": """**March (1991).** J. G. March, "Exploration and exploitation in organizational learning",
*Organization Science* 2(1), Figure 1. The knowledge core (`cxsim/knowledge.py`: `random_beliefs`,
`socialize`, `learn_code`) reduced to March's setting: one organisation of 50 individuals,
30 dimensions, beliefs uniform on {−1, 0, 1}, code starting at 0, no network learning, no turnover,
no turbulence, run until equilibrium. Published values: the public recreation
(Workiewicz, after Christensen 2015; 10,000 runs per cell), DESIGN §4. Checks the socialisation
and code-learning rules: fast socialisation converges fast to a lower equilibrium.""",
    "march_variants": """**March (1991), turnover and turbulence.** Same kernels with `turnover` (p3) and
`turbulence` (p4), fixed horizons (100 periods for turnover, 120 for turbulence). March's
qualitative results: moderate turnover improves the code when socialisation is slow, too much
turnover hurts; in a turbulent world knowledge erodes without turnover and is partly kept with it.
Pass = the difference in the published direction, at more than 4 standard errors (or the stated margin).""",
    "erlang": """**Erlang C.** A. K. Erlang (1917); the M/M/N delay formula in `cxsim/queueing.py` (Erlang B
recursion). Textbook case: 100 contacts per 30 minutes, 180 s handling time, 14 agents, 20 s
target: traffic 10 Erlangs, probability of waiting 0.1741, service level 0.888, average speed of
answer 7.84 s, occupancy 0.714. Edges: idle and unstable queues never raise or return NaN,
very large centres stay finite, and the staffing search returns the textbook 14 agents.""",
    "bass": """**Bass (1969).** F. M. Bass, "A new product growth for model consumer durables", *Management
Science* 15(5). Organic diffusion of a practice (the CX playbook) through
`cxsim/diffusion.py`: `organic_step` (socialisation towards the pushed code at p1 and
interpersonal learning from a better-performing neighbour at p_ip, as competing events from the
start-of-week state) reduced to one practice is `bass_step`: a non-adopter adopts with probability
p + q × 1[its random neighbour has adopted], i.e. p + q × (share of adopters among its neighbours).
On a complete graph (well mixed) the mean curve over replicates must follow the discrete Bass
recursion F(t+1) = F(t) + (p + q F(t))(1 − F(t)). `CXModel._learn` calls `organic_step` every
week. The split step the model used before (`knowledge.socialize`, then `knowledge.interpersonal`
from the pushed state) follows its own mean-field recursion (`diffusion.split_step_recursion`);
its distance to the classic recursion is shown to show that the tolerance rejects it. On the model's stochastic block model
(`cxsim/organization.py`, 400 employees in eight departments, mean degree 8) diffusion is slower
than Bass; with the push concentrated on the programme's two target departments (billing,
logistics) at the same company-wide total, strong silos (0.97, the `lack_of_transversality`
preset) slow it down much more than a network without silos (inside share 0.15 ≈ Σ headcount share²).""",
    "little": """**Little's law.** J. D. C. Little, "A proof for the queuing formula L = λW", *Operations
Research* 9(3) (1961). For each journey stage, observed from outside the kernel around each week:
L = mean number in the stage at the start of a week, λ = customers entering per week, W = mean
weeks in the stage of those leaving it (served or abandoning). Two runs: the journey kernel
(`cxsim/journey.py`) with fixed inputs at the model's capacity margin (0.9 × demand, so queues
form and are held by abandonment) after a 200-week warm-up, and the full model with no CX leader
after a 52-week warm-up. Checks the kernel's flow and waiting bookkeeping (one stage a week, wait
counters reset on entry); the kernel's own Σ stage_time / Σ departures equals the outside W.""",
    "reference": """**Reference implementation.** `benchmarks/reference_agents.py` writes the customer rules out
as one `mesa.Agent.step` per customer in plain Python; fed the same fixed inputs it must give the
same distributions as the vectorised kernel (z-test per statistic, `tests/test_reference_docking.py`).""",
}


def _md_escape(s) -> str:
    return str(s).replace("|", "\\|")


def render_report(rows: list[dict], details: dict, wall: float | None = None) -> str:
    runs = details["runs"]
    n_pass = sum(r["passed"] is True for r in rows)
    n_fail = sum(r["passed"] is False for r in rows)
    lines = [
        "# Validation: docking against published and theoretical results",
        "",
        f"Generated by `python -m cxsim.validation {runs}` (`make validate`); do not edit by hand.",
        f"{len(rows)} checks: {n_pass} pass, {n_fail} fail, {len(rows) - n_pass - n_fail} for information."
        + (f" Wall time {wall:.0f} s." if wall is not None else ""),
        "Each row's command reruns its section alone (it prints the rows and does not rewrite this file).",
        "",
        "| docking | published / theoretical | cxsim | error | tolerance | pass | runs | command |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        ok = {True: "pass", False: "**FAIL**", None: "info"}[r["passed"]]
        lines.append("| " + " | ".join(_md_escape(x) for x in (r["docking"], r["reference"], r["value"], r["error"],
                                                             r["tolerance"], ok, r["runs"])) + f" | `{r['command']}` |")
    lines += ["", "## What each docking checks", ""]
    for s in SECTIONS:
        if any(r["section"] == s for r in rows):
            lines += [_TEXT[s], ""]
    si = details.get("bass_silo_rows")
    if si:
        lines += ["### Bass on the model's network (all runs)", "",
                  "| silo | push | inside share of ties | weeks to 50% (mean ± se) | max / RMS distance to Bass |",
                  "|---|---|---|---|---|"]
        for r in si:
            lines.append(f"| {r['silo']} | {r['push']} | {r['inside_share']:.2f} | {r['t50_mean']:.2f} ± {r['t50_se']:.2f} | "
                         f"{r['max_error']:.3f} / {r['rms_error']:.3f} |")
        lines.append("")
    for key, label in (("little_journey", "journey kernel"), ("little_model", "model, no CX leader")):
        res = details.get(key)
        if res:
            lines += [f"### Little's law per stage ({label})", "",
                      "| stage | L | λ (per week) | W (weeks) | λW | (λW − L)/L | departures per week | W, kernel's own count |",
                      "|---|---|---|---|---|---|---|---|"]
            for r in res:
                wk = f"{r['W_kernel']:.4f}" if "W_kernel" in r else "–"
                lines.append(f"| {r['stage']} | {r['L']:.2f} | {r['lambda']:.2f} | {r['W']:.4f} | {r['lambda_W']:.2f} | "
                             f"{100 * r['rel_error']:+.3f}% | {r['departures_per_week']:.2f} | {wk} |")
            lines.append("")
    secs = details.get("seconds", {})
    if secs:
        lines += ["Seconds per part: " + ", ".join(f"{k} {v:.1f}" for k, v in secs.items()) + ".", ""]
    return "\n".join(lines)


def write_report(text: str, path: Path = REPORT) -> Path:
    """Write atomically: a temporary file in the same directory, then rename."""
    import os
    import tempfile

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".validation-", suffix=".md", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return path


def _print_rows(rows: list[dict]) -> None:
    for r in rows:
        ok = {True: "pass", False: "FAIL", None: "info"}[r["passed"]]
        print(f"{ok:4} | {r['docking']} | ref {r['reference']} | cxsim {r['value']} | err {r['error']} | tol {r['tolerance']}")


def main(argv=None) -> int:
    """``python -m cxsim.validation [runs] [--only SECTION[,SECTION]] [--out PATH] [--no-write]``.

    Runs every docking and writes docs/validation.md (atomically) unless ``--only`` or
    ``--no-write``; exits 1 when a check fails."""
    import argparse

    ap = argparse.ArgumentParser(prog="python -m cxsim.validation", description=main.__doc__)
    ap.add_argument("runs", nargs="?", type=int, default=2000)
    ap.add_argument("--only", default=None, help=f"comma-separated sections: {', '.join(SECTIONS)}")
    ap.add_argument("--out", default=str(REPORT))
    ap.add_argument("--no-write", action="store_true")
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args(argv)
    only = None if a.only is None else [s.strip() for s in a.only.split(",") if s.strip()]
    if only:
        unknown = set(only) - set(SECTIONS)
        if unknown:
            ap.error(f"unknown section(s) {sorted(unknown)}; choose from {', '.join(SECTIONS)}")
    t0 = time.perf_counter()
    rows, details = run_all(a.runs, seed=a.seed, only=only)
    wall = time.perf_counter() - t0
    _print_rows(rows)
    print(f"total {wall:.1f} s")
    if only is None and not a.no_write:
        print(f"wrote {write_report(render_report(rows, details, wall), Path(a.out))}")
    return 1 if any(r["passed"] is False for r in rows) else 0


if __name__ == "__main__":
    raise SystemExit(main())
