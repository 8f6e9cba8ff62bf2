"""The organisational network's ties, compiled: adding ties and counting them by department.

Communities of practice add a few cross-department ties every week of an organic programme.
Rebuilding the CSR adjacency from networkx and multiplying sparse matrices for the tie
ratios cost ~1–2 ms a week; these keep the same CSR (rows sorted, as
``structure.adjacency`` builds it) and the same counts, updated in place of the rebuild
(``tests/test_compiled.py`` compares them with the rebuild).
"""

from __future__ import annotations

import numpy as np

from .jit import jit

__all__ = ["add_edges", "tie_counts"]


@jit
def add_edges(indptr, indices, a, b):
    """(indptr, indices) of a CSR adjacency with sorted rows after adding the undirected edges
    (a[i], b[i]) (an edge already there, or given twice, is added once: networkx's Graph)."""
    n = indptr.size - 1
    keys = np.empty(2 * a.size, np.int64)  # (row, column) as row × n + column, both directions
    for i in range(a.size):
        keys[2 * i] = a[i] * n + b[i]
        keys[2 * i + 1] = b[i] * n + a[i]
    for i in range(1, keys.size):  # insertion sort: a few dozen ties a week
        key, j = keys[i], i - 1
        while j >= 0 and keys[j] > key:
            keys[j + 1] = keys[j]
            j -= 1
        keys[j + 1] = key
    fresh = np.empty(keys.size, np.int64)
    count = 0
    added = np.zeros(n, np.int64)
    for t in range(keys.size):
        key = keys[t]
        if t and keys[t - 1] == key:
            continue
        r, c = key // n, key % n
        known = False
        for p in range(indptr[r], indptr[r + 1]):
            known = known or indices[p] == c
        if known:
            continue
        fresh[count] = key
        count += 1
        added[r] += 1
    new_indptr = np.empty(n + 1, indptr.dtype)
    new_indptr[0] = 0
    for r in range(n):
        new_indptr[r + 1] = new_indptr[r] + (indptr[r + 1] - indptr[r]) + added[r]
    new_indices = np.empty(new_indptr[n], indices.dtype)
    t = 0
    for r in range(n):
        p, end, o = indptr[r], indptr[r + 1], new_indptr[r]
        while p < end or (t < count and fresh[t] // n == r):
            if t < count and fresh[t] // n == r and (p >= end or fresh[t] % n < indices[p]):
                new_indices[o] = fresh[t] % n
                t += 1
            else:
                new_indices[o] = indices[p]
                p += 1
            o += 1
    return new_indptr, new_indices


@jit
def tie_counts(indptr, indices, dept_of, n_dept):
    """(n_dept, n_dept) ties between the employees of each pair of departments (each tie counted
    from both ends), as float: ``onehot.T @ adj @ onehot`` of ``structure.tie_ratio``."""
    counts = np.zeros((n_dept, n_dept))
    for i in range(indptr.size - 1):
        for p in range(indptr[i], indptr[i + 1]):
            counts[dept_of[i], dept_of[indices[p]]] += 1.0
    return counts
