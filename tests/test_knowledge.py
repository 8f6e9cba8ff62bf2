"""Unit tests of the knowledge kernels (cxsim.kernels.knowledge): March 1991 and interpersonal learning."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp

from cxsim.kernels import knowledge as kn

VALUES = {-1, 0, 1}


def rng(seed=0):
    return np.random.default_rng(seed)


def csr(n, edges):
    """Undirected CSR adjacency (indptr, indices) from an edge list."""
    if not edges:
        return np.zeros(n + 1, dtype=np.int64), np.zeros(0, dtype=np.int64)
    a, b = np.array(edges).T
    g = sp.coo_matrix((np.ones(2 * a.size), (np.r_[a, b], np.r_[b, a])), shape=(n, n)).tocsr()
    return g.indptr, g.indices


def binom_ok(count, trials, p, z=4.5):
    """``count`` successes out of ``trials`` is within z standard errors of p."""
    return abs(count - trials * p) <= z * np.sqrt(trials * p * (1 - p)) + 1


# ----------------------------------------------------------------------------- generators
def test_random_beliefs_and_reality_shapes_values_and_uniformity():
    b = kn.random_beliefs(rng(), 400, 30)
    assert b.shape == (400, 30) and b.dtype == np.int8
    assert set(np.unique(b)) == VALUES
    shares = np.array([(b == v).mean() for v in (-1, 0, 1)])
    assert np.all(np.abs(shares - 1 / 3) < 0.02)
    r = kn.random_reality(rng(), 30)
    assert r.shape == (30,) and r.dtype == np.int8 and set(np.unique(r)) <= {-1, 1}
    big = kn.random_reality(rng(), 10_000)
    assert set(np.unique(big)) == {-1, 1} and abs((big == 1).mean() - 0.5) < 0.03
    assert kn.random_beliefs(rng(), 5, 7, runs=3).shape == (3, 5, 7)
    assert kn.random_reality(rng(), 7, runs=3).shape == (3, 7)


# ----------------------------------------------------------------------------- statistics
def test_knowledge_alignment_and_expected_match_by_hand():
    reality = np.array([1, 1, -1, -1], dtype=np.int8)
    beliefs = np.array([[1, 1, -1, -1], [1, 0, 1, -1], [0, 0, 0, 0], [-1, -1, 1, 1]], dtype=np.int8)
    np.testing.assert_allclose(kn.knowledge(beliefs, reality), [1.0, 0.5, 0.0, 0.0])
    assert kn.knowledge(beliefs[1], reality) == pytest.approx(0.5)
    assert np.ndim(kn.knowledge(beliefs[1], reality)) == 0
    assert kn.code_alignment(beliefs[1], reality) == pytest.approx((1 + 0 - 1 + 1) / 4)
    assert kn.code_alignment(beliefs[3], reality) == pytest.approx(-1.0)
    assert isinstance(kn.code_alignment(beliefs[0], reality), float)
    em = kn.expected_match(beliefs, reality)
    assert em.dtype == np.float64 and em.shape == (4, 4)
    np.testing.assert_allclose(em[1], [1.0, 0.5, 0.0, 1.0])
    np.testing.assert_allclose(em[2], 0.5)
    # batch: one reality per organisation
    bb = np.stack([beliefs, -beliefs])
    rr = np.stack([reality, reality])
    np.testing.assert_allclose(kn.knowledge(bb, rr)[1], [0.0, 0.25, 0.0, 1.0])
    np.testing.assert_allclose(kn.code_alignment(bb[:, 0], rr), [1.0, -1.0])


def test_act_follows_beliefs_and_flips_fair_coins_on_zeros():
    b = np.zeros((2000, 10), dtype=np.int8)
    b[:, :3] = [1, -1, 1]
    a = kn.act(b, rng())
    assert a.dtype == np.int8 and set(np.unique(a)) == {-1, 1}
    assert np.all(a[:, :3] == [1, -1, 1])
    assert binom_ok(int((a[:, 3:] == 1).sum()), a[:, 3:].size, 0.5)


# ----------------------------------------------------------------------------- socialisation
def test_socialize_p1_one_is_one_step_towards_the_code():
    b = np.array([[-1, 0, 1], [-1, 0, 1], [-1, 0, 1]], dtype=np.int8)
    codes = np.array([[1, 1, 1], [-1, -1, -1], [0, 0, 0]], dtype=np.int8)
    out = kn.socialize(b, codes, 1.0, rng())
    assert out.dtype == np.int8
    np.testing.assert_array_equal(out, [[0, 1, 1], [-1, -1, 0], [-1, 0, 1]])
    np.testing.assert_array_equal(b, [[-1, 0, 1]] * 3)  # input untouched
    # twice at p1 = 1: everyone has the (non-zero) code
    np.testing.assert_array_equal(kn.socialize(out, codes, 1.0, rng())[:2], codes[:2])


def test_socialize_p1_zero_and_code_zero_change_nothing():
    b = kn.random_beliefs(rng(1), 50, 30)
    code = kn.random_beliefs(rng(2), 1, 30)[0]
    np.testing.assert_array_equal(kn.socialize(b, code, 0.0, rng()), b)
    np.testing.assert_array_equal(kn.socialize(b, np.zeros(30, np.int8), 1.0, rng()), b)
    out = kn.socialize(b, code, 1.0, rng())
    np.testing.assert_array_equal(out[:, code == 0], b[:, code == 0])


def test_socialize_rate_shared_code_and_per_employee_p1():
    b = np.full((4000, 20), -1, dtype=np.int8)
    code = np.ones(20, dtype=np.int8)
    out = kn.socialize(b, code, 0.3, rng())
    assert set(np.unique(out)) <= {-1, 0}  # one step only, never −1 → +1
    assert binom_ok(int((out == 0).sum()), out.size, 0.3)
    p1 = np.zeros(4000)
    p1[::2] = 1.0
    out = kn.socialize(b, code, p1, rng())
    assert np.all(out[::2] == 0) and np.all(out[1::2] == -1)


def test_socialize_values_stay_in_range_over_many_steps():
    g = rng(3)
    b = kn.random_beliefs(g, 60, 25)
    for _ in range(50):
        codes = kn.random_beliefs(g, 60, 25)
        b = kn.socialize(b, codes, g.random(60), g)
        assert b.dtype == np.int8 and set(np.unique(b)) <= VALUES


def test_socialize_batch_equals_each_organisation_alone():
    b = kn.random_beliefs(rng(4), 6, 8, runs=3)
    codes = kn.random_beliefs(rng(5), 3, 8)  # one code per organisation
    out = kn.socialize(b, codes, 1.0, rng())
    for r in range(3):
        np.testing.assert_array_equal(out[r], kn.socialize(b[r], codes[r], 1.0, rng()))


# ----------------------------------------------------------------------------- code learning
# Reality all +1 on 5 dims; the code scores 1 + 1 − 1 − 1 − 1 = −1. No 0-beliefs, so acting
# is deterministic. Superior (score 3 > −1): A, B, E. Inferior (score −5): four all-(−1)
# individuals who would win every vote if they were counted.
REALITY = np.ones(5, dtype=np.int8)
CODE = np.array([1, 1, -1, -1, -1], dtype=np.int8)
BELIEFS = np.array(
    [[1, 1, 1, 1, -1],  # A
     [1, 1, 1, -1, 1],  # B
     [1, -1, 1, 1, 1],  # E
     [-1, -1, -1, -1, -1],
     [-1, -1, -1, -1, -1],
     [-1, -1, -1, -1, -1],
     [-1, -1, -1, -1, -1]],
    dtype=np.int8,
)


def test_learn_code_follows_the_superior_group_only():
    out = kn.learn_code(CODE, BELIEFS, REALITY, 1.0, rng())
    assert out.dtype == np.int8
    # dim 0: superiors 3×(+1) = code; the four inferior −1 do not count (else it would flip)
    np.testing.assert_array_equal(out, [1, 1, 1, 1, 1])
    np.testing.assert_array_equal(kn.learn_code(CODE, BELIEFS, REALITY, 0.0, rng()), CODE)
    np.testing.assert_array_equal(CODE, [1, 1, -1, -1, -1])  # input untouched
    # the literal-reading variant gives the same answer on this example (no 0-beliefs)
    np.testing.assert_array_equal(kn.learn_code(CODE, BELIEFS, REALITY, 1.0, rng(), acting=False), out)


def test_learn_code_no_superior_no_change_and_ties_change_nothing():
    best = np.ones(5, dtype=np.int8)
    np.testing.assert_array_equal(kn.learn_code(best, BELIEFS, REALITY, 1.0, rng()), best)
    code = np.zeros(2, dtype=np.int8)
    tie = np.array([[1, 1], [1, 1], [-1, 1], [-1, 1]], dtype=np.int8)
    r = np.ones(2, dtype=np.int8)
    # scores 2, 2, 0, 0 vs code 0: only the first two are superior (counted, dim 0 would tie)
    np.testing.assert_array_equal(kn.learn_code(code, tie, r, 1.0, rng()), [1, 1])
    split = np.array([[1, 1, 1], [-1, 1, 1]], dtype=np.int8)  # both superior, split on dim 0
    np.testing.assert_array_equal(kn.learn_code(np.zeros(3, np.int8), split, np.ones(3, np.int8), 1.0, rng()), [0, 1, 1])


def test_learn_code_moves_straight_to_the_majority_view():
    # a code 0 or a wrong code takes ±1 directly (never 0): March's code holds views, not doubts
    code = np.array([0, -1], dtype=np.int8)
    b = np.ones((3, 2), dtype=np.int8)
    np.testing.assert_array_equal(kn.learn_code(code, b, np.ones(2, np.int8), 1.0, rng()), [1, 1])


def test_learn_code_probability_is_one_minus_one_minus_p2_to_the_k():
    # dim 0: margin k = 1 (2 vs 1); dim 1: k = 3. p2 = 0.5: change with 0.5 and 0.875.
    trials = 4000
    b = np.array([[1, 1, 1, 1], [1, 1, 1, 1], [-1, 1, 1, 1]], dtype=np.int8)
    r = np.ones(4, dtype=np.int8)
    code = np.tile(np.array([-1, -1, 1, 1], dtype=np.int8), (trials, 1))  # score 0 < 4, 4, 2
    out = kn.learn_code(code, np.broadcast_to(b, (trials, 3, 4)), np.broadcast_to(r, (trials, 4)), 0.5, rng())
    assert out.shape == (trials, 4)
    assert binom_ok(int((out[:, 0] == 1).sum()), trials, 0.5)
    assert binom_ok(int((out[:, 1] == 1).sum()), trials, 0.875)
    assert np.all(out[:, 2:] == 1)


def test_learn_code_zero_beliefs_vote_by_coin_flip_when_acting():
    # One individual, no views at all, facing a 0 code: it is superior when its coin flips
    # score above 0, and then the code takes its random actions.
    trials, m = 3000, 9
    b = np.zeros((trials, 1, m), dtype=np.int8)
    code = np.zeros((trials, m), dtype=np.int8)
    r = np.ones((trials, m), dtype=np.int8)
    out = kn.learn_code(code, b, r, 1.0, rng())
    changed = (out != 0).any(-1)
    assert binom_ok(int(changed.sum()), trials, 0.5)  # P(sum of 9 fair ±1 coins > 0) = 1/2
    assert np.all(kn.knowledge(out[changed], r[changed]) > 0.5)  # superior = luckier than the code
    # literal variant: 0-beliefs abstain, nobody knows more than the code, nothing moves
    np.testing.assert_array_equal(kn.learn_code(code, b, r, 1.0, rng(), acting=False), code)


def test_learn_code_listen_dims_and_noise():
    out = kn.learn_code(CODE, BELIEFS, REALITY, 1.0, rng(), listen=np.zeros(7))
    np.testing.assert_array_equal(out, CODE)
    listen = np.array([1, 0, 0, 1, 1, 1, 1.0])  # only A is heard
    np.testing.assert_array_equal(kn.learn_code(CODE, BELIEFS, REALITY, 1.0, rng(), listen=listen), [1, 1, 1, 1, -1])
    dims = np.array([False, False, True, False, False])
    np.testing.assert_array_equal(kn.learn_code(CODE, BELIEFS, REALITY, 1.0, rng(), dims=dims), [1, 1, 1, -1, -1])
    # noise: a perfect code never learns from a wrong individual unless performance is misread
    perfect = np.ones((2000, 5), dtype=np.int8)
    wrong = np.full((2000, 1, 5), -1, dtype=np.int8)
    r = np.ones((2000, 5), dtype=np.int8)
    np.testing.assert_array_equal(kn.learn_code(perfect, wrong, r, 1.0, rng(), noise=0.0), perfect)
    noisy = kn.learn_code(perfect, wrong, r, 1.0, rng(), noise=2.0)
    share = (noisy == -1).all(-1).mean()
    assert 0.2 < share < 0.5  # P(N(0, 2·2·5) > 10) ≈ 0.31


# ----------------------------------------------------------------------------- interpersonal
def test_interpersonal_copies_only_from_better_neighbours():
    b = np.array([[-1, -1, 0], [1, 1, 1], [0, 0, 0], [1, -1, 1]], dtype=np.int8)
    indptr, indices = csr(4, [(0, 1)])  # 2 and 3 are isolated
    scores = np.array([0.0, 1.0, 0.5, 0.9])
    out = kn.interpersonal(b, scores, indptr, indices, 1.0, rng())
    assert out.dtype == np.int8
    np.testing.assert_array_equal(out, [[1, 1, 1], [1, 1, 1], [0, 0, 0], [1, -1, 1]])
    np.testing.assert_array_equal(kn.interpersonal(b, scores, indptr, indices, 0.0, rng()), b)
    equal = np.array([1.0, 1.0, 0.5, 0.9])  # strictly better only
    np.testing.assert_array_equal(kn.interpersonal(b, equal, indptr, indices, 1.0, rng()), b)
    # per-employee probabilities: employee 0 may not copy
    np.testing.assert_array_equal(kn.interpersonal(b, scores, indptr, indices, np.array([0, 1, 1, 1.0]), rng()), b)


def test_interpersonal_picks_one_random_neighbour():
    # 2000 stars: centre 3s with a better neighbour 3s+1 (all +1) and a worse one 3s+2 (all −1)
    stars = 2000
    edges = [(3 * s, 3 * s + 1) for s in range(stars)] + [(3 * s, 3 * s + 2) for s in range(stars)]
    indptr, indices = csr(3 * stars, edges)
    b = np.zeros((3 * stars, 4), dtype=np.int8)
    b[1::3] = 1
    b[2::3] = -1
    scores = np.tile([0.5, 1.0, 0.0], stars)
    out = kn.interpersonal(b, scores, indptr, indices, 1.0, rng())
    centres = out[0::3]
    copied = (centres == 1).all(-1)
    assert np.all(copied | (centres == 0).all(-1))  # all or nothing at p = 1, never from the worse
    assert binom_ok(int(copied.sum()), stars, 0.5)
    np.testing.assert_array_equal(out[1::3], b[1::3])
    half = kn.interpersonal(b, scores, indptr, indices, 0.25, rng())
    assert binom_ok(int((half[0::3] == 1).sum()), stars * 4, 0.5 * 0.25)


def test_interpersonal_with_a_networkx_graph():
    nx = pytest.importorskip("networkx")
    g = nx.path_graph(30)
    a = nx.to_scipy_sparse_array(g, format="csr")
    b = kn.random_beliefs(rng(6), 30, 10)
    scores = np.linspace(0, 1, 30)  # each employee's right-hand neighbour is better
    out = kn.interpersonal(b, scores, a.indptr, a.indices, 1.0, rng())
    assert set(np.unique(out)) <= VALUES
    np.testing.assert_array_equal(out[-1], b[-1])  # the best one copies nobody
    for i in range(29):  # each either copied its right neighbour or kept its beliefs
        assert np.array_equal(out[i], b[i + 1]) or np.array_equal(out[i], b[i])


# ----------------------------------------------------------------------------- turnover and turbulence
def test_turnover_rate_and_newcomers():
    b = np.ones((20_000, 12), dtype=np.int8)
    out, left = kn.turnover(b, 0.1, rng())
    assert left.shape == (20_000,) and left.dtype == bool and out.dtype == np.int8
    assert binom_ok(int(left.sum()), left.size, 0.1)
    np.testing.assert_array_equal(out[~left], b[~left])
    shares = [(out[left] == v).mean() for v in (-1, 0, 1)]
    assert np.all(np.abs(np.array(shares) - 1 / 3) < 0.03)
    assert np.all(b == 1)  # input untouched
    same, none = kn.turnover(b, 0.0, rng())
    assert not none.any() and np.array_equal(same, b)
    _, everyone = kn.turnover(b, 1.0, rng())
    assert everyone.all()
    p3 = np.zeros(20_000)
    p3[:100] = 1
    _, left = kn.turnover(b, p3, rng())
    assert left[:100].all() and not left[100:].any()
    out3, left3 = kn.turnover(np.ones((4, 10, 5), np.int8), 0.5, rng())
    assert out3.shape == (4, 10, 5) and left3.shape == (4, 10)


def test_turbulence_rate():
    r = kn.random_reality(rng(), 20_000)
    np.testing.assert_array_equal(kn.turbulence(r, 0.0, rng()), r)
    np.testing.assert_array_equal(kn.turbulence(r, 1.0, rng()), -r)
    out = kn.turbulence(r, 0.05, rng())
    assert out.dtype == np.int8 and set(np.unique(out)) <= {-1, 1}
    assert binom_ok(int((out != r).sum()), r.size, 0.05)


# ----------------------------------------------------------------------------- determinism
def _all_kernels(seed):
    g = np.random.default_rng(seed)
    b = kn.random_beliefs(g, 40, 12)
    r = kn.random_reality(g, 12)
    code = kn.random_beliefs(g, 1, 12)[0]
    indptr, indices = csr(40, [(i, (i + 1) % 40) for i in range(40)] + [(i, (i + 7) % 40) for i in range(40)])
    b = kn.socialize(b, code, 0.3, g)
    code = kn.learn_code(code, b, r, 0.5, g, noise=0.05, listen=np.full(40, 0.7))
    b = kn.interpersonal(b, kn.knowledge(b, r), indptr, indices, 0.4, g)
    b, left = kn.turnover(b, 0.1, g)
    r = kn.turbulence(r, 0.1, g)
    return b, code, r, left


def test_same_seed_same_output_different_seed_different_output():
    one, two, other = _all_kernels(7), _all_kernels(7), _all_kernels(8)
    for x, y in zip(one, two):
        np.testing.assert_array_equal(x, y)
    assert not all(np.array_equal(x, y) for x, y in zip(one, other))
    assert set(np.unique(one[0])) <= VALUES and set(np.unique(one[1])) <= VALUES
