"""How robust a study's headline answer is over the assumption space (issue 14's machinery).

The headline contrast becomes an exploration (:func:`cxsim.explore.pipeline.explore`): its two
scenarios on the study's first company preset, a small Latin hypercube over every assumption's
plausible range (``configs/explore/design/lhs.yaml``, :mod:`cxsim.explore.space`), a few paired
replicates per point, and the contrast declared as a fact whose expected sign is the one the
study found (``equivalent`` within ±``margin`` when the study found exactly no difference).
What comes back: the share of points where the sign holds (Wilson interval), the share where it
is significant, the assumption the contrast moves with most (Spearman ρ over the points) and,
when the sign holds in fewer than 80% of the points, where it fails (PRIM, CART).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .definition import Study
from .execute import OUT_ROOT

POINTS = 16
REPLICATES = 2


@dataclass
class Robustness:
    points: int
    replicates: int
    factors: int
    expect: str
    fact: object  # cxsim.explore.robustness.FactResult
    top: pd.DataFrame  # the factors the contrast moves with most: factor, rho, rho_lo, rho_hi
    out_dir: Path
    seconds: float  # worker time of the points (as computed, also when read back)


def exploration_config(study: Study, expect: str, out_root: Path = OUT_ROOT, n_jobs: int = -1) -> dict:
    """The exploration's config (``configs/explore/`` with ``design=lhs``, then the headline)."""
    import hashlib
    import json

    from ..explore.__main__ import compose_config
    from ..explore.plan import compose_scenarios
    from ..explore.space import schema_factors

    c = study.headline
    company = study.companies[0]
    rob = study.robustness
    base = study.overrides(company)
    a, b = list(study.scenarios[c.a]), list(study.scenarios[c.b])
    # a parameter both scenarios set (e.g. the silo level of a cell) stays at its value
    _, fixed = compose_scenarios(base, {"a": a, "b": b})
    cfg = compose_config(["design=lhs"])
    spec = {**study.outcomes[c.outcome], "scenario": "a", "minus": "b", "expect": expect,
            "fact": study.title, "claim": c.text}
    if expect == "equivalent":
        spec["margin"] = float(rob.get("margin", 1.0))
    name = study.name
    cfg.update(name=name, seed=study.seed, replicates=int(rob.get("replicates", REPLICATES)), base=base,
               scenarios={"a": a, "b": b}, outcomes={"headline": spec}, discover=[])
    cfg["design"]["n"] = int(rob.get("points", POINTS))
    cfg["space"]["exclude"] = sorted(fixed["a"] & fixed["b"] & set(schema_factors()))
    cfg["analysis"]["resamples"] = 100
    key = hashlib.sha256(json.dumps(cfg, sort_keys=True, default=str).encode()).hexdigest()[:12]
    cfg["out_dir"] = str(Path(out_root) / study.name / f"robustness-{key}")  # resumable; never mixed
    cfg["report_dir"] = str(Path(cfg["out_dir"]) / "report")
    cfg["execution"].update(chunk_size=1, n_jobs=n_jobs, progress=False)
    return cfg


def expected_sign(mean: float) -> str:
    return "positive" if mean > 0 else "negative" if mean < 0 else "equivalent"


def robustness(study: Study, expect: str, out_root: Path = OUT_ROOT, n_jobs: int = -1) -> Robustness:
    """Run (or resume) the headline's exploration and summarise it."""
    import logging

    from ..explore.pipeline import explore

    for noisy in ("MESA", "matplotlib", "EMA", "cxsim.explore"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    cfg = exploration_config(study, expect, out_root, n_jobs)
    result = explore(cfg)
    idx = result.indices
    top = pd.DataFrame(columns=["factor", "rho", "rho_lo", "rho_hi"])
    if not idx.empty:
        idx = idx[idx["rho"].notna()]
        top = idx.assign(size=idx["rho"].abs()).sort_values("size", ascending=False)[["factor", "rho", "rho_lo", "rho_hi"]]
    return Robustness(len(result.table), result.plan.replicates, len(result.plan.factors), expect,
                      result.facts[0], top.head(3).reset_index(drop=True), result.plan.out_dir,
                      float(result.table["seconds"].sum()))


__all__ = ["Robustness", "robustness", "exploration_config", "expected_sign", "POINTS", "REPLICATES"]
