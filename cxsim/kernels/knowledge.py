"""Knowledge kernels: March (1991) mutual learning and interpersonal learning (Miller et al. 2006).

Pure, vectorised functions over int8 arrays: beliefs and codes take values in {-1, 0, +1},
reality in {-1, +1}. The random ``numpy.random.Generator`` is always passed in; nothing here
loops over employees or dimensions in Python.

Shapes. The last axis is always the ``m`` dimensions of reality. Beliefs are ``(..., n, m)``
(``n`` employees), codes and reality ``(..., m)``; any leading axes are a batch of independent
organisations (used by ``cxsim.validation`` to run thousands of March replications at once).
A code or reality with one axis fewer than the beliefs is shared by all employees of its
organisation; per-employee probabilities have the shape ``beliefs.shape[:-1]``.

The March (1991) rules follow the published recreation that reproduces March's Figure 1
(M. Workiewicz, github.com/Mac13kW/March_1991_Original, built on Rodan 2005 and
M. Christensen's 2015 note on the original BASIC code); the choices that the paper leaves
open are documented in ``socialize`` and ``learn_code``; ``cxsim.validation`` docks them.
"""

from __future__ import annotations

import numpy as np

__all__ = [
    "expand_to",
    "per_row",
    "random_beliefs",
    "random_reality",
    "knowledge",
    "code_alignment",
    "expected_match",
    "act",
    "socialize",
    "learn_code",
    "interpersonal",
    "turnover",
    "turbulence",
    "kpi_feedback",
]

_I8 = np.int8


def _shape(lead, *tail) -> tuple:
    lead = () if lead is None else (lead,) if np.ndim(lead) == 0 else tuple(lead)
    return (*lead, *tail)


def expand_to(x: np.ndarray, target_ndim: int) -> np.ndarray:
    """Insert axes before the last one until ``x`` has ``target_ndim`` axes.

    A code/reality ``(..., m)`` becomes ``(..., 1, m)`` against beliefs ``(..., n, m)``; a
    per-employee vector ``(..., n)`` is handled by the caller with ``[..., None]``.
    """
    while x.ndim < target_ndim:
        x = np.expand_dims(x, -2)
    return x


def per_row(p, ndim: int) -> np.ndarray | float:
    """A probability that is a scalar or one value per row (employee / organisation)."""
    p = np.asarray(p, dtype=float)
    if p.ndim == 0:
        return float(p)
    if p.ndim == ndim - 1:
        return p[..., None]
    return p


def random_beliefs(rng: np.random.Generator, n: int, m: int, runs=None) -> np.ndarray:
    """Beliefs uniform on {-1, 0, +1}: ``(n, m)`` int8, or ``(runs, n, m)`` (``runs`` int or tuple)."""
    return rng.integers(-1, 2, size=_shape(runs, n, m), dtype=_I8)


def random_reality(rng: np.random.Generator, m: int, runs=None) -> np.ndarray:
    """Reality uniform on {-1, +1}: ``(m,)`` int8, or ``(runs, m)``."""
    r = rng.integers(0, 2, size=_shape(runs, m), dtype=_I8)
    r *= 2
    r -= 1
    return r


def knowledge(beliefs: np.ndarray, reality: np.ndarray) -> np.ndarray:
    """March's knowledge: share of dimensions where the belief equals reality (a 0 is not knowing).

    ``(n, m)`` beliefs give ``(n,)``; a 1-D code gives a 0-d float; batches broadcast.
    """
    reality = expand_to(np.asarray(reality), np.ndim(beliefs))
    return np.equal(beliefs, reality).mean(axis=-1)


def code_alignment(code: np.ndarray, reality: np.ndarray):
    """Σ code·reality / m in [-1, 1] (a wrong view counts −1, no view 0): the docking statistic.

    A float for one code, an array for a batch ``(..., m)``.
    """
    code = np.asarray(code)
    s = np.einsum("...i,...i->...", code, expand_to(np.asarray(reality), code.ndim), dtype=np.int64)
    out = s / code.shape[-1]
    return float(out) if np.ndim(out) == 0 else out


def expected_match(beliefs: np.ndarray, reality: np.ndarray) -> np.ndarray:
    """Probability that an action matches reality on each dimension.

    1 where belief == reality, 0 where belief == −reality, 0.5 where belief == 0 (coin flip).
    """
    reality = expand_to(np.asarray(reality), np.ndim(beliefs))
    return (1.0 + np.multiply(beliefs, reality, dtype=np.float64)) * 0.5


def act(beliefs: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Actions in {-1, +1}: the belief where it is held, a fair coin flip where it is 0 (March)."""
    coin = rng.integers(0, 2, size=np.shape(beliefs), dtype=_I8)
    coin *= 2
    coin -= 1
    return np.where(beliefs == 0, coin, beliefs).astype(_I8, copy=False)


def socialize(beliefs: np.ndarray, codes: np.ndarray, p1, rng: np.random.Generator) -> np.ndarray:
    """Gradual socialisation to a code (March 1991 rule 3, as in the published recreation).

    On every dimension where the code is non-zero and differs from the belief, with
    probability ``p1`` (independently per employee and dimension) the belief moves ONE step
    towards the code: −1 → 0 → +1 (Christensen 2015: "a zero belief aligns completely with the
    code whereas a belief completely misaligned with the code turns zero"; the recreation notes
    that without this gradual step Figure 1's values are not matched). Where the code is 0 the
    belief is unchanged.

    ``codes``: ``(..., m)`` one code per organisation, or ``(..., n, m)`` one row per employee.
    ``p1``: scalar, per employee ``(..., n)``, or anything broadcastable to the beliefs.
    Returns a new int8 array (the input is not modified).
    """
    b = np.asarray(beliefs)
    c = expand_to(np.asarray(codes, dtype=_I8), b.ndim)
    p = per_row(p1, b.ndim)
    move = (c != 0) & (c != b)
    move &= rng.random(b.shape) < p
    step = np.sign(c - b)  # int8 in {-1, 0, 1}: one step towards the code
    return np.where(move, b + step, b).astype(_I8, copy=False)


def learn_code(
    code: np.ndarray,
    beliefs: np.ndarray,
    reality: np.ndarray,
    p2,
    rng: np.random.Generator,
    *,
    listen=None,
    noise: float = 0.0,
    dims=None,
    acting: bool = True,
) -> np.ndarray:
    """March's code learning from the individuals who outperform the code (rule 4, footnote 1).

    As in the published recreation of March's original algorithm (Workiewicz, after
    Christensen's 2015 note on the BASIC code), which differs from a literal reading of the
    paper's footnote:

    1. Individuals *act*: the belief where held, a coin flip where it is 0 (``act``).
       Performance is the realised score Σ action·reality; the code is scored Σ code·reality
       (a code 0 scores 0, the expected value of a coin flip). In knowledge units: the share of
       dimensions acted right versus the code's expected share (1 + Σ code·reality / m) / 2.
    2. The *superior group* is those whose performance is strictly higher than the code's; a
       lucky individual can be superior. ``noise`` (sd, in knowledge units, i.e. share of
       dimensions) is added to each individual's observed performance (imperfect observation).
       ``listen`` (per-individual probabilities, ``(..., n)``) is a Bernoulli mask of who is
       heard this period (None = everyone).
    3. On each dimension the superior group's actions vote: s = #(+1) − #(−1). 0-beliefs count
       through their coin-flip action. The majority view is sign(s) and k = |s| (those holding
       the majority minus those holding the other view). A tie (s = 0) changes nothing.
    4. Where the majority view differs from the code (including a code 0), the code takes the
       majority view directly (a ±1, never 0) with probability 1 − (1 − p2)^k.

    ``acting=False`` is the literal reading of the paper instead (superior = more dimensions
    with belief == reality than the code; k counts held beliefs only, 0s abstain); it is kept
    for comparison and does not reproduce March's Figure 1.

    ``dims``: optional boolean mask ``(m,)`` (or broadcastable to the code) of the dimensions
    allowed to change. ``p2`` is a scalar or broadcastable to the code. Returns a new int8 code.
    """
    code = np.asarray(code, dtype=_I8)
    b = np.asarray(beliefs)
    r = np.asarray(reality)
    m = b.shape[-1]
    rb = expand_to(r, b.ndim)
    if acting:
        votes = act(b, rng)
        perf = np.einsum("...ij,...ij->...i", votes, np.broadcast_to(rb, b.shape), dtype=np.int64)
        code_perf = np.einsum("...i,...i->...", code, expand_to(r, code.ndim), dtype=np.int64)
        scale = 2.0 * m  # score Σ a·r = m · (2 · share right − 1)
    else:
        votes = b
        perf = np.equal(b, rb).sum(axis=-1)
        code_perf = np.equal(code, expand_to(r, code.ndim)).sum(axis=-1)
        scale = float(m)
    if noise > 0:
        perf = perf + rng.normal(0.0, noise * scale, perf.shape)
    superior = perf > np.expand_dims(code_perf, -1)
    if listen is not None:
        superior &= rng.random(superior.shape) < np.asarray(listen, dtype=float)
    s = np.einsum("...ij,...i->...j", votes, superior.astype(_I8), dtype=np.int64)
    majority = np.sign(s).astype(_I8)
    k = np.abs(s)
    change = (majority != 0) & (majority != code)
    if dims is not None:
        change &= np.asarray(dims, dtype=bool)
    stay = np.power(1.0 - np.asarray(p2, dtype=float), k)
    change &= rng.random(code.shape) >= stay
    return np.where(change, majority, code).astype(_I8, copy=False)


def interpersonal(
    beliefs: np.ndarray,
    scores: np.ndarray,
    indptr: np.ndarray,
    indices: np.ndarray,
    p_ip,
    rng: np.random.Generator,
) -> np.ndarray:
    """Interpersonal learning (Miller, Zhao & Calantone 2006, AMJ).

    Each employee with at least one neighbour (CSR adjacency ``indptr``, ``indices``) picks one
    neighbour uniformly at random; if that neighbour's score is strictly higher than its own,
    each dimension on which they differ is copied with probability ``p_ip`` (scalar or ``(n,)``).
    Updates are synchronous: everyone copies from the beliefs at the start of the call.
    """
    b = np.asarray(beliefs)
    n = b.shape[0]
    indptr = np.asarray(indptr)
    deg = np.diff(indptr)
    has = np.flatnonzero(deg > 0)
    if has.size == 0:
        return b.astype(_I8, copy=True)
    offset = rng.integers(0, deg[has])
    teacher = np.asarray(indices)[indptr[has] + offset]
    scores = np.asarray(scores)
    better = scores[teacher] > scores[has]
    has, teacher = has[better], teacher[better]
    out = b.astype(_I8, copy=True)
    if has.size == 0:
        return out
    p = np.asarray(p_ip, dtype=float)
    p = p[has, None] if p.ndim == 1 and p.shape[0] == n else p
    mine, theirs = b[has], b[teacher]
    copy = (mine != theirs) & (rng.random(mine.shape) < p)
    out[has] = np.where(copy, theirs, mine)
    return out


def turnover(beliefs: np.ndarray, p3, rng: np.random.Generator):
    """Each employee leaves with probability ``p3`` (scalar or ``(..., n)``) and is replaced by a
    newcomer with beliefs uniform on {-1, 0, +1} (March 1991). Returns (new beliefs, left mask).
    """
    b = np.array(beliefs, dtype=_I8, copy=True)
    left = rng.random(b.shape[:-1]) < np.asarray(p3, dtype=float)
    count = int(left.sum())
    if count:
        b[left] = rng.integers(-1, 2, size=(count, b.shape[-1]), dtype=_I8)
    return b, left


def turbulence(reality: np.ndarray, p4, rng: np.random.Generator) -> np.ndarray:
    """Each dimension of reality flips sign with probability ``p4`` (March 1991)."""
    r = np.asarray(reality, dtype=_I8)
    if np.all(np.asarray(p4) <= 0):
        return r.copy()
    flip = rng.random(r.shape) < p4
    return np.where(flip, -r, r).astype(_I8, copy=False)


def kpi_feedback(code: np.ndarray, reality: np.ndarray, rate, rng: np.random.Generator) -> np.ndarray:
    """Performance feedback (Greve 2003): on each dimension where the code is not right (a wrong
    view or none), it takes reality's value with probability ``rate`` (scalar or broadcastable
    to the code). This is how a department corrects its standard from its own KPIs; it is not
    part of March (1991), whose codes learn only from the people who outperform them (so a
    turbulent reality erodes them for good). Returns a new int8 code."""
    c = np.asarray(code, dtype=_I8)
    r = np.asarray(reality, dtype=_I8)
    fix = (c != r) & (rng.random(c.shape) < rate)
    return np.where(fix, r, c).astype(_I8, copy=False)
