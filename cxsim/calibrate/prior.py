"""The free parameters of a calibration and their priors, from the schema.

A free parameter is any continuous parameter of :class:`cxsim.config.CXConfig`. Its prior is
uniform over the range the user states (``free.customers.expectation=[0.5,0.65]``) or, when
none is stated, over the schema's plausible range (``cxsim/params/``: field metadata
``plausible`` = (lo, hi) with its reason ``plausible_why``; an assumption without a stated one
gets half to twice its default) or else its allowed range (``lo``, ``hi``). No range is copied
here: the priors follow the schema. A stated range must lie inside the
allowed one. Run settings (metadata ``role`` = "setting": seed, horizon, population) and
whole-number parameters cannot be free.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, is_dataclass

import numpy as np

from ..config import ConfigError, CXConfig, make_config
from .settings import flat_free


@dataclass(frozen=True)
class Free:
    key: str  # dotted schema key
    lo: float
    hi: float
    source: str  # where the prior's range comes from

    @property
    def centre(self) -> float:
        return 0.5 * (self.lo + self.hi)


def _field(key: str):
    node, parts = CXConfig(), key.split(".")
    for i, part in enumerate(parts):
        names = {f.name: f for f in fields(node)}
        if part not in names:
            where = ".".join(parts[:i]) or "the top level"
            raise ConfigError(f"free.{key}: {part!r} is not a parameter under {where}: allowed {', '.join(names)}")
        f = names[part]
        value = getattr(node, part)
        if i < len(parts) - 1:
            if not is_dataclass(value):
                raise ConfigError(f"free.{key}: {part!r} is a value, not a group")
            node = value
        elif is_dataclass(value):
            raise ConfigError(f"free.{key} is a group: name one of its parameters ({', '.join(x.name for x in fields(value))})")
    return f


def free_parameters(free: dict) -> list[Free]:
    """The free parameters of ``free`` (nested or dotted keys → None or [lo, hi])."""
    out = []
    flat = flat_free(free)
    if not flat:
        raise ConfigError("free is empty: name at least one parameter, e.g. free.customers.expectation=null")
    for key, stated in flat.items():
        meta = _field(key).metadata
        if "lo" not in meta:
            raise ConfigError(f"free.{key} is not a number: only continuous parameters can be free")
        if meta.get("integer"):
            raise ConfigError(f"free.{key} is a whole number: only continuous parameters can be free")
        if meta.get("role") == "setting":
            raise ConfigError(f"free.{key} is a run setting, not a property of the company: it cannot be free")
        allowed = (float(meta["lo"]), float(meta["hi"]))
        if stated is None:
            plausible = meta.get("plausible")
            if plausible:
                out.append(Free(key, float(plausible[0]), float(plausible[1]), f"schema plausible range ({meta.get('plausible_why', '')})"))
            else:
                out.append(Free(key, *allowed, "schema allowed range"))
            continue
        ok = isinstance(stated, (list, tuple)) and len(stated) == 2 and all(
            isinstance(v, (int, float)) and not isinstance(v, bool) for v in stated)
        if not ok or not allowed[0] <= stated[0] < stated[1] <= allowed[1]:
            raise ConfigError(f"free.{key}={list(stated) if isinstance(stated, (list, tuple)) else stated!r} is not a prior range: "
                              f"allowed null (the schema's range) or [lo, hi] with {allowed[0]:g} ≤ lo < hi ≤ {allowed[1]:g}")
        out.append(Free(key, float(stated[0]), float(stated[1]), "stated"))
    return out


def pyabc_prior(free: list[Free]):
    """Independent uniform priors, as pyabc's Distribution."""
    import pyabc

    return pyabc.Distribution({p.key: pyabc.RV("uniform", p.lo, p.hi - p.lo) for p in free})


def configure(base: CXConfig, values: dict, **settings) -> CXConfig:
    """``base`` with the free parameters at ``values`` and the run settings (steps, …)."""
    return make_config(base, overrides={**{k: float(v) for k, v in values.items()}, **settings})


def check_corners(base: CXConfig, free: list[Free]) -> None:
    """Every prior bound runs with the company's other parameters (cross-key rules included)."""
    for p in free:
        for bound in (p.lo, p.hi):
            try:
                configure(base, {p.key: bound})
            except ConfigError as err:
                raise ConfigError(f"free.{p.key}: the prior bound {bound:g} cannot run with this company: {err}") from None


def draw(free: list[Free], rng: np.random.Generator) -> dict:
    """One draw from the prior (the truths of a recovery study)."""
    return {p.key: float(rng.uniform(p.lo, p.hi)) for p in free}


__all__ = ["Free", "free_parameters", "pyabc_prior", "configure", "check_corners", "draw"]
