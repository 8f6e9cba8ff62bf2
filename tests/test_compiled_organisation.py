"""Each compiled organisation kernel equals its plain numpy twin, bit for bit, on random inputs.

The twins are the numpy kernels (``knowledge``, ``diffusion``) and, for the model's own
arithmetic, the numpy expressions the model used before it was compiled (written out here as
the oracle). Same generator seed on both sides: the compiled kernel must draw the same numbers
in the same order and leave the generator in the same state.
"""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest

from cxsim.kernels import knowledge as kn
from cxsim.kernels import organisation as ko
from cxsim.kernels.diffusion import organic_step
from cxsim.kernels.network import add_edges, tie_counts
from cxsim.kernels.streams import handle
from cxsim.structure import adjacency, ratio_from_counts, tie_ratio

SEEDS = range(6)


def org(seed, n_dept=4, m=24, size=(3, 30)):
    """A random organisation: department sizes, rows, beliefs, reality, codes."""
    r = np.random.default_rng(1000 + seed)
    sizes = r.integers(*size, n_dept).astype(np.int64)
    starts = np.concatenate(([0], np.cumsum(sizes)[:-1])).astype(np.int64)
    n = int(sizes.sum())
    return dict(r=r, sizes=sizes, starts=starts, n=n, m=m, dept_of=np.repeat(np.arange(n_dept), sizes),
                beliefs=kn.random_beliefs(r, n, m), reality=kn.random_reality(r, m), codes=kn.random_beliefs(r, n_dept, m))


def twins(seed):
    return np.random.default_rng(seed), np.random.default_rng(seed)


@pytest.mark.parametrize("seed", SEEDS)
def test_learn_codes_is_learn_code_then_kpi_feedback(seed):
    o = org(seed)
    r, n_dept, m = o["r"], len(o["sizes"]), o["m"]
    tasks = []
    for d in range(n_dept):
        for _ in range(2):
            dims = np.sort(r.choice(m, int(r.integers(1, m)), replace=False))
            tasks.append((d, dims, float(r.choice([-1.0, 0.0, r.uniform(0, 0.5)])), float(r.choice([-1.0, r.uniform(0, 0.5)])),
                          float(r.choice([-1.0, r.uniform(0.2, 1.0)]))))
    noise = float(r.choice([0.0, 0.05]))
    codes_a, codes_b = o["codes"].copy(), o["codes"].copy()
    ga, gb = twins(seed)
    lo = np.array([o["starts"][t[0]] for t in tasks])
    hi = lo + np.array([o["sizes"][t[0]] for t in tasks])
    dims = np.concatenate([t[1] for t in tasks]).astype(np.int64)
    counts = np.array([t[1].size for t in tasks])
    ends = np.cumsum(counts)
    ko.learn_codes(handle(ga), codes_a, o["beliefs"], o["reality"], lo, hi, dims, ends - counts, ends, np.array([t[0] for t in tasks]), np.array([t[2] for t in tasks]), np.array([t[3] for t in tasks]),
                   np.array([t[4] for t in tasks]), noise)
    for (d, dd, p2, kpi, listen), a, b in zip(tasks, lo, hi):
        code = codes_b[d]
        if p2 >= 0:
            heard = None if listen < 0 else np.full(b - a, listen)
            code[dd] = kn.learn_code(code[dd], o["beliefs"][a:b][:, dd], o["reality"][dd], p2, gb, listen=heard, noise=noise)
        if kpi >= 0:
            code[dd] = kn.kpi_feedback(code[dd], o["reality"][dd], kpi, gb)
    assert np.array_equal(codes_a, codes_b)
    assert ga.bit_generator.state == gb.bit_generator.state


@pytest.mark.parametrize("seed", SEEDS)
def test_mandate_codes_is_socialize(seed):
    o = org(seed)
    r = o["r"]
    playbook = kn.random_beliefs(r, 1, o["m"])[0]
    rate = np.where(r.random(len(o["sizes"])) < 0.6, r.random(len(o["sizes"])), -1.0)
    a, b = o["codes"].copy(), o["codes"].copy()
    ga, gb = twins(seed)
    changed = ko.mandate_codes(handle(ga), a, playbook, rate)
    for d in range(len(rate)):
        if rate[d] >= 0:
            before = b[d].copy()
            b[d] = kn.socialize(b[d][None, :], playbook, rate[d], gb)[0]
            assert changed[d] == np.count_nonzero(b[d] != before)
    assert np.array_equal(a, b) and ga.bit_generator.state == gb.bit_generator.state


@pytest.mark.parametrize("seed", SEEDS)
def test_organic_is_the_overlay_then_organic_step(seed):
    o = org(seed)
    r, n, m, dept = o["r"], o["n"], o["m"], o["dept_of"]
    n_dept = len(o["sizes"])
    graph = nx.gnp_random_graph(n, 0.15, seed=seed)
    graph.remove_edges_from(list(graph.edges(0)))  # someone without neighbours
    adj = adjacency(graph)
    playbook = kn.random_beliefs(r, 1, m)[0]
    authority, train, champ_e = r.random(n_dept) * (seed % 2), r.random(n_dept), r.random(n_dept)
    resistance, champion = r.random(n), r.random(n) < 0.1
    scores = np.round(r.random(n), 2)  # ties in score: strictly better only
    p = (0.1, 0.4, 0.5, 0.02, 0.08)
    ga, gb, pa, pb = *twins(seed), *twins(50 + seed)
    got = ko.organic(handle(pa), handle(ga), o["beliefs"], o["codes"], dept, playbook, True, authority, train, champ_e, resistance,
                     champion, scores, adj.indptr, adj.indices, *p)
    # the numpy version (Workforce.learn before it was compiled)
    overlay = (authority * train)[dept] * (1.0 - resistance)
    overlay[champion] = 1.0
    followed = o["codes"][dept]
    if overlay.any():
        follows = pb.random(n) < overlay
        followed = np.where(follows[:, None] & (playbook != 0), playbook, followed)
    p1 = (p[0] + (p[1] - p[0]) * train[dept]) * (1.0 - p[2] * resistance)
    p1[champion] = np.maximum(p1[champion], p[1])
    p_ip = p[3] + (p[4] - p[3]) * champ_e[dept]
    want = organic_step(o["beliefs"], followed, p1, scores, p_ip, gb, adj.indptr, adj.indices)
    assert np.array_equal(got, want)
    assert ga.bit_generator.state == gb.bit_generator.state and pa.bit_generator.state == pb.bit_generator.state


@pytest.mark.parametrize("seed", SEEDS)
def test_turnover_turbulence_and_scores(seed):
    o = org(seed)
    r, n = o["r"], o["n"]
    e0, r0 = r.random(n), r.random(n)
    state = [o["beliefs"].copy(), r.random(n), e0, r.random(n), r0, r.random(n) < 0.3]
    other = [x.copy() for x in state]
    ga, gb = twins(seed)
    left = ko.turnover(handle(ga), *state, 0.2, 1.6, 0.6)
    p3 = 0.2 * (1.6 - other[1]) / max(1.6 - 0.6, 1e-9)
    other[0], mask = kn.turnover(other[0], np.clip(p3, 0, 1), gb)
    other[1][mask], other[3][mask], other[5][mask] = e0[mask], r0[mask], False
    assert left == mask.sum() and all(np.array_equal(x, y) for x, y in zip(state, other))
    reality = o["reality"].copy()
    flips = ko.turbulence(handle(ga), reality, 0.2)
    want = kn.turbulence(o["reality"], 0.2, gb)
    assert np.array_equal(reality, want) and flips == np.count_nonzero(want != o["reality"])
    assert ga.bit_generator.state == gb.bit_generator.state
    relevant = r.random((len(o["sizes"]), o["m"])) < 0.5
    relevant[:, 0] = True
    rel = relevant[o["dept_of"]]
    want = ((o["beliefs"] == o["reality"]) & rel).sum(axis=1) / rel.sum(axis=1)
    assert np.array_equal(ko.knowledge_scores(o["beliefs"], o["reality"], relevant, o["dept_of"]), want)


@pytest.mark.parametrize("seed", SEEDS)
def test_department_means_disagreement_and_stage_quality(seed):
    o = org(seed, n_dept=8, m=40)
    r, n, dept, sizes, starts = o["r"], o["n"], o["dept_of"], o["sizes"], o["starts"]
    values = np.exp(r.normal(0, 3, n))
    sums, means = np.empty(8), np.empty(8)
    ko.segment_sums(values, starts, sizes, sums)
    ko.segment_means(values, starts, sizes, means)
    assert np.array_equal(sums, np.bincount(dept, weights=values, minlength=8))
    assert np.array_equal(means, [values[dept == d].mean() for d in range(8)])
    promise = np.arange(20, 40)
    pairs = np.array([[0, 1], [1, 2], [2, 5], [5, 7]])
    got = np.empty(4)
    ko.practice_disagreement(o["beliefs"], promise, starts, sizes, pairs[:, 0], pairs[:, 1], got)
    mean_action = np.add.reduceat(o["beliefs"][:, promise], starts, axis=0, dtype=np.int64) / sizes[:, None]
    a, b = mean_action[pairs[:, 0]], mean_action[pairs[:, 1]]
    assert np.array_equal(got, ((1.0 - a * b) / 2.0).mean(axis=1))
    owner = np.array([0, 3, 5, 6, 7])
    stage_dims = [np.r_[4 * s:4 * s + 4, promise] for s in range(5)]
    ends = np.cumsum([d.size for d in stage_dims])
    factor, load = r.random(8), r.uniform(-0.2, 1.3, 4)
    quality = np.empty(5)
    ko.stage_quality(o["beliefs"], o["reality"], starts, sizes, owner, np.concatenate(stage_dims), ends - stage_dims[0].size, ends,
                     factor, load, 0.15, quality)
    agree = o["beliefs"] * o["reality"]
    want = np.array([(1.0 + agree[dept == owner[s]][:, stage_dims[s]].mean()) / 2.0 * factor[owner[s]] for s in range(5)])
    want[:4] *= 1.0 - 0.15 * np.clip(load, 0.0, 1.0) ** 2
    assert np.array_equal(quality, want)


@pytest.mark.parametrize("seed", SEEDS)
def test_people_is_the_numpy_update(seed):
    o = org(seed, n_dept=8)
    r, n, dept = o["r"], o["n"], o["dept_of"]
    e, e0, res, r0 = r.random(n), r.random(n), r.random(n), r.random(n)
    mandates, train, visible, pressure, disruption = r.random(8) < 0.5, r.random(8), r.random(8), r.random(8) * 0.01, r.random(8) * 0.1
    ex_effect, lev = float(r.random()), r.random(8) * 0.3
    e1, res1 = e.copy(), res.copy()
    ko.people(e1, e0, res1, r0, o["starts"], o["sizes"], mandates, train, visible, pressure, disruption, ex_effect, lev)
    ex_gain, disengage, lag, mandate_r, relief, disrupt_r, ex_relief, memory = lev
    target = e0 + (1 - e0) * ex_gain * ex_effect
    target -= disengage * np.clip(res - r0, 0, None)
    e += lag * (np.clip(target, 0, 1) - e)
    dr = mandate_r * (mandates.astype(float) * train) * (1 - visible) - relief * visible
    dr += pressure + disrupt_r * disruption
    res += dr[dept] - ex_relief * relief * ex_effect
    res += memory * (r0 - res)
    assert np.array_equal(res1, np.clip(res, 0, 1)) and np.array_equal(e1, np.clip(e, 0, 1))


@pytest.mark.parametrize("seed", SEEDS)
def test_added_ties_equal_the_rebuilt_adjacency(seed):
    r = np.random.default_rng(seed)
    n = 60
    graph = nx.gnp_random_graph(n, 0.08, seed=seed)
    dept = np.sort(r.integers(0, 5, n))
    adj = adjacency(graph)
    indptr, indices = adj.indptr, adj.indices
    for _ in range(4):
        a, b = r.integers(0, n, 12), r.integers(0, n, 12)
        keep = a != b
        a, b = np.r_[a[keep], a[keep][:2]], np.r_[b[keep], b[keep][:2]]  # repeated ties are added once
        indptr, indices = add_edges(indptr, indices, a, b)
        graph.add_edges_from(zip(a.tolist(), b.tolist()))
        want = adjacency(graph)
        assert np.array_equal(indptr, want.indptr) and np.array_equal(indices, want.indices)
        counts = tie_counts(indptr, indices, dept, 5)
        assert np.array_equal(ratio_from_counts(counts, dept, 5, indices.size), tie_ratio(want, dept, 5))


@pytest.mark.parametrize("seed", SEEDS)
def test_department_codes_is_the_numpy_department_step(seed):
    o = org(seed, n_dept=5, m=30)
    r = o["r"]
    promise = np.arange(20, 30)
    sets = []
    for d in range(5):
        own = np.arange(4 * d, 4 * d + 4) if d < 4 else np.arange(0)
        sets += [(d, own, False), (d, promise, True)]
    sets = [s for s in sets if s[1].size]
    counts = np.array([s[1].size for s in sets])
    ends = np.cumsum(counts)
    dept = np.array([s[0] for s in sets])
    champion_effect = r.random(5) * (seed % 2)
    steering = 1.0 - 0.2 * r.random(5) * (seed % 3 == 0)  # a governance forum takes some heads' attention
    lkf, cop, p2, p_kpi, noise = 0.7, 0.5, float(r.choice([0.0, 0.1])), float(r.choice([0.0, 0.005])), 0.05
    a, b = o["codes"].copy(), o["codes"].copy()
    ga, gb = twins(seed)
    ko.department_codes(handle(ga), a, o["beliefs"], o["reality"], dept, np.array([s[2] for s in sets]),
                        o["starts"][dept], o["starts"][dept] + o["sizes"][dept], np.concatenate([s[1] for s in sets]).astype(np.int64),
                        ends - counts, ends, np.full(len(sets), -1.0), champion_effect, steering, lkf, cop, p2, p_kpi, noise)
    # the numpy Department.step, department by department
    for d, dims, on_promise in sets:
        rows = slice(o["starts"][d], o["starts"][d] + o["sizes"][d])
        share = 1.0 - lkf * (1.0 - cop * champion_effect[d]) if on_promise else 1.0
        if share <= 0:
            continue
        if p2 > 0:
            b[d, dims] = kn.learn_code(b[d, dims], o["beliefs"][rows][:, dims], o["reality"][dims], p2 * share * steering[d], gb, noise=noise)
        if p_kpi > 0:
            b[d, dims] = kn.kpi_feedback(b[d, dims], o["reality"][dims], p_kpi * share * steering[d], gb)
    assert np.array_equal(a, b) and ga.bit_generator.state == gb.bit_generator.state


@pytest.mark.parametrize("seed", SEEDS)
def test_offer_is_the_numpy_week_inputs(seed):
    o = org(seed, n_dept=8, m=40)
    r, n, dept, sizes, starts = o["r"], o["n"], o["dept_of"], o["sizes"], o["starts"]
    owner = np.array([0, 3, 5, 6, 7])
    promise = np.arange(20, 40)
    stage_dims = [np.r_[4 * s:4 * s + 4, promise] for s in range(5)]
    ends = np.cumsum([d.size for d in stage_dims])
    engagement, load, stock, ties, disagreement = r.random(n), r.uniform(0, 1.2, 4), r.random(5) * (seed % 2), r.random((8, 8)), r.random(4)
    pairs = np.array([[0, 1], [1, 2], [2, 5], [5, 7]])
    regroup = 1.0 - 0.1 * r.random(8) * (seed % 3 == 0)  # capacity dips of a regrouping
    s_eng, e_company, lp, gain, half, base, floor, risk, prot = 0.3, 0.6, 0.15, 0.5, 0.2, 37.5, 0.02, 0.25, 0.3
    company_factor = (1.0 - s_eng) + s_eng * e_company
    out = [np.empty(5), np.empty(5), np.empty(5), np.empty(4), np.empty(8), np.empty(5)]
    ko.offer(o["beliefs"], o["reality"], starts, sizes, owner, np.concatenate(stage_dims), ends - stage_dims[0].size, ends, engagement, load,
             stock, ties, pairs[:, 0], pairs[:, 1], disagreement, regroup, np.array([s_eng, company_factor, lp, gain, half, base, floor, risk, prot]), *out)
    quality, staffed, capacity, incident, eng_ratio, redesign = out
    factor = (1.0 - s_eng) + s_eng * (np.bincount(dept, weights=engagement, minlength=8) / sizes)
    agree = o["beliefs"] * o["reality"]
    want_q = np.array([(1.0 + agree[dept == owner[s]][:, stage_dims[s]].mean()) / 2.0 * factor[owner[s]] for s in range(5)])
    want_q[:4] *= 1.0 - lp * np.clip(load, 0.0, 1.0) ** 2
    want_ratio = factor / company_factor
    want_redesign = 1.0 + gain * stock / (stock + half)
    want_staffed = base * want_ratio[owner] * regroup[owner]
    want_incident = np.minimum(1.0, floor + risk * disagreement * (1.0 - prot * ties[pairs[:, 0], pairs[:, 1]]))
    for got, want in ((quality, want_q), (eng_ratio, want_ratio), (redesign, want_redesign), (staffed, want_staffed),
                      (capacity, want_staffed * want_redesign), (incident, want_incident)):
        assert np.array_equal(got, want)
