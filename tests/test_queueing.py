"""Erlang C against the textbook case (DESIGN §4) and at its edges."""

import math

import pytest

from cxsim.queueing import agents_needed, erlang_c


def test_textbook_case():
    q = erlang_c(100, 1800, 180, 14, 20)
    assert q.traffic == pytest.approx(10.0)
    assert q.p_wait == pytest.approx(0.1741, abs=5e-4)
    assert q.service_level == pytest.approx(0.888, abs=5e-4)
    assert q.asa == pytest.approx(7.84, abs=5e-3)
    assert q.occupancy == pytest.approx(0.714, abs=5e-4)


def test_edges():
    zero = erlang_c(0, 1800, 180, 5, 20)
    assert zero.stable and zero.p_wait == 0 and zero.service_level == 1
    bad = erlang_c(100, 1800, 180, 10, 20)
    assert not bad.stable and bad.service_level == 0 and math.isinf(bad.asa)
    big = erlang_c(5000, 1800, 180, 520, 20)
    assert big.stable and 0 <= big.service_level <= 1 and math.isfinite(big.asa)


def test_more_agents_shorter_waits_and_sizing():
    waits = [erlang_c(100, 1800, 180, n, 20).asa for n in range(11, 20)]
    assert all(a > b for a, b in zip(waits, waits[1:]))
    n = agents_needed(100, 1800, 180, 20, 0.8)
    assert erlang_c(100, 1800, 180, n, 20).service_level >= 0.8 > erlang_c(100, 1800, 180, n - 1, 20).service_level
