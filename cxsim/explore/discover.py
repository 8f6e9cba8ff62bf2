"""Scenario discovery: where in the assumption space does a yes/no outcome happen?

A *question* turns an outcome into cases of interest (``organic beats top-down`` = the contrast
top_down − organic below 0; ``S6 fails`` = the fact's difference on the wrong side). Two
methods describe those cases with the factors:

* **PRIM** (Friedman & Fisher 1999, through ema_workbench 2.5): peels the factor box to raise
  its density (share of cases of interest inside) at the cost of coverage (share of all cases
  of interest it holds). The box reported is the densest one on the peeling trajectory whose
  coverage is still at least ``min_coverage``, keeping only the restrictions whose quasi-p-value
  (Bryant & Lempert 2010) is below 0.05, with its coverage and density recomputed on the data;
  the whole trajectory is kept for the trade-off plot.
* **CART** (scikit-learn): a shallow classification tree; each leaf where cases of interest are
  the majority is a rule ("company.silo ≤ 0.62 and levers.effort_hill > 4.1"), with its
  coverage and density.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

MIN_CASES = 5  # fewer cases of interest (or of the rest) and there is nothing to describe
SIGNIFICANT = 0.05  # a PRIM restriction is kept when its quasi-p-value is below this


@dataclass(frozen=True)
class Question:
    """Cases of interest: ``outcome < threshold`` (``below``) or ``outcome > threshold``."""

    label: str
    outcome: str
    below: bool = True
    threshold: float = 0.0

    def cases(self, y: np.ndarray) -> np.ndarray:
        return y < self.threshold if self.below else y > self.threshold


@dataclass
class Box:
    """A PRIM box: its limits on the restricted factors and its coverage, density and mass."""

    limits: pd.DataFrame  # factor, lo, hi, full_lo, full_hi (restricted factors only)
    coverage: float
    density: float
    mass: float
    base_density: float
    trajectory: pd.DataFrame = field(repr=False)  # coverage, density, mass, res_dim per peel


@dataclass(frozen=True)
class Rule:
    """A CART leaf where the cases of interest are the majority."""

    conditions: str
    coverage: float
    density: float
    n: int


def _enough(y: np.ndarray) -> bool:
    return MIN_CASES <= int(y.sum()) <= y.size - MIN_CASES


def prim_box(x: pd.DataFrame, y: np.ndarray, min_coverage: float = 0.5) -> Box | None:
    """The densest PRIM box with coverage ≥ ``min_coverage`` (None if there is too little to find)."""
    y = np.asarray(y, bool)
    if not _enough(y):
        return None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # ema_workbench warns about optional parts it does not need here
        from ema_workbench.analysis import prim

        finder = prim.Prim(x.reset_index(drop=True).astype(float), y, threshold=float(y.mean()))
        box = finder.find_box()
    traj = box.peeling_trajectory[["coverage", "density", "mass", "res_dim"]].reset_index(drop=True)
    eligible = traj[traj["coverage"] >= min_coverage]
    if eligible.empty:
        eligible = traj
    best = int(eligible.sort_values(["density", "coverage"], ascending=False).index[0])
    lims, init, qp = box.box_lims[best], finder.box_init, box.qp[best]
    rows = []
    for c in x.columns:
        restricted = not np.allclose(lims[c].to_numpy(float), init[c].to_numpy(float))
        p_values = [q for q in qp.get(c, []) if q >= 0]
        if restricted and p_values and min(p_values) < SIGNIFICANT:
            rows.append({"factor": c, "lo": float(lims[c][0]), "hi": float(lims[c][1]),
                         "full_lo": float(init[c][0]), "full_hi": float(init[c][1])})
    limits = pd.DataFrame(rows, columns=["factor", "lo", "hi", "full_lo", "full_hi"])
    inside = np.ones(y.size, bool)
    for r in limits.itertuples():
        values = x[r.factor].to_numpy(float)
        inside &= (values >= r.lo) & (values <= r.hi)
    hits = int((inside & y).sum())
    return Box(limits, hits / y.sum(), hits / max(1, inside.sum()), float(inside.mean()), float(y.mean()), traj)


def cart_rules(x: pd.DataFrame, y: np.ndarray, max_depth: int = 3, min_leaf: float = 0.05, seed: int = 0) -> list[Rule]:
    """Leaves of a shallow tree where cases of interest are the majority, densest first."""
    from sklearn.tree import DecisionTreeClassifier

    y = np.asarray(y, bool)
    if not _enough(y):
        return []
    tree = DecisionTreeClassifier(max_depth=max_depth, min_samples_leaf=max(2, int(min_leaf * y.size)),
                                  random_state=seed).fit(x.to_numpy(float), y)
    leaf = tree.apply(x.to_numpy(float))
    t = tree.tree_
    rules = []
    for node, path in _paths(t, 0, []):
        members = leaf == node
        hits = int((y & members).sum())
        if members.sum() == 0 or hits * 2 <= members.sum():
            continue
        text = _conditions(path, list(x.columns))
        rules.append(Rule(text, hits / y.sum(), hits / members.sum(), int(members.sum())))
    return sorted(rules, key=lambda r: (-r.density, -r.coverage))


def _conditions(path: list, names: list[str]) -> str:
    """A leaf's path in words, one condition per factor in the order first split: two splits on
    the same factor become its tightest bound or an interval ('a in (0.4, 0.6]')."""
    bounds: dict[int, list] = {}
    for f, thr, left in path:
        lo, hi = bounds.setdefault(f, [None, None])
        if left:
            bounds[f][1] = thr if hi is None else min(hi, thr)
        else:
            bounds[f][0] = thr if lo is None else max(lo, thr)
    parts = []
    for f, (lo, hi) in bounds.items():
        if lo is not None and hi is not None:
            parts.append(f"{names[f]} in ({lo:.3g}, {hi:.3g}]")
        else:
            parts.append(f"{names[f]} ≤ {hi:.3g}" if hi is not None else f"{names[f]} > {lo:.3g}")
    return " and ".join(parts) or "everywhere"


def _paths(t, node: int, path: list):
    """(leaf id, [(feature, threshold, went left)]) for every leaf of a fitted sklearn tree."""
    if t.children_left[node] == -1:
        yield node, path
        return
    f, thr = int(t.feature[node]), float(t.threshold[node])
    yield from _paths(t, int(t.children_left[node]), path + [(f, thr, True)])
    yield from _paths(t, int(t.children_right[node]), path + [(f, thr, False)])


def describe_box(box: Box) -> str:
    """A box in words: 'company.silo in [0.12, 0.55] and levers.effort_hill ≥ 4.2'."""
    parts = []
    for r in box.limits.itertuples():
        if r.lo > r.full_lo and r.hi < r.full_hi:
            parts.append(f"{r.factor} in [{r.lo:.3g}, {r.hi:.3g}]")
        elif r.lo > r.full_lo:
            parts.append(f"{r.factor} ≥ {r.lo:.3g}")
        else:
            parts.append(f"{r.factor} ≤ {r.hi:.3g}")
    return " and ".join(parts) or "anywhere (no restriction)"


__all__ = ["Question", "Box", "Rule", "prim_box", "cart_rules", "describe_box", "MIN_CASES"]
