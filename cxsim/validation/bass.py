"""Bass (1969): organic diffusion through the model's push-and-imitation kernel.

``cxsim.kernels.diffusion.bass_step`` (``organic_step`` reduced to one practice) well mixed
must follow the discrete Bass recursion; the split step the model used before follows its own
recursion, which the tolerance rejects; on the model's siloed employee network a push on the
programme's two target departments spreads much more slowly than without silos.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..kernels import diffusion as df
from ..kernels import knowledge as kn
from .check import Z_GAP, Check, DockingResult, as_seed_sequence, gap

BASS_P, BASS_Q, BASS_STEPS = 0.01, 0.3, 60  # weekly push and imitation; 60 weeks
SILO_NONE = 0.15  # ≈ Σ (headcount share)²: the inside share of ties when departments do not matter
BASS_TARGETS = ("billing", "logistics")  # the programme's two target departments (one handoff)
STRONG_SILOS = ["company=lack_of_transversality"]  # the preset whose silos the docking uses
BASS_TOL_MAX, BASS_TOL_RMS, BASS_TOL_T50 = 0.01, 0.005, 0.25


def strong_silo() -> float:
    """The ``silo`` of the strongly siloed company preset, composed from ``configs/``."""
    from ..cli.scenarios import compose

    return compose(STRONG_SILOS).company.silo


def _curve_errors(mean: np.ndarray, reference: np.ndarray) -> tuple[float, float]:
    d = np.asarray(mean) - np.asarray(reference)
    return float(np.abs(d).max()), float(np.sqrt(np.mean(d * d)))


@dataclass(frozen=True)
class BassCurve:
    """Mean adoption curve over replicates on a complete graph vs the discrete Bass recursion."""

    n: int
    replicates: int
    p: float
    q: float
    steps: int
    mean: np.ndarray  # (steps + 1,) mean adoption per week
    recursion: np.ndarray  # (steps + 1,) the discrete Bass recursion
    max_error: float
    rms_error: float
    max_se: float  # largest standard error of the mean curve
    t50: float  # weeks to 50% adoption of the mean curve
    t50_bass: float  # of the recursion
    t50_continuous: float  # of the continuous Bass curve, ln(2 + q/p) / (p + q)


def bass_well_mixed(n: int = 2000, replicates: int = 400, p: float = BASS_P, q: float = BASS_Q,
                    steps: int = BASS_STEPS, seed=0) -> BassCurve:
    """Bass diffusion on a complete graph (well mixed, no silos) through ``diffusion.bass_step``
    (= ``diffusion.organic_step`` reduced to one practice), ``replicates`` organisations of
    ``n`` employees side by side, nobody adopted at t = 0."""
    rng = np.random.default_rng(as_seed_sequence(seed))
    a = np.zeros((replicates, n), dtype=bool)
    curves = np.zeros((replicates, steps + 1))
    for t in range(1, steps + 1):
        a = df.bass_step(a, p, q, rng)
        curves[:, t] = a.mean(axis=1)
    mean = curves.mean(axis=0)
    rec = df.bass_recursion(p, q, steps)
    mx, rms = _curve_errors(mean, rec)
    se = curves.std(axis=0, ddof=1) / np.sqrt(replicates)
    return BassCurve(n, replicates, p, q, steps, mean, rec, mx, rms, float(se.max()), df.time_to(mean), df.time_to(rec),
                     float(np.log(2 + q / p) / (p + q)))


@dataclass(frozen=True)
class SplitStepCurve:
    """The former split step's mean curve vs its own recursion and vs the classic one."""

    n: int
    replicates: int
    mean: np.ndarray
    split_step: np.ndarray  # its own mean-field recursion
    recursion: np.ndarray  # the classic Bass recursion
    max_error: float  # to its own recursion
    rms_error: float
    max_error_classic: float  # to the classic recursion
    rms_error_classic: float


def bass_model_order(n: int = 1000, replicates: int = 100, p: float = BASS_P, q: float = BASS_Q,
                     steps: int = BASS_STEPS, seed=0) -> SplitStepCurve:
    """The split step (the model's order before it used ``organic_step``): ``knowledge.socialize``
    towards the practice at p1 = p, then ``knowledge.interpersonal`` at p_ip = q from the pushed
    state (scores recomputed), on a complete graph. Kept as the plausible-but-different kernel the
    tolerance must reject: its mean curve follows its own mean-field recursion
    (``diffusion.split_step_recursion``), not the classic Bass recursion."""
    rng = np.random.default_rng(as_seed_sequence(seed))
    full = np.broadcast_to(np.arange(n), (n, n))
    indices = full[~np.eye(n, dtype=bool)].astype(np.int32)  # a complete graph as CSR
    indptr = np.arange(0, n * (n - 1) + 1, n - 1, dtype=np.int64)
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
    return SplitStepCurve(n, replicates, mean, split, classic, *_curve_errors(mean, split), *_curve_errors(mean, classic))


@dataclass(frozen=True)
class SiloCurve:
    """Diffusion on the employee network at one silo level with one push."""

    silo: float
    push: str  # "uniform" or "targeted"
    inside_share: float  # share of ties inside a department (first five networks)
    mean: np.ndarray
    max_error: float  # to the Bass recursion
    rms_error: float
    t50: float  # weeks to 50% of the mean curve
    t50_mean: float  # mean over replicates of each replicate's weeks to 50%
    t50_se: float
    reached: float  # share of replicates that reached 50%
    replicates: int
    employees: int
    mean_degree: float


@dataclass(frozen=True)
class SiloRuns:
    """Every (silo, push) curve, at the weak and the strong silo level."""

    curves: dict[tuple[float, str], SiloCurve]
    weak: float
    strong: float
    recursion: np.ndarray

    def curve(self, strong: bool, push: str) -> SiloCurve:
        return self.curves[(self.strong if strong else self.weak, push)]

    def slowdown(self, push: str) -> tuple[float, float]:
        """(t50 strong − t50 weak, z of that difference) from the per-replicate half-adoption times."""
        weak, strong = self.curve(False, push), self.curve(True, push)
        return gap(strong.t50_mean, strong.t50_se, weak.t50_mean, weak.t50_se)


def bass_silos(employees: int = 400, replicates: int = 200, p: float = BASS_P, q: float = BASS_Q,
               steps: int = BASS_STEPS, silos: tuple[float, float] | None = None, mean_degree: float = 8.0,
               targets=BASS_TARGETS, seed=0) -> SiloRuns:
    """Bass diffusion on the model's employee network (``structure.build_network``: stochastic
    block model, ``employees`` in the model's eight departments, mean degree ``mean_degree``),
    one network per replicate, for each of the (weak, strong) ``silos`` (default: no silos,
    ``SILO_NONE``, and the ``lack_of_transversality`` preset) and two pushes with the same
    company-wide total: ``uniform`` (p for everyone, the Bass setting) and ``targeted`` (the
    programme's champions: p × n / n_targets in the ``targets`` departments, 0 elsewhere).
    Replicate r uses the same network seed at every silo level."""
    import scipy.sparse as sp

    from ..config import DEPARTMENTS
    from ..structure import adjacency, build_network, department_sizes

    silos = (SILO_NONE, strong_silo()) if silos is None else tuple(silos)
    net_ss, run_ss = as_seed_sequence(seed).spawn(2)
    net_seeds = [int(s.generate_state(1)[0] >> 1) for s in net_ss.spawn(replicates)]
    sizes = department_sizes(employees)
    dept = np.repeat(np.arange(len(DEPARTMENTS)), sizes)
    target = np.isin(dept, [DEPARTMENTS.index(d) for d in targets])
    pushes = {"uniform": np.full(employees, p), "targeted": np.where(target, p * employees / target.sum(), 0.0)}
    rec = df.bass_recursion(p, q, steps)
    curves = {}
    for silo, silo_ss in zip(silos, run_ss.spawn(len(silos))):
        mats = [adjacency(build_network(sizes, silo, mean_degree, seed=s)) for s in net_seeds]
        A = sp.csr_array(sp.block_diag(mats, format="csr"))
        inside = float(sum((m.toarray()[dept[:, None] == dept[None, :]]).sum() for m in mats[:5]) /
                       sum(m.sum() for m in mats[:5]))
        for (name, push), push_ss in zip(pushes.items(), silo_ss.spawn(len(pushes))):
            rng = np.random.default_rng(push_ss)
            pp = np.tile(push, replicates)
            a = np.zeros(replicates * employees, dtype=bool)
            per_rep = np.zeros((replicates, steps + 1))
            for t in range(1, steps + 1):
                a = df.bass_step(a, pp, q, rng, A.indptr, A.indices)
                per_rep[:, t] = a.reshape(replicates, employees).mean(axis=1)
            mean = per_rep.mean(axis=0)
            t50 = np.array([df.time_to(c, 0.5) for c in per_rep])
            curves[(silo, name)] = SiloCurve(silo, name, inside, mean, *_curve_errors(mean, rec), df.time_to(mean),
                                             float(t50.mean()), float(t50.std(ddof=1) / np.sqrt(replicates)),
                                             float(np.isfinite(t50).mean()), replicates, employees, mean_degree)
    return SiloRuns(curves, silos[0], silos[1], rec)


@dataclass(frozen=True)
class BassResult(DockingResult):
    """Well mixed vs the recursion, the split step rejected, and the slowdown of silos."""

    well_mixed: BassCurve
    model_order: SplitStepCurve
    silos: SiloRuns
    seed: int | np.random.SeedSequence
    tol_max: float = BASS_TOL_MAX
    tol_rms: float = BASS_TOL_RMS
    tol_t50: float = BASS_TOL_T50
    z_gap: float = Z_GAP
    section = "bass"
    description = """**Bass (1969).** F. M. Bass, "A new product growth for model consumer durables", *Management
Science* 15(5). Organic diffusion of a practice (the CX playbook) through
`cxsim/kernels/diffusion.py`: `organic_step` (socialisation towards the pushed code at p1 and
interpersonal learning from a better-performing neighbour at p_ip, as competing events from the
start-of-week state) reduced to one practice is `bass_step`: a non-adopter adopts with probability
p + q × 1[its random neighbour has adopted], i.e. p + q × (share of adopters among its neighbours).
On a complete graph (well mixed) the mean curve over replicates must follow the discrete Bass
recursion F(t+1) = F(t) + (p + q F(t))(1 − F(t)). The model calls `organic_step` every
week. The split step the model used before (`knowledge.socialize`, then `knowledge.interpersonal`
from the pushed state) follows its own mean-field recursion (`diffusion.split_step_recursion`);
its distance to the classic recursion is shown to show that the tolerance rejects it. On the model's stochastic block model
(`cxsim/structure.py`, 400 employees in eight departments, mean degree 8) diffusion is slower
than Bass; with the push concentrated on the programme's two target departments (billing,
logistics) at the same company-wide total, strong silos (the `lack_of_transversality`
preset) slow it down much more than a network without silos (inside share 0.15 ≈ Σ headcount share²)."""

    def checks(self) -> list[Check]:
        wm, mo, si = self.well_mixed, self.model_order, self.silos
        size = f"n = {wm.n}, {wm.replicates} replicates"
        rows = [
            self.row(f"Bass well mixed (p = {wm.p}, q = {wm.q}, {wm.steps} weeks): max |F̄(t) − F_Bass(t)|", "0",
                     f"{wm.max_error:.4f}", f"{wm.max_error:.4f}", f"≤ {self.tol_max}", wm.max_error <= self.tol_max, size),
            self.row("Bass well mixed: RMS |F̄(t) − F_Bass(t)|", "0", f"{wm.rms_error:.4f}", f"{wm.rms_error:.4f}",
                     f"≤ {self.tol_rms}", wm.rms_error <= self.tol_rms, size),
            self.row("Bass well mixed: weeks to 50% adoption", f"{wm.t50_bass:.2f}", f"{wm.t50:.2f}", f"{wm.t50 - wm.t50_bass:+.2f}",
                     f"±{self.tol_t50}", abs(wm.t50 - wm.t50_bass) <= self.tol_t50, size),
        ]
        msize = f"n = {mo.n}, {mo.replicates} replicates"
        rows += [
            self.row("Split step (socialise, then imitate the pushed state; the model's order before organic_step): max |F̄ − its own recursion|",
                     "0", f"{mo.max_error:.4f}", f"{mo.max_error:.4f}", f"≤ {self.tol_max}", mo.max_error <= self.tol_max, msize),
            self.row("Split step: max |F̄ − classic Bass recursion| (information: the tolerance rejects this kernel)",
                     "0", f"{mo.max_error_classic:.4f}", f"{mo.max_error_classic:.4f}", "–", None, msize),
        ]
        none_u, high_u = si.curve(False, "uniform"), si.curve(True, "uniform")
        none_t, high_t = si.curve(False, "targeted"), si.curve(True, "targeted")
        ssize = f"{high_u.employees} employees, {high_u.replicates} networks"
        d, z = gap(high_u.t50_mean, high_u.t50_se, wm.t50_bass, 0.0)
        rows.append(self.row(f"Employee network (SBM, silo {si.strong}, degree {high_u.mean_degree:g}), uniform push: weeks to 50% vs well mixed",
                             f"> {wm.t50_bass:.2f} (Bass)", f"{high_u.t50_mean:.2f} ± {high_u.t50_se:.2f}",
                             f"{d:+.2f} (z = {z:.1f})", f"z > {self.z_gap:g}", z > self.z_gap, ssize))
        d, z = si.slowdown("uniform")
        rows.append(self.row(f"Uniform push: weeks to 50%, silo {si.strong} vs {si.weak} (information: a uniform push seeds every department)",
                             f"{none_u.t50_mean:.2f} (no silos)", f"{high_u.t50_mean:.2f} ± {high_u.t50_se:.2f}",
                             f"{d:+.2f} (z = {z:.1f})", "–", None, ssize))
        d, z = si.slowdown("targeted")
        rows.append(self.row(f"Silos, push on the two target departments: weeks to 50%, silo {si.strong} vs {si.weak} (no silos)",
                             f"> {none_t.t50_mean:.2f} (no silos)", f"{high_t.t50_mean:.2f} ± {high_t.t50_se:.2f}",
                             f"{d:+.2f} (×{high_t.t50_mean / none_t.t50_mean:.2f}, z = {z:.1f})", f"z > {self.z_gap:g}",
                             z > self.z_gap, ssize))
        return rows

    def details(self) -> list[str]:
        lines = ["### Bass on the model's network (all runs)", "",
                 "| silo | push | inside share of ties | weeks to 50% (mean ± se) | max / RMS distance to Bass |",
                 "|---|---|---|---|---|"]
        for strong, push in ((False, "uniform"), (True, "uniform"), (False, "targeted"), (True, "targeted")):
            r = self.silos.curve(strong, push)
            lines.append(f"| {r.silo} | {r.push} | {r.inside_share:.2f} | {r.t50_mean:.2f} ± {r.t50_se:.2f} | "
                         f"{r.max_error:.3f} / {r.rms_error:.3f} |")
        return lines + [""]


def bass_docking(runs: int = 2000, seed=0) -> BassResult:
    """The three Bass checks at the docking table's sizes: ``runs // 5`` organisations of 2,000
    well mixed and of 1,000 for the split step, ``runs // 10`` siloed networks of 400."""
    ss = as_seed_sequence(seed).spawn(3)
    return BassResult(bass_well_mixed(2000, max(20, runs // 5), seed=ss[0]),
                      bass_model_order(1000, max(10, runs // 5), seed=ss[1]),
                      bass_silos(400, max(10, runs // 10), seed=ss[2]), seed)
