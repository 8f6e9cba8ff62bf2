"""Organic diffusion of a practice: the model's push-and-imitation step as one Bass (1969) kernel.

Two channels move an employee's practice each week (DESIGN §2.2): **socialisation** towards the
code it follows (the top-down channel; champions and training push the CX playbook this way,
``knowledge.socialize``) and **interpersonal learning** from a better-performing network
neighbour (the organic channel, Miller, Zhao & Calantone 2006, ``knowledge.interpersonal``).
:func:`organic_step` runs both in one synchronous step from the start-of-week state, as
*competing* events on each dimension: one uniform ``u`` per employee and dimension; where
socialisation applies (the code holds a view that differs from the belief) ``u < p1``
socialises (one step towards the code, as ``socialize``) and ``p1 ≤ u < p1 + p_ip`` copies the
chosen neighbour (as ``interpersonal``); where it does not, ``u < p_ip`` copies. Each channel
keeps its own marginal probability (``p_ip`` is cut to ``1 − p1`` only where both apply and
``p1 + p_ip > 1``); at most one of them acts on a dimension in a week.

**Bass correspondence.** Reduce to one practice (m = 1): adopters hold it (+1), non-adopters
do not (0), the code being pushed is the practice (+1), and performance is adoption (adopters
outperform non-adopters). A non-adopter then adopts this week with probability

    p + q · 1[its randomly chosen neighbour has adopted],    p = p1, q = p_ip,

i.e. ``p + q × (fraction of adopters among its neighbours)`` in expectation. On a complete
graph (everyone is everyone's neighbour, well mixed) this is the Bass hazard, so the mean
adoption curve follows the discrete Bass recursion F(t+1) = F(t) + (p + q F(t)) (1 − F(t))
for large n (Bass 1969, Management Science 15(5)). :func:`bass_step` is that reduction,
computed by :func:`organic_step` itself (same code path, same random draws);
``cxsim.validation.bass_docking`` checks the curve, and the slowdown on a siloed network
(stochastic block model of ``cxsim.structure``).

Neighbours: a CSR adjacency (``indptr``, ``indices``; rows are employees, several
organisations can be stacked block-diagonally) or ``None`` for the complete graph, in which
case any leading axes of the arrays are a batch of independent organisations. Pure and
vectorised; the ``numpy.random.Generator`` is passed in.
"""

from __future__ import annotations

import numpy as np

from .knowledge import expand_to, per_row

__all__ = [
    "pick_neighbour",
    "organic_step",
    "bass_step",
    "bass_recursion",
    "bass_curve",
    "split_step_recursion",
    "time_to",
]

_I8 = np.int8


def pick_neighbour(shape: tuple, rng: np.random.Generator, indptr=None, indices=None) -> np.ndarray:
    """One neighbour per employee, uniformly among its neighbours: int array of ``shape``
    (``(..., n)``), −1 for an employee without neighbours.

    ``indptr``/``indices`` (CSR, ``shape == (n,)``) or None: complete graph over the last axis
    (any other employee of the same organisation, uniformly).
    """
    if indptr is None:
        n = shape[-1]
        if n < 2:
            return np.full(shape, -1, dtype=np.int64)
        j = rng.integers(0, n - 1, size=shape)
        j += j >= np.arange(n)  # skip oneself
        return j
    indptr = np.asarray(indptr)
    deg = np.diff(indptr)
    if shape != deg.shape:
        raise ValueError(f"CSR has {deg.size} rows for employees of shape {shape}")
    off = rng.integers(0, np.maximum(deg, 1))
    pos = np.minimum(indptr[:-1] + off, max(len(indices) - 1, 0))
    j = np.asarray(indices)[pos] if len(indices) else np.zeros(deg.shape, dtype=np.int64)
    return np.where(deg > 0, j, -1)


def organic_step(
    beliefs: np.ndarray,
    codes: np.ndarray,
    p1,
    scores: np.ndarray,
    p_ip,
    rng: np.random.Generator,
    indptr=None,
    indices=None,
) -> np.ndarray:
    """One week of socialisation and interpersonal learning as competing events (module docstring).

    ``beliefs`` ``(..., n, m)`` in {−1, 0, +1}; ``codes`` the code each employee follows,
    ``(..., m)`` (one per organisation) or ``(..., n, m)``; ``p1`` socialisation probability,
    scalar or ``(..., n)``; ``scores`` ``(..., n)`` performance at the start of the week (a
    neighbour is copied only if its score is strictly higher); ``p_ip`` interpersonal learning
    probability, scalar or ``(..., n)``. Neighbours: CSR (2-D beliefs) or None (complete graph).

    On each dimension, one uniform u: where the code holds a view that differs from the belief
    and u < p1, the belief moves one step towards the code (−1 → 0 → +1); where the chosen
    neighbour outperforms and believes differently, the belief becomes the neighbour's if
    p1 ≤ u < p1 + p_ip (socialisation applies there too) or u < p_ip (it does not). Everything
    is read from the start-of-week state. Returns a new int8 array.
    """
    b = np.asarray(beliefs)
    lead = b.shape[:-1]
    c = expand_to(np.asarray(codes, dtype=_I8), b.ndim)
    scores = np.asarray(scores)
    p1 = per_row(p1, b.ndim)
    p_ip = per_row(p_ip, b.ndim)

    j = pick_neighbour(lead, rng, indptr, indices)
    has = j >= 0
    jj = np.where(has, j, 0)
    if indptr is None:
        teacher = np.take_along_axis(b, jj[..., None], axis=-2)
        better = np.take_along_axis(scores, jj, axis=-1) > scores
    else:
        if b.ndim != 2:
            raise ValueError("a CSR adjacency needs 2-D beliefs (stack organisations block-diagonally)")
        teacher = b[jj]
        better = scores[jj] > scores
    better &= has

    u = rng.random(b.shape)
    pushed = (c != 0) & (c != b)  # socialisation applies
    socialise = pushed & (u < p1)
    lo = np.where(pushed, p1, 0.0)  # imitation takes the next slice of u where both apply
    copy = better[..., None] & (teacher != b) & (u >= lo) & (u < lo + p_ip)
    step = np.sign(c - b).astype(_I8)
    out = np.where(socialise, b + step, b)
    out = np.where(copy, teacher, out)
    return out.astype(_I8, copy=False)


def bass_step(adopted: np.ndarray, p, q, rng: np.random.Generator, indptr=None, indices=None) -> np.ndarray:
    """One week of Bass diffusion through :func:`organic_step` (module docstring).

    ``adopted`` bool ``(..., n)``; ``p`` external push (socialisation towards the practice),
    ``q`` imitation (interpersonal learning), scalars or ``(..., n)``. A non-adopter adopts with
    probability p + q × 1[its random neighbour has adopted]; adoption is permanent. Returns the
    new bool array.
    """
    a = np.asarray(adopted, dtype=bool)
    beliefs = a[..., None].astype(_I8)  # adopter +1, non-adopter 0
    code = np.ones(a.shape[:-1] + (1,), dtype=_I8)
    out = organic_step(beliefs, code, p, a.astype(np.int8), q, rng, indptr, indices)
    return out[..., 0] == 1


def bass_recursion(p: float, q: float, steps: int, f0: float = 0.0) -> np.ndarray:
    """Discrete Bass: F(t+1) = F(t) + (p + q F(t)) (1 − F(t)); returns F(0..steps)."""
    f = np.empty(steps + 1)
    f[0] = f0
    for t in range(steps):
        f[t + 1] = f[t] + (p + q * f[t]) * (1.0 - f[t])
    return f


def split_step_recursion(p: float, q: float, steps: int, f0: float = 0.0) -> np.ndarray:
    """The mean-field curve of a push step followed by an imitation step from the pushed state
    (the order of an earlier version of the model's learning step: ``socialize`` then
    ``interpersonal``): G = F + p(1 − F),
    F(t+1) = G + q G (1 − G). Same Bass ODE in the limit of small steps, not the same recursion."""
    f = np.empty(steps + 1)
    f[0] = f0
    for t in range(steps):
        g = f[t] + p * (1.0 - f[t])
        f[t + 1] = g + q * g * (1.0 - g)
    return f


def bass_curve(p: float, q: float, t) -> np.ndarray:
    """Continuous Bass (1969): F(t) = (1 − e^{−(p+q)t}) / (1 + (q/p) e^{−(p+q)t})."""
    e = np.exp(-(p + q) * np.asarray(t, dtype=float))
    return (1.0 - e) / (1.0 + (q / p) * e)


def time_to(curve: np.ndarray, level: float = 0.5) -> float:
    """First time (linear interpolation between steps) at which ``curve`` reaches ``level``; inf if never."""
    curve = np.asarray(curve, dtype=float)
    above = np.flatnonzero(curve >= level)
    if above.size == 0:
        return float("inf")
    k = int(above[0])
    if k == 0:
        return 0.0
    lo, hi = curve[k - 1], curve[k]
    return float(k - 1 + (level - lo) / (hi - lo))
