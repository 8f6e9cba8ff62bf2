"""Erlang C (``cxsim.kernels.queueing``) against the textbook case and at its edges."""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..kernels.queueing import agents_needed, erlang_c
from .check import Check, DockingResult

# 100 calls / 30 min, 180 s handling time, 14 agents, 20 s target: the published figures
ERLANG_TEXTBOOK = {"traffic": 10.0, "p_wait": 0.1741, "service_level": 0.888, "asa": 7.84, "occupancy": 0.714}


def same_to_3_figures(x: float, published: float) -> bool:
    """Equal to 3 significant figures (how the textbook prints its values)."""
    return float(f"{x:.3g}") == float(f"{published:.3g}")


@dataclass(frozen=True)
class ErlangEdge:
    """One edge behaviour: what must hold, what was observed, whether it held."""

    check: str
    expected: str
    observed: str
    passed: bool


@dataclass(frozen=True)
class ErlangResult(DockingResult):
    """The textbook case (computed vs published, to 3 significant figures) and the edges."""

    computed: dict[str, float]
    published: dict[str, float]
    edges: tuple[ErlangEdge, ...]
    section = "erlang"
    description = """**Erlang C.** A. K. Erlang (1917); the M/M/N delay formula in `cxsim/kernels/queueing.py` (Erlang B
recursion). Textbook case: 100 contacts per 30 minutes, 180 s handling time, 14 agents, 20 s
target: traffic 10 Erlangs, probability of waiting 0.1741, service level 0.888, average speed of
answer 7.84 s, occupancy 0.714. Edges: idle and unstable queues never raise or return NaN,
very large centres stay finite, and the staffing search returns the textbook 14 agents."""

    def textbook_passed(self, name: str) -> bool:
        return same_to_3_figures(self.computed[name], self.published[name])

    def checks(self) -> list[Check]:
        rows = [self.row(f"Erlang C textbook case: {k}", f"{v:g}", f"{self.computed[k]:.4f}", f"{self.computed[k] - v:+.4f}",
                         "3 significant figures", self.textbook_passed(k), "exact") for k, v in self.published.items()]
        rows += [self.row(f"Erlang C edge: {e.check}", e.expected, e.observed, "–", "exact", e.passed, "exact")
                 for e in self.edges]
        return rows


def erlang_edges() -> tuple[ErlangEdge, ...]:
    """Edge behaviour of ``erlang_c`` / ``agents_needed`` the journey relies on."""
    zero = erlang_c(0, 1800, 180, 5, 20)
    bad = [erlang_c(100, 1800, 180, n, 20) for n in (10, 7, 0)]
    big = erlang_c(1e6, 1800, 180, 100_050, 20)
    finite = all(math.isfinite(float(v)) for v in big[:5])
    n80 = agents_needed(100, 1800, 180, 20, 0.8)
    return (
        ErlangEdge("zero traffic: idle, stable", "p_wait 0, SL 1, ASA 0",
                   f"p_wait {zero.p_wait:g}, SL {zero.service_level:g}, ASA {zero.asa:g}",
                   bool(zero.stable and zero.p_wait == 0 and zero.service_level == 1 and zero.asa == 0)),
        ErlangEdge("traffic ≥ agents (A = 10; N = 10, 7, 0): unstable", "p_wait 1, SL 0, ASA inf",
                   ", ".join(f"N={n}: {'unstable' if not q.stable else 'stable'}" for n, q in zip((10, 7, 0), bad)),
                   all(not q.stable and q.p_wait == 1 and q.service_level == 0 and math.isinf(q.asa) for q in bad)),
        ErlangEdge("100,000 Erlangs on 100,050 agents: finite (Erlang B recursion)", "finite, 0 ≤ p_wait ≤ 1",
                   f"p_wait {big.p_wait:.4f}, SL {big.service_level:.4f}", bool(big.stable and finite and 0 <= big.p_wait <= 1)),
        ErlangEdge("agents for 80% in 20 s (textbook traffic)", "14 (13 answer fewer than 80%)", str(n80), n80 == 14),
    )


def erlang_docking(published: dict[str, float] | None = None) -> ErlangResult:
    """The textbook case computed by ``erlang_c`` vs ``published`` (default: the textbook's
    figures), and the edges."""
    q = erlang_c(100, 1800, 180, 14, 20)
    published = dict(ERLANG_TEXTBOOK if published is None else published)
    return ErlangResult({k: float(getattr(q, k)) for k in published}, published, erlang_edges())
