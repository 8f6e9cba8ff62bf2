"""The company's structure: departments, who owns which journey stage, the dimensions of
customer value, the org chart a reporting line sits in, and the employee network (networkx).
The numbers (headcount shares, political weights, how far authority carries per step of the
org chart) are parameters in ``cxsim.params``.

Everything here is built once per model; the weekly step only reads it (and adds the
cross-department ties that communities of practice create).
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx
import numpy as np
import scipy.sparse as sp

from .params import DEPARTMENTS, CompanyConfig, HeadcountShares

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

ALL_STAGES = STAGES + (SUPPORT,)
DEPT_INDEX = {d: i for i, d in enumerate(DEPARTMENTS)}
# index of the department owning each of ALL_STAGES, and of the two departments of each handoff
STAGE_OWNER_INDEX = np.array([DEPT_INDEX[STAGE_OWNER[s]] for s in ALL_STAGES])
HANDOFF_DEPTS = np.array([[DEPT_INDEX[STAGE_OWNER[a]], DEPT_INDEX[STAGE_OWNER[b]]] for a, b in HANDOFFS])

# Extra stages a department works on besides the ones it owns and the shared promise:
# marketing designs the offer sold at purchase, IT runs the billing systems.
EXTRA_STAGES = {"marketing": ("purchase",), "it": ("billing",)}


def by_department(group) -> np.ndarray:
    """(n_dept,) the values of a per-department parameter group (``company.headcount``,
    ``company.weight``) in the order of DEPARTMENTS."""
    return np.array([getattr(group, d) for d in DEPARTMENTS], dtype=float)


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
    stage_dims = {s: np.arange(i * k, (i + 1) * k) for i, s in enumerate(ALL_STAGES)}
    m = k * len(ALL_STAGES) + p
    promise = np.arange(k * len(ALL_STAGES), m)
    relevant = np.zeros((len(DEPARTMENTS), m), dtype=bool)
    for d, dept in enumerate(DEPARTMENTS):
        relevant[d, promise] = True
        owned = [s for s, o in STAGE_OWNER.items() if o == dept] + list(EXTRA_STAGES.get(dept, ()))
        for s in owned:
            relevant[d, stage_dims[s]] = True
    return Layout(m=m, stage_dims=stage_dims, promise=promise, relevant=relevant)


def department_sizes(n_employees: int, shares: HeadcountShares | None = None) -> np.ndarray:
    """Headcount per department, summing exactly to n_employees (largest remainder), from the
    shares ``company.headcount`` (default: the schema's)."""
    share = by_department(shares if shares is not None else HeadcountShares())
    raw = share / share.sum() * n_employees
    sizes = np.maximum(np.floor(raw).astype(int), 1)
    while sizes.sum() < n_employees:
        sizes[np.argmax(raw - sizes)] += 1
    while sizes.sum() > n_employees:
        sizes[np.argmax(sizes)] -= 1
    return sizes


def neighbours() -> np.ndarray:
    """(n_dept, n_dept) bool: departments that work together on the customer's journey, i.e.
    share the dimensions of a stage (marketing designs the offer sales sells; IT runs billing's
    systems) or are the two sides of a handoff. A department is not its own neighbour."""
    stages = [set(s for s, o in STAGE_OWNER.items() if o == d) | set(EXTRA_STAGES.get(d, ())) for d in DEPARTMENTS]
    near = np.array([[bool(a & b) for b in stages] for a in stages])
    near[HANDOFF_DEPTS[:, 0], HANDOFF_DEPTS[:, 1]] = True
    near[HANDOFF_DEPTS[:, 1], HANDOFF_DEPTS[:, 0]] = True
    np.fill_diagonal(near, False)
    return near


def org_distance(reporting_line: str) -> np.ndarray:
    """(n_dept,) steps on the org chart between the CX leader's boss and each department.

    A leader reporting to the CEO is one step from every department (the CEO heads them all).
    A leader reporting to a function (marketing, customer service, IT) is inside that
    department (0 steps), one step from the departments it works with on the journey
    (:func:`neighbours`) and two from the rest (through the CEO). Each use of the position
    (reach of authority, attention, listening, arbitration) decays by its own factor per step
    (``levers.*_decay``), so which line is better depends on where the company hurts."""
    if reporting_line == "ceo":
        return np.ones(len(DEPARTMENTS))
    home = DEPT_INDEX[reporting_line]
    return np.where(np.arange(len(DEPARTMENTS)) == home, 0.0, np.where(neighbours()[home], 1.0, 2.0))


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
    return ratio_from_counts((onehot.T @ adj @ onehot).toarray(), dept_of, n_dept, adj.sum())


def ratio_from_counts(counts: np.ndarray, dept_of: np.ndarray, n_dept: int, total_ties) -> np.ndarray:
    """:func:`tie_ratio` from the (n_dept, n_dept) tie counts and the number of tie ends
    (2 × edges)."""
    sizes = np.bincount(dept_of, minlength=n_dept).astype(float)
    n = sizes.sum()
    mean_degree = total_ties / max(n, 1)
    expected = np.outer(sizes, sizes) * mean_degree / max(n - 1, 1)
    ratio = np.divide(counts, expected, out=np.ones_like(counts), where=expected > 0)
    ratio = np.minimum(ratio, 1.0)
    np.fill_diagonal(ratio, 1.0)
    return ratio
