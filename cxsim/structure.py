"""The company's structure: departments, who owns which journey stage, the dimensions of
customer value, proximity of reporting lines, and the employee network (networkx).

Everything here is built once per model; the weekly step only reads it (and adds the
cross-department ties that communities of practice create).
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx
import numpy as np
import scipy.sparse as sp

from .config import DEPARTMENTS, CompanyConfig

# The journey the customer lives as one sequence (seed 001), and support after it.
STAGES = ("purchase", "billing", "delivery", "installation")
SUPPORT = "support"
STAGE_OWNER = {
    "purchase": "sales",
    "billing": "billing",
    "delivery": "logistics",
    "installation": "field_service",
    "support": "customer_service",
}
# Handoffs: from one stage's owner to the next; the last hands the customer to after-sales.
HANDOFFS = (
    ("purchase", "billing"),
    ("billing", "delivery"),
    ("delivery", "installation"),
    ("installation", "support"),
)

# Share of the workforce in each department (a telecom operator; assumption, vary it).
HEADCOUNT_SHARE = {
    "marketing": 0.07,
    "sales": 0.15,
    "billing": 0.11,
    "logistics": 0.14,
    "field_service": 0.20,
    "customer_service": 0.20,
    "it": 0.08,
    "hr": 0.05,
}
# Political weight of each department in internal arbitration (assumption, vary it).
POLITICAL_WEIGHT = {
    "marketing": 0.8,
    "sales": 0.7,
    "billing": 0.4,
    "logistics": 0.5,
    "field_service": 0.5,
    "customer_service": 0.3,
    "it": 0.6,
    "hr": 0.3,
}
# Proximity of a reporting line to each department: how much of the leader's authority
# reaches it (DESIGN §2.4). CEO reaches everyone; a functional boss reaches its own
# department fully, its neighbours partly and the rest little (seeds 001, 002).
_FAR = 0.25
PROXIMITY = {
    "ceo": {d: 1.0 for d in DEPARTMENTS},
    "marketing": {**{d: _FAR for d in DEPARTMENTS}, "marketing": 1.0, "sales": 0.7},
    "customer_service": {**{d: _FAR for d in DEPARTMENTS}, "customer_service": 1.0, "field_service": 0.5},
    "it": {**{d: _FAR for d in DEPARTMENTS}, "it": 1.0, "billing": 0.6},
}
# Extra dimensions a department works on besides the shared promise: the stages it owns,
# marketing designs the offer sold at purchase, IT runs the billing systems.
_EXTRA_RELEVANT = {"marketing": ("purchase",), "it": ("billing",)}


@dataclass(frozen=True)
class Layout:
    """Where each stage's dimensions sit in the belief vector."""

    m: int
    stage_dims: dict  # stage name → np.ndarray of dimension indices
    promise: np.ndarray  # indices of the shared promise dimensions
    relevant: np.ndarray  # (n_dept, m) bool: dims a department's work touches

    def quality_dims(self, stage: str) -> np.ndarray:
        return np.concatenate([self.stage_dims[stage], self.promise])


def build_layout(cfg: CompanyConfig) -> Layout:
    k, p = cfg.dims_per_stage, cfg.promise_dims
    all_stages = STAGES + (SUPPORT,)
    stage_dims = {s: np.arange(i * k, (i + 1) * k) for i, s in enumerate(all_stages)}
    m = k * len(all_stages) + p
    promise = np.arange(k * len(all_stages), m)
    relevant = np.zeros((len(DEPARTMENTS), m), dtype=bool)
    for d, dept in enumerate(DEPARTMENTS):
        relevant[d, promise] = True
        owned = [s for s, o in STAGE_OWNER.items() if o == dept] + list(_EXTRA_RELEVANT.get(dept, ()))
        for s in owned:
            relevant[d, stage_dims[s]] = True
    return Layout(m=m, stage_dims=stage_dims, promise=promise, relevant=relevant)


def department_sizes(n_employees: int) -> np.ndarray:
    """Headcount per department, summing exactly to n_employees (largest remainder)."""
    share = np.array([HEADCOUNT_SHARE[d] for d in DEPARTMENTS])
    raw = share / share.sum() * n_employees
    sizes = np.maximum(np.floor(raw).astype(int), 1)
    while sizes.sum() < n_employees:
        sizes[np.argmax(raw - sizes)] += 1
    while sizes.sum() > n_employees:
        sizes[np.argmax(sizes)] -= 1
    return sizes


def proximity_vector(reporting_line: str) -> np.ndarray:
    return np.array([PROXIMITY[reporting_line][d] for d in DEPARTMENTS])


def build_network(sizes: np.ndarray, silo: float, mean_degree: float, seed: int) -> nx.Graph:
    """Stochastic block model: dense inside departments, sparse across (DESIGN §2.1).

    ``silo`` is the expected share of an employee's ties inside its own department. Node ids
    are 0..N−1 in department order, as Mesa's network drawing needs.
    """
    n = int(sizes.sum())
    k = min(mean_degree, n - 1)
    p = np.empty((len(sizes), len(sizes)))
    for a, na in enumerate(sizes):
        for b, nb in enumerate(sizes):
            if a == b:
                p[a, b] = min(1.0, silo * k / max(na - 1, 1))
            else:
                p[a, b] = min(1.0, (1 - silo) * k / max(n - na, 1))
    p = (p + p.T) / 2
    p[p < 1e-9] = 0.0  # networkx's sparse generator divides by log(1 − p)
    return nx.stochastic_block_model([int(s) for s in sizes], p.tolist(), seed=seed, sparse=True)


def adjacency(graph: nx.Graph) -> sp.csr_array:
    return sp.csr_array(nx.to_scipy_sparse_array(graph, nodelist=range(graph.number_of_nodes()), format="csr", dtype=np.int8))


def tie_ratio(adj: sp.csr_array, dept_of: np.ndarray, n_dept: int) -> np.ndarray:
    """(n_dept, n_dept) cross-department tie density relative to a well-mixed network.

    1 means as many ties between d and e as if departments did not matter; the diagonal is
    left at 1. Handoffs between departments with a low ratio are badly protected (silos).
    """
    onehot = sp.csr_array((np.ones(len(dept_of)), (np.arange(len(dept_of)), dept_of)), shape=(len(dept_of), n_dept))
    counts = (onehot.T @ adj @ onehot).toarray()
    sizes = np.bincount(dept_of, minlength=n_dept).astype(float)
    n = sizes.sum()
    total_ties = adj.sum()  # = 2 × edges
    mean_degree = total_ties / max(n, 1)
    expected = np.outer(sizes, sizes) * mean_degree / max(n - 1, 1)
    ratio = np.divide(counts, expected, out=np.ones_like(counts), where=expected > 0)
    ratio = np.minimum(ratio, 1.0)
    np.fill_diagonal(ratio, 1.0)
    return ratio
