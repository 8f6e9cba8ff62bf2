"""The compiled kernels' random streams and sums are numpy's, bit for bit (cxsim.kernels.streams, jit).

Every draw a compiled kernel makes must advance the model's generator exactly as the numpy call
it replaces, inline (PCG64 stepped in compiled code) and through the function pointers (the
fallback), so both modes are checked against numpy on random sequences of mixed calls.
"""

from __future__ import annotations

import numpy as np
import pytest

from cxsim.kernels import streams as S
from cxsim.kernels.jit import cast_sum, jit, pairwise_sum


@jit
def _mixed(h, n, high, coins, trits, floats, plan):
    s = S.stream(h)
    a = np.empty(n)
    for i in range(n):
        a[i] = S.next_double(s)
    S.fill_int8(s, 0, 2, coins)
    b = np.empty(n, np.int64)
    for i in range(n):
        b[i] = S.bounded(s, high[i])
    S.fill_float32(s, floats)
    c = S.normal(s, 0.5, 2.0, n)
    S.fill_int8(s, -1, 2, trits)
    d = np.empty(plan.size)
    for i in range(plan.size):
        S.skip(s, plan[i])
        d[i] = S.next_double(s)
    return a, b, c, d


def _numpy_mixed(g, n, high, coins_shape, trits_shape, n_floats, plan):
    a = g.random(n)
    coins = g.integers(0, 2, size=coins_shape, dtype=np.int8)
    b = g.integers(0, high)
    floats = g.random(n_floats, dtype=np.float32)
    c = g.normal(0.5, 2.0, n)
    trits = g.integers(-1, 2, size=trits_shape, dtype=np.int8)
    d = []
    for k in plan:
        g.random(int(k))
        d.append(g.random())
    return a, coins, b, floats, c, trits, np.array(d)


@pytest.mark.parametrize("inline", [True, False])
def test_draws_equal_numpy_in_both_modes(inline):
    if inline and not S.INLINE:
        pytest.skip("numpy's PCG64 layout is not the one the inline stream assumes on this platform")
    spec = np.random.default_rng(123)
    for seed in range(25):
        mine, ref = np.random.default_rng(seed), np.random.default_rng(seed)
        for _ in range(3):
            n = int(spec.integers(1, 40))
            high = spec.integers(1, 50, n)
            coins = np.empty((int(spec.integers(0, 9)), int(spec.integers(1, 7))), np.int8)  # sizes not multiples of 4
            trits = np.empty((int(spec.integers(0, 4)), 96), np.int8)
            floats = np.empty(int(spec.integers(0, 11)), np.float32)  # odd counts leave a buffered half
            plan = spec.integers(0, 2500 if seed % 4 == 0 else 30, int(spec.integers(1, 12)))
            a, b, c, d = _mixed(S.handle(mine, inline), n, high, coins, trits, floats, plan)
            ra, rcoins, rb, rfloats, rc, rtrits, rd = _numpy_mixed(ref, n, high, coins.shape, trits.shape, floats.size, plan)
            for got, want in ((a, ra), (coins, rcoins), (b, rb), (floats, rfloats), (c, rc), (trits, rtrits), (d, rd)):
                assert got.dtype == want.dtype and np.array_equal(got, want)
        assert mine.bit_generator.state == ref.bit_generator.state


def test_numpy_and_compiled_draws_can_take_turns():
    mine, ref = np.random.default_rng(7), np.random.default_rng(7)
    h = S.handle(mine)
    for k in range(20):
        out = np.empty(k % 5, np.float32)
        _fill(h, out)
        assert np.array_equal(out, ref.random(out.size, dtype=np.float32))
        assert mine.random() == ref.random()  # numpy on the same generator in between
    assert mine.bit_generator.state == ref.bit_generator.state


@jit
def _fill(h, out):
    S.fill_float32(S.stream(h), out)


def test_reseed_gives_the_state_of_a_new_generator():
    spec = np.random.default_rng(5)
    g = np.random.Generator(np.random.PCG64(1))
    g.random(dtype=np.float32)  # a buffered half that reseeding must clear
    handles = S.reseedable([g])
    if handles is None:
        pytest.skip("in-place reseeding needs the inline stream")
    for t in range(60):
        root = [int(v) for v in spec.integers(0, 2**32, size=4)]
        if t % 9 == 0:
            root[t % 4] = 0
        first = int(spec.integers(0, 6))
        counters = spec.integers(0, 2**40 if t % 5 == 0 else 6000, 5)
        seeds = S.seed_states(root, first, counters)
        for c, seed in zip(counters, seeds):
            assert np.array_equal(seed, np.random.SeedSequence(root, spawn_key=(first, int(c))).generate_state(4, np.uint64))
            S.reseed(handles, seed[None, :])
            new = np.random.Generator(np.random.PCG64(np.random.SeedSequence(root, spawn_key=(first, int(c)))))
            assert g.bit_generator.state == new.bit_generator.state
            assert np.array_equal(g.random(3), new.random(3))


def test_other_bit_generators_use_the_function_pointers():
    g = np.random.Generator(np.random.Philox(3))
    assert S.handle(g)[2] == 0 and S.reseedable([g]) is None
    ref = np.random.Generator(np.random.Philox(3))
    out = np.empty(9, np.float32)
    _fill(S.handle(g), out)
    assert np.array_equal(out, ref.random(9, dtype=np.float32))


@pytest.mark.parametrize("n", [0, 1, 7, 8, 9, 127, 128, 129, 1000, 8191, 8192, 8193, 20000, 100_003])
def test_sums_follow_numpy(n):
    a = np.exp(np.random.default_rng(n).normal(0, 8, n))  # wide range: the order shows in the last bits
    assert pairwise_sum(a) == a.sum()
    f = a.astype(np.float32)
    assert pairwise_sum(f) == f.sum()
    assert cast_sum(f) == f.sum(dtype=np.float64)
