"""Erlang C against the textbook case (DESIGN §4), an independent closed form, and its edges."""

import math

import numpy as np
import pytest

from cxsim.kernels.queueing import ErlangC, agents_needed, erlang_c
from cxsim.validation.erlang import ERLANG_TEXTBOOK, erlang_docking, same_to_3_figures


def closed_form_p_wait(a: float, n: int) -> float:
    """Erlang C from its textbook formula, in logs (independent of the Erlang B recursion)."""
    logs = [k * math.log(a) - math.lgamma(k + 1) for k in range(n)]
    tail = n * math.log(a) - math.lgamma(n + 1) + math.log(n / (n - a))
    top = max(max(logs), tail)
    total = sum(math.exp(x - top) for x in logs) + math.exp(tail - top)
    return math.exp(tail - top) / total


def test_textbook_case():
    q = erlang_c(100, 1800, 180, 14, 20)
    assert isinstance(q, ErlangC) and q.stable
    assert q.traffic == pytest.approx(10.0)
    assert same_to_3_figures(q.p_wait, 0.174) and q.p_wait == pytest.approx(0.1741, abs=5e-5)
    assert same_to_3_figures(q.service_level, 0.888)
    assert same_to_3_figures(q.asa, 7.84)
    assert same_to_3_figures(q.occupancy, 0.714)


def test_the_docking_result_reports_the_textbook_case_and_the_edges():
    res = erlang_docking()
    assert res.published == ERLANG_TEXTBOOK and res.computed["p_wait"] == erlang_c(100, 1800, 180, 14, 20).p_wait
    assert res.passed and len(res.checks()) == len(ERLANG_TEXTBOOK) + len(res.edges) == 9
    assert all(e.passed for e in res.edges)
    # a published figure the kernel does not reproduce fails that row, and only that one
    wrong = erlang_docking({**ERLANG_TEXTBOOK, "asa": 7.9})
    assert not wrong.passed
    assert [c.docking for c in wrong.checks() if c.passed is False] == ["Erlang C textbook case: asa"]


@pytest.mark.parametrize("a,n", [(10.0, 14), (2.5, 3), (80.0, 95), (450.0, 480)])
def test_matches_the_closed_form(a, n):
    q = erlang_c(a, 1.0, 1.0, n, 0.0)
    assert q.p_wait == pytest.approx(closed_form_p_wait(a, n), rel=1e-9)
    assert q.service_level == pytest.approx(1 - q.p_wait)  # target 0: answered at once
    assert q.asa == pytest.approx(q.p_wait / (n - a))


def test_edges_never_crash_or_nan():
    zero = erlang_c(0, 1800, 180, 5, 20)
    assert zero == ErlangC(0.0, 0.0, 1.0, 0.0, 0.0, True)
    assert erlang_c(0, 1800, 180, 0, 20).stable  # no calls, no agents: idle, not broken
    for bad in (erlang_c(100, 1800, 180, 10, 20),  # traffic == agents
                erlang_c(100, 1800, 180, 7, 20),  # traffic > agents
                erlang_c(100, 1800, 180, 0, 20)):  # no agents
        assert not bad.stable and bad.p_wait == 1 and bad.service_level == 0
        assert math.isinf(bad.asa) and bad.occupancy == 1
    barely = erlang_c(100, 1800, 180, 11, 20)
    assert barely.stable and math.isfinite(barely.asa) and 0 < barely.p_wait < 1
    for calls, agents in [(5000, 520), (50_000, 5030), (1e6, 100_050)]:
        big = erlang_c(calls, 1800, 180, agents, 20)
        values = np.array(big[:5], dtype=float)
        assert big.stable and np.all(np.isfinite(values))
        assert 0 <= big.p_wait <= 1 and 0 <= big.service_level <= 1
    with pytest.raises(ValueError):
        erlang_c(-1, 1800, 180, 5, 20)


def test_monotone_in_agents():
    qs = [erlang_c(100, 1800, 180, n, 20) for n in range(11, 40)]
    for a, b in zip(qs, qs[1:]):
        assert b.p_wait < a.p_wait and b.asa < a.asa
        assert b.service_level > a.service_level and b.occupancy < a.occupancy
    # and more traffic, same agents: worse
    assert erlang_c(120, 1800, 180, 14, 20).service_level < erlang_c(100, 1800, 180, 14, 20).service_level


@pytest.mark.parametrize("calls,target_sl", [(100, 0.8), (100, 0.888), (100, 0.95), (3, 0.8), (20_000, 0.8)])
def test_agents_needed_is_the_smallest_meeting_the_target(calls, target_sl):
    n = agents_needed(calls, 1800, 180, 20, target_sl)
    assert erlang_c(calls, 1800, 180, n, 20).service_level >= target_sl
    assert n == 1 or erlang_c(calls, 1800, 180, n - 1, 20).service_level < target_sl


def test_agents_needed_textbook_and_edges():
    assert agents_needed(100, 1800, 180, 20, 0.8) == 14  # 13 agents answer fewer than 80% in 20 s
    assert agents_needed(0, 1800, 180, 20, 0.8) == 1
    with pytest.raises(ValueError):
        agents_needed(100, 1800, 180, 20, 1.5)
