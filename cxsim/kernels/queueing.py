"""Erlang C for the support contact centre (M/M/N queue, Erlang B recursion).

``erlang_c(calls, interval_s, aht_s, agents, target_s)`` gives the offered traffic, the
probability of waiting, the service level (share answered within ``target_s``), the average
speed of answer, the occupancy and whether the queue is stable. The Erlang B recursion
B(0) = 1, B(k) = A·B(k−1) / (k + A·B(k−1)) stays in (0, 1] and is stable for thousands of
agents (no factorials or powers), and C = N·B / (N − A·(1 − B)).

Edges never raise or return NaN: zero traffic is an idle, stable centre (p_wait 0, service
level 1, ASA 0, occupancy 0); traffic ≥ agents (or no agents with traffic) is unstable
(p_wait 1, service level 0, ASA = inf, occupancy 1), which the caller caps.
"""

from __future__ import annotations

import math
from typing import NamedTuple

__all__ = ["ErlangC", "erlang_c", "agents_needed"]


class ErlangC(NamedTuple):
    traffic: float  # offered load A = calls × AHT / interval (Erlangs)
    p_wait: float  # probability that a contact waits (Erlang C)
    service_level: float  # share of contacts answered within the target time
    asa: float  # average speed of answer (s)
    occupancy: float  # A / agents
    stable: bool  # A < agents


def _erlang_b(traffic: float, agents: int) -> float:
    b = 1.0
    for k in range(1, agents + 1):
        b = traffic * b / (k + traffic * b)
    return b


def _from_b(a: float, n: int, b: float, aht_s: float, target_s: float) -> ErlangC:
    c = n * b / (n - a * (1.0 - b))
    c = min(max(c, 0.0), 1.0)
    sl = 1.0 - c * math.exp(-(n - a) * target_s / aht_s)
    asa = c * aht_s / (n - a)
    return ErlangC(a, c, min(max(sl, 0.0), 1.0), asa, a / n, True)


def erlang_c(calls: float, interval_s: float, aht_s: float, agents: int, target_s: float) -> ErlangC:
    """Erlang C for ``calls`` arriving in ``interval_s`` seconds, handled in ``aht_s`` seconds on
    average by ``agents`` agents (an integer; a float is floored), answer target ``target_s``.
    """
    if interval_s <= 0:
        raise ValueError("interval_s must be positive")
    if calls < 0 or aht_s < 0 or agents < 0 or target_s < 0:
        raise ValueError("calls, aht_s, agents and target_s must be non-negative")
    a = calls * aht_s / interval_s
    n = int(agents)
    if a <= 0:
        return ErlangC(0.0, 0.0, 1.0, 0.0, 0.0, True)
    if n <= a:
        return ErlangC(a, 1.0, 0.0, math.inf, 1.0, False)
    return _from_b(a, n, _erlang_b(a, n), aht_s, target_s)


def agents_needed(calls: float, interval_s: float, aht_s: float, target_s: float, service_level: float) -> int:
    """Smallest number of agents whose service level reaches ``service_level`` (at least 1).

    One pass of the Erlang B recursion (O(answer)), not one Erlang C call per candidate.
    """
    if not 0.0 <= service_level <= 1.0:
        raise ValueError("service_level must be in [0, 1]")
    a = calls * aht_s / interval_s
    if a <= 0:
        return 1
    if service_level >= 1.0:
        raise ValueError("a service level of 1 needs infinitely many agents when there is traffic")
    b, n = 1.0, 0
    while True:
        n += 1
        b = a * b / (n + a * b)
        if n > a and _from_b(a, n, b, aht_s, target_s).service_level >= service_level:
            return n
