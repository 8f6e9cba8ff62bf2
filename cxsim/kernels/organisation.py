"""The organisation's week, compiled: the same rules as ``knowledge`` and ``diffusion``, for every
department in one call.

Each function here is the compiled twin of a plain numpy kernel and returns exactly what it
returns, bit for bit, drawing the same random numbers in the same order (``jit`` module
docstring; ``tests/test_compiled_organisation.py`` checks each against its twin on random inputs):

=========================  ===============================================================
compiled                   plain numpy twin, called once per …
=========================  ===============================================================
:func:`learn_codes`        ``knowledge.learn_code`` then ``knowledge.kpi_feedback``, per
                           department and set of dimensions (departments' local codes; the
                           CX playbook, which listens to each department in turn)
:func:`mandate_codes`      ``knowledge.socialize`` of a code towards the playbook, per
                           mandated department
:func:`knowledge_scores`   ``Workforce.scores`` (March's knowledge on relevant dimensions)
:func:`organic`            the playbook overlay of ``Workforce.learn`` and
                           ``diffusion.organic_step`` on the CSR network
:func:`turnover`           ``knowledge.turnover`` and the baselines newcomers take
:func:`turbulence`         ``knowledge.turbulence`` (in place)
:func:`people`             ``Workforce.people`` as it was written in numpy (engagement,
                           resistance)
:func:`stage_quality`,     ``CXModel.stage_quality``, ``Workforce.practice_disagreement``,
:func:`practice_disagre…`  ``Workforce.dept_mean`` (``np.bincount`` with weights) and the
:func:`segment_sums`,      departments' mean resistance, as they were written in numpy
:func:`segment_means`      (tests keep those expressions as the oracle)
=========================  ===============================================================

The plain kernels stay the specification (and run the dockings, which batch thousands of
organisations); these run the model. Generators are passed as handles (``streams.handle``).
"""

from __future__ import annotations

import math

import numpy as np

from .jit import jit, pairwise_sum
from .streams import bounded, fill_int8, next_double, normal, skip, stream

__all__ = ["learn_codes", "mandate_codes", "knowledge_scores", "organic", "turnover", "segment_means", "segment_sums",
           "practice_disagreement", "stage_quality", "people", "turbulence", "department_codes", "offer"]


@jit
def learn_codes(org, codes, beliefs, reality, row_lo, row_hi, dims, dim_lo, dim_hi, code_row, p2, kpi, listen, noise):
    """Code learning, task by task, in place on ``codes``.

    Task t: code ``codes[code_row[t]]`` on the dimensions ``dims[dim_lo[t]:dim_hi[t]]`` learns
    from the employees of rows ``row_lo[t]:row_hi[t]`` as ``knowledge.learn_code`` does with
    rate ``p2[t]`` (acting individuals, observation noise ``noise``, a listening mask when
    ``listen[t] >= 0``), then corrects itself from KPIs as ``knowledge.kpi_feedback`` does with
    rate ``kpi[t]``; a negative rate skips the step (and its draws). ``org`` is the handle of
    the stream both draw from.
    """
    rng = stream(org)
    for t in range(row_lo.size):
        lo, hi = row_lo[t], row_hi[t]
        n, k = hi - lo, dim_hi[t] - dim_lo[t]
        d = dims[dim_lo[t]:dim_hi[t]]
        code = codes[code_row[t]]
        if p2[t] >= 0:
            coin = np.empty((n, k), np.int8)
            fill_int8(rng, 0, 2, coin)
            votes = np.empty((n, k), np.int64)
            perf = np.empty(n, np.int64)
            for i in range(n):
                s = 0
                for j in range(k):
                    b = beliefs[lo + i, d[j]]
                    v = 2 * np.int64(coin[i, j]) - 1 if b == 0 else np.int64(b)
                    votes[i, j] = v
                    s += v * np.int64(reality[d[j]])
                perf[i] = s
            code_perf = 0
            for j in range(k):
                code_perf += np.int64(code[d[j]]) * np.int64(reality[d[j]])
            superior = np.empty(n, np.bool_)
            if noise > 0:
                observed = normal(rng, 0.0, noise * (2.0 * k), n)
                for i in range(n):
                    superior[i] = perf[i] + observed[i] > code_perf
            else:
                for i in range(n):
                    superior[i] = perf[i] > code_perf
            if listen[t] >= 0:
                for i in range(n):
                    heard = next_double(rng) < listen[t]
                    superior[i] = superior[i] and heard
            base = 1.0 - p2[t]
            for j in range(k):
                s = 0
                for i in range(n):
                    if superior[i]:
                        s += votes[i, j]
                majority = np.int8(1) if s > 0 else (np.int8(-1) if s < 0 else np.int8(0))
                stay = math.pow(base, float(abs(s)))
                moves = next_double(rng) >= stay
                if majority != 0 and majority != code[d[j]] and moves:
                    code[d[j]] = majority
        if kpi[t] >= 0:
            for j in range(k):
                u = next_double(rng)
                if code[d[j]] != reality[d[j]] and u < kpi[t]:
                    code[d[j]] = reality[d[j]]


@jit
def mandate_codes(programme, codes, playbook, rate):
    """Each department d with ``rate[d] >= 0`` (mandated, in order) moves its code one step
    towards the playbook on each dimension where the playbook holds a differing view, with
    probability ``rate[d]`` (``knowledge.socialize(code[None, :], playbook, rate[d], rng)``).
    Returns the number of dimensions each code changed on."""
    rng = stream(programme)
    changed = np.zeros(codes.shape[0], np.int64)
    for dep in range(codes.shape[0]):
        if rate[dep] < 0:
            continue
        for j in range(codes.shape[1]):
            u = next_double(rng)
            c, b = playbook[j], codes[dep, j]
            if c != 0 and c != b and u < rate[dep]:
                codes[dep, j] = b + (np.int8(1) if c > b else np.int8(-1))
                changed[dep] += 1
    return changed


@jit
def knowledge_scores(beliefs, reality, relevant, dept_of):
    """(n,) share of the dimensions relevant to its department on which each employee is right
    (counted without branches: the run-in computes it every week)."""
    n, m = beliefs.shape
    out = np.empty(n)
    counts = np.zeros(relevant.shape[0], np.int64)
    for d in range(relevant.shape[0]):
        for j in range(m):
            counts[d] += relevant[d, j]
    for i in range(n):
        rel = relevant[dept_of[i]]
        right = 0
        for j in range(m):
            right += rel[j] & (beliefs[i, j] == reality[j])
        out[i] = right / counts[dept_of[i]]
    return out


@jit
def organic(programme, org, beliefs, codes, dept_of, playbook, overlay_on, authority, train_effect, champion_effect,
            resistance, champion, scores, indptr, indices, p1_base, train_p1, resistance_socialisation, p_ip_base, champion_p_ip):
    """Socialisation and interpersonal learning of one week (``Workforce.learn``): the playbook
    overlays the code an employee follows with probability authority × training × (1 −
    resistance) (1 for champions; drawn from ``programme`` when ``overlay_on``), then
    ``diffusion.organic_step`` with per-employee p1 and p_ip (drawn from ``org``). Returns the
    new beliefs.

    ``organic_step`` draws one uniform per employee and dimension; only those of a dimension
    where the code pushes or the chosen neighbour outperforms and believes otherwise can change
    anything, so the others are skipped (``streams.skip``: the stream ends where it would)."""
    n, m = beliefs.shape
    follows = np.zeros(n, np.bool_)
    if overlay_on:
        overlay = np.empty(n)
        anyone = False
        for i in range(n):
            d = dept_of[i]
            overlay[i] = 1.0 if champion[i] else (authority[d] * train_effect[d]) * (1.0 - resistance[i])
            anyone = anyone or overlay[i] != 0
        if anyone:
            rng_p = stream(programme)
            for i in range(n):
                follows[i] = next_double(rng_p) < overlay[i]
    rng = stream(org)
    teacher = np.empty(n, np.int64)
    last = max(indices.size - 1, 0)
    for i in range(n):
        deg = indptr[i + 1] - indptr[i]
        off = bounded(rng, max(deg, 1))
        teacher[i] = indices[min(indptr[i] + off, last)] if deg > 0 else -1
    merged = codes.copy()  # each department's code overlaid with the playbook, for those who follow it
    for d in range(codes.shape[0]):
        for j in range(m):
            if playbook[j] != 0:
                merged[d, j] = playbook[j]
    out = beliefs.copy()
    need = np.empty(m, np.int64)
    position = 0  # uniforms of the step drawn or skipped so far
    for i in range(n):
        d = dept_of[i]
        p1 = (p1_base + (train_p1 - p1_base) * train_effect[d]) * (1.0 - resistance_socialisation * resistance[i])
        if champion[i]:
            p1 = max(p1, train_p1)
        p_ip = p_ip_base + (champion_p_ip - p_ip_base) * champion_effect[d]
        t = teacher[i]
        better = t >= 0 and scores[t] > scores[i]
        code = merged[d] if follows[i] else codes[d]
        k = 0
        for j in range(m):  # the dimensions where this employee's uniform can change anything
            b = beliefs[i, j]
            need[k] = j
            k += ((code[j] != 0) & (code[j] != b)) | (better & (beliefs[t if better else i, j] != b))
        for r in range(k):
            j = need[r]
            skip(rng, i * m + j - position)
            position = i * m + j + 1
            u = next_double(rng)
            b, c = beliefs[i, j], code[j]
            pushed = c != 0 and c != b
            lo = p1 if pushed else 0.0
            if pushed and u < p1:
                out[i, j] = b + (np.int8(1) if c > b else np.int8(-1))
            if better and beliefs[t, j] != b and u >= lo and u < lo + p_ip:
                out[i, j] = beliefs[t, j]
    skip(rng, n * m - position)
    return out


@jit
def turnover(org, beliefs, engagement, engagement0, resistance, resistance0, champion, p3, offset, company_engagement):
    """Each employee leaves with p3 × (offset − engagement) / (offset − company engagement),
    clipped to [0, 1], and is replaced in place by a newcomer with beliefs uniform on
    {−1, 0, +1} and its row's baselines. Returns the number who left."""
    rng = stream(org)
    n, m = beliefs.shape
    denom = max(offset - company_engagement, 1e-9)
    left = np.empty(n, np.bool_)
    count = 0
    for i in range(n):
        p = min(max(p3 * (offset - engagement[i]) / denom, 0.0), 1.0)
        left[i] = next_double(rng) < p
        count += left[i]
    if count:
        fresh = np.empty((count, m), np.int8)
        fill_int8(rng, -1, 2, fresh)
        r = 0
        for i in range(n):
            if left[i]:
                beliefs[i, :] = fresh[r]
                engagement[i] = engagement0[i]
                resistance[i] = resistance0[i]
                champion[i] = False
                r += 1
    return count


@jit
def segment_means(values, starts, sizes, out):
    """``values[lo:lo + size].mean()`` of each department's contiguous rows (numpy's pairwise
    sum, then the division)."""
    for d in range(starts.size):
        out[d] = pairwise_sum(values[starts[d]:starts[d] + sizes[d]]) / sizes[d]


@jit
def segment_sums(values, starts, sizes, out):
    """``np.bincount(dept_of, weights=values)``: each department's rows added in order."""
    for d in range(starts.size):
        total = 0.0
        for i in range(starts[d], starts[d] + sizes[d]):
            total += values[i]
        out[d] = total


@jit
def practice_disagreement(beliefs, promise, starts, sizes, side_a, side_b, out):
    """(handoffs,) chance that the two departments of each handoff act differently on a promise
    dimension: ((1 − ā·b̄) / 2) averaged over the promise, ā the departments' mean action."""
    p = promise.size
    mean = np.empty((starts.size, p))
    for d in range(starts.size):
        for j in range(p):
            total = 0
            for i in range(starts[d], starts[d] + sizes[d]):
                total += beliefs[i, promise[j]]
            mean[d, j] = total / sizes[d]
    row = np.empty(p)
    for h in range(side_a.size):
        for j in range(p):
            row[j] = (1.0 - mean[side_a[h], j] * mean[side_b[h], j]) / 2.0
        out[h] = pairwise_sum(row) / p


@jit
def stage_quality(beliefs, reality, starts, sizes, owner, dims, dim_lo, dim_hi, factor, load, load_penalty, out):
    """(stages,) quality of each stage: its owner's mean probability of acting as customers
    value on the stage's dimensions (a 0-belief acts at random: (1 + mean belief·reality) / 2),
    × the owner's engagement ``factor``, × (1 − load_penalty × clip(load, 0, 1)²) for the
    stages with a ``load``."""
    for s in range(owner.size):
        d = owner[s]
        total = 0
        for i in range(starts[d], starts[d] + sizes[d]):
            for t in range(dim_lo[s], dim_hi[s]):
                total += beliefs[i, dims[t]] * reality[dims[t]]
        count = sizes[d] * (dim_hi[s] - dim_lo[s])
        out[s] = (1.0 + total / count) / 2.0 * factor[d]
    for s in range(load.size):
        c = min(max(load[s], 0.0), 1.0)
        out[s] *= 1.0 - load_penalty * (c * c)


@jit
def people(engagement, engagement0, resistance, resistance0, starts, sizes, mandates, train_effect, visible, budget_pressure,
           disruption, ex_effect, lev):
    """``Workforce.people``: engagement towards its target, resistance up with the change and
    down with visible results and towards its baseline (``lev``: ex_gain,
    resistance_disengagement, engagement_lag, mandate_resistance, relief_resistance,
    disruption_resistance, ex_relief, resistance_memory)."""
    ex_gain, disengage, lag, mandate_r, relief, disrupt_r, ex_relief, memory = lev[0], lev[1], lev[2], lev[3], lev[4], lev[5], lev[6], lev[7]
    relief_ex = ex_relief * relief * ex_effect
    for d in range(starts.size):
        mandate = (1.0 if mandates[d] else 0.0) * train_effect[d]
        dr = mandate_r * mandate * (1.0 - visible[d]) - relief * visible[d]
        dr = dr + (budget_pressure[d] + disrupt_r * disruption[d])
        for i in range(starts[d], starts[d] + sizes[d]):
            target = engagement0[i] + (1.0 - engagement0[i]) * ex_gain * ex_effect
            target = target - disengage * max(resistance[i] - resistance0[i], 0.0)
            e = engagement[i] + lag * (min(max(target, 0.0), 1.0) - engagement[i])
            r = resistance[i] + (dr - relief_ex)
            r = r + memory * (resistance0[i] - r)
            resistance[i] = min(max(r, 0.0), 1.0)
            engagement[i] = min(max(e, 0.0), 1.0)


@jit
def turbulence(org, reality, p4):
    """``knowledge.turbulence`` in place: each dimension flips with probability p4 (no draw when
    p4 ≤ 0). Returns the number of flips."""
    if p4 <= 0:
        return 0
    rng = stream(org)
    flips = 0
    for j in range(reality.size):
        if next_double(rng) < p4:
            reality[j] = -reality[j]
            flips += 1
    return flips


@jit
def department_codes(org, codes, beliefs, reality, dept, promise, row_lo, row_hi, dims, dim_lo, dim_hi, no_listening,
                     champion_effect, steering, local_kpi_focus, cop_focus, p2, p_kpi, noise):
    """The departments' code learning of one week (``Department.step_all``): each task's rates
    (the promise is learned at 1 − focus, focus = local_kpi_focus × (1 − cop_focus × champion
    effect); both rates × the department's ``steering``, the share of its head's attention a
    governance forum leaves it), then :func:`learn_codes`."""
    rate = np.empty(dept.size)
    kpi = np.empty(dept.size)
    for t in range(dept.size):
        share = 1.0 - local_kpi_focus * (1.0 - cop_focus * champion_effect[dept[t]]) if promise[t] else 1.0
        rate[t] = p2 * share * steering[dept[t]] if share > 0 and p2 > 0 else -1.0
        kpi[t] = p_kpi * share * steering[dept[t]] if share > 0 and p_kpi > 0 else -1.0
    learn_codes(org, codes, beliefs, reality, row_lo, row_hi, dims, dim_lo, dim_hi, dept, rate, kpi, no_listening, noise)


@jit
def offer(beliefs, reality, starts, sizes, owner, dims, dim_lo, dim_hi, engagement, load, stock, ties, side_a, side_b, disagreement,
          regroup, scalars, quality, staffed, capacity, incident, eng_ratio, redesign):
    """What the organisation offers customers this week (``CXModel._week_inputs``): stage
    ``quality`` (:func:`stage_quality` with the engagement factor of each department's mean
    engagement), capacity ``staffed`` in proportion to engagement (× ``regroup``, a department's
    capacity during a regrouping, 1 without) and ``capacity`` × process
    ``redesign``, ``incident`` probability per handoff, and ``eng_ratio`` (engagement factor
    relative to the company's). ``scalars``: engagement_output, the company engagement's
    factor, load_penalty, redesign_gain, redesign_half, base capacity, handoff_floor,
    handoff_risk, tie_protection."""
    share, company_factor, load_penalty, gain, half, base, floor, risk, protection = (
        scalars[0], scalars[1], scalars[2], scalars[3], scalars[4], scalars[5], scalars[6], scalars[7], scalars[8])
    sums = np.empty(starts.size)
    segment_sums(engagement, starts, sizes, sums)
    factor = np.empty(starts.size)
    for d in range(starts.size):
        factor[d] = (1.0 - share) + share * (sums[d] / sizes[d])
        eng_ratio[d] = factor[d] / company_factor
    stage_quality(beliefs, reality, starts, sizes, owner, dims, dim_lo, dim_hi, factor, load, load_penalty, quality)
    for s in range(owner.size):
        redesign[s] = 1.0 + gain * stock[s] / (stock[s] + half)
        staffed[s] = base * eng_ratio[owner[s]] * regroup[owner[s]]
        capacity[s] = staffed[s] * redesign[s]
    for h in range(side_a.size):
        incident[h] = min(1.0, floor + risk * disagreement[h] * (1.0 - protection * ties[side_a[h], side_b[h]]))
