"""Designs over the assumption space, sampled with SALib: Morris, Saltelli/Sobol, Latin hypercube.

A design is a table (pandas, one row per design point, one column per factor, index = point
number). The rows keep SALib's order, which its analyses rely on: Morris trajectories of
``k + 1`` consecutive rows; Sobol blocks of ``k + 2`` rows per base sample (A, AB_1…AB_k, B, no
second order). The sampled values are stored as SALib drew them; integer parameters are
rounded when a point is turned into a config (:mod:`cxsim.explore.evaluate`).

A sample SALib or scipy would only accept with a warning (a Sobol ``n`` that is not a power of
two, an odd number of Morris levels) is refused here with a one-line error, before anything runs.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..config import ConfigError
from .space import Factor, salib_problem

KINDS = ("morris", "sobol", "lhs")


@dataclass(frozen=True)
class DesignSpec:
    """What to sample: the kind, its size ``n`` (Morris: trajectories; Sobol: base samples;
    LHS: points), the Morris grid levels and the sampling seed."""

    kind: str
    n: int
    seed: int = 0
    levels: int = 4


def rows_per_unit(kind: str, k: int) -> int:
    """Rows of one analysis unit: a Morris trajectory (k + 1), a Sobol block (k + 2), an LHS point."""
    return {"morris": k + 1, "sobol": k + 2, "lhs": 1}[kind]


def check_spec(spec: DesignSpec, factors: list[Factor]) -> None:
    """Refuse a design that cannot run, naming the key, the value and what is allowed."""
    if spec.kind not in KINDS:
        raise ConfigError(f"design.kind={spec.kind!r} is not a design: choose one of {', '.join(KINDS)}")
    if not factors:
        raise ConfigError("space: the design has no factor to vary (space.include is empty or every "
                          "parameter is excluded): name at least one parameter")
    if isinstance(spec.n, bool) or not isinstance(spec.n, (int, np.integer)) or spec.n < 1:
        raise ConfigError(f"design.n={spec.n!r} leaves the design empty: allowed a whole number ≥ 1")
    if spec.kind == "sobol" and (spec.n < 2 or spec.n & (spec.n - 1)):
        raise ConfigError(f"design.n={spec.n} is refused by SALib's Sobol sampler: allowed a power of 2 ≥ 2 "
                          f"(e.g. {1 << max(1, int(spec.n).bit_length() - 1)} or {1 << int(spec.n).bit_length()})")
    if spec.kind == "morris":
        if spec.n < 2:
            raise ConfigError(f"design.n={spec.n} Morris trajectories cannot estimate σ: allowed a whole number ≥ 2")
        if spec.levels < 2 or spec.levels % 2:
            raise ConfigError(f"design.levels={spec.levels} is refused by SALib's Morris sampler: allowed an even number ≥ 2")


def sample(spec: DesignSpec, factors: list[Factor]) -> pd.DataFrame:
    """The design table of ``spec`` over ``factors`` (checked first; SALib warnings are errors)."""
    check_spec(spec, factors)
    problem = salib_problem(factors)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        try:
            x = _draw(spec, problem)
        except (ValueError, RuntimeError, UserWarning) as err:
            msg = " ".join(str(err).split())
            raise ConfigError(f"design.n={spec.n} is refused by SALib's {spec.kind} sampler: {msg}") from None
    table = pd.DataFrame(x, columns=problem["names"])
    table.index.name = "point"
    return table


def _draw(spec: DesignSpec, problem: dict) -> np.ndarray:
    if spec.kind == "morris":
        from SALib.sample import morris

        return morris.sample(problem, spec.n, num_levels=spec.levels, seed=spec.seed)
    if spec.kind == "sobol":
        from SALib.sample import sobol

        return sobol.sample(problem, spec.n, calc_second_order=False, seed=spec.seed)
    from SALib.sample import latin

    return latin.sample(problem, spec.n, seed=spec.seed)


def complete_units(kind: str, k: int, failed: np.ndarray) -> np.ndarray:
    """Boolean mask over rows: True where the row's whole analysis unit (trajectory, block,
    point) has an outcome. SALib's estimators need whole units, so a failed point drops its unit."""
    size = rows_per_unit(kind, k)
    bad_units = failed.reshape(-1, size).any(axis=1)
    return np.repeat(~bad_units, size)


__all__ = ["DesignSpec", "KINDS", "sample", "check_spec", "rows_per_unit", "complete_units"]
