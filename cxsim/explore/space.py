"""The assumption space: which parameters an exploration varies, and over which range.

:func:`assumption_space` is the one place ranges come from. It walks the schema
(:mod:`cxsim.config`): every numeric field has ``lo``/``hi`` (the validation range) and may
carry ``role`` (``assumption``, ``lever``, ``structure`` or ``setting``) and ``plausible`` =
``(lo, hi, reason)`` (or ``(lo, hi)`` with ``plausible_why``), a narrower range that the
analysis should sample. Where a field has no
``role`` yet, numeric ``company.*``, ``customers.*``, ``executive.*`` and ``levers.*`` fields
count as assumptions and ``leader.*`` fields as levers (the sizes of the population simulated,
counted in customers or employees, are settings); where it has no ``plausible`` range, the
schema's range is used. An exploration may narrow a range further (``space.ranges`` in its
config, with an optional reason); it can never widen it beyond the schema's.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields

from ..config import ConfigError, CXConfig, flatten

ROLES = ("assumption", "lever", "structure", "setting")
_GROUP_ROLE = {"company": "assumption", "customers": "assumption", "executive": "assumption",
               "levers": "assumption", "leader": "lever"}
_SIZE_UNITS = ("customers", "employees")  # population sizes: how much is simulated, not what


@dataclass(frozen=True)
class Factor:
    """One varied parameter: dotted name, sampled range, why that range, unit and kind."""

    name: str
    lo: float
    hi: float
    reason: str
    unit: str = ""
    integer: bool = False
    role: str = "assumption"


def _field_of(key: str):
    """The dataclass field behind a dotted key of :class:`CXConfig`."""
    node, found = CXConfig(), None
    for part in key.split("."):
        found = next(f for f in fields(node) if f.name == part)
        node = getattr(node, part)
    return found


def role_of(key: str, meta: Mapping) -> str:
    """The declared role of a parameter, or the fallback described in the module docstring."""
    if meta.get("role"):
        return str(meta["role"])
    if meta.get("unit") in _SIZE_UNITS or "." not in key:
        return "setting"
    return _GROUP_ROLE.get(key.split(".")[0], "setting")


def factor_from_meta(key: str, meta: Mapping) -> Factor | None:
    """The factor a schema field stands for (None if it is not numeric): its plausible range
    where declared — ``(lo, hi, reason)``, or ``(lo, hi)`` with ``plausible_why`` — else its
    validation range."""
    if "lo" not in meta:
        return None
    plausible = meta.get("plausible")
    if plausible:
        lo, hi = plausible[0], plausible[1]
        reason = str(plausible[2]) if len(plausible) > 2 else str(meta.get("plausible_why") or "plausible range")
    else:
        lo, hi, reason = meta["lo"], meta["hi"], "schema range (no plausible range declared)"
    return Factor(key, float(lo), float(hi), reason, str(meta.get("unit", "")), bool(meta.get("integer", False)),
                  role_of(key, meta))


def schema_factors() -> dict[str, Factor]:
    """Every numeric parameter of the schema as a :class:`Factor` over its default range."""
    out = {}
    for key in flatten(CXConfig()):
        factor = factor_from_meta(key, _field_of(key).metadata)
        if factor is not None:
            out[key] = factor
    return out


def _unknown(where: str, name: str, known: Iterable[str]) -> ConfigError:
    close = difflib.get_close_matches(name, list(known), n=1)
    hint = f" (did you mean {close[0]}?)" if close else ""
    return ConfigError(f"{where}: {name} is not a numeric parameter of the schema{hint}; "
                       "see `python -m cxsim --cfg job` or docs/ODD.md for the parameters")


def _range_override(name: str, value, factor: Factor, schema_lo: float, schema_hi: float) -> Factor:
    """A user's narrower range: [lo, hi] or {lo, hi, reason}, inside the schema's range."""
    reason = "narrowed by the exploration's config"
    if isinstance(value, Mapping):
        reason = str(value.get("reason") or reason)
        value = [value.get("lo"), value.get("hi")]
    try:
        lo, hi = (float(v) for v in value)
    except (TypeError, ValueError):
        raise ConfigError(f"space.ranges.{name}={value!r} must be [lo, hi] (two numbers) or {{lo, hi, reason}}") from None
    if not (math.isfinite(lo) and math.isfinite(hi) and lo < hi):
        raise ConfigError(f"space.ranges.{name}=[{lo:g}, {hi:g}] must have lo < hi (finite numbers)")
    if lo < schema_lo or hi > schema_hi:
        raise ConfigError(f"space.ranges.{name}=[{lo:g}, {hi:g}] is outside the schema's range: "
                          f"allowed within [{schema_lo:g}, {schema_hi:g}] ({factor.unit})")
    return Factor(name, lo, hi, reason, factor.unit, factor.integer, factor.role)


def assumption_space(include: Iterable[str] | None = None, exclude: Iterable[str] = (),
                     ranges: Mapping | None = None, roles: Iterable[str] = ("assumption",)) -> list[Factor]:
    """The factors of an exploration, in schema order.

    Args:
        include: dotted names to vary (any role); None = every parameter whose role is in ``roles``.
        exclude: dotted names to leave at their scenario's value.
        ranges: ``{name: [lo, hi]}`` or ``{name: {lo, hi, reason}}``, each inside the schema's range.
        roles: the roles varied when ``include`` is None.
    Raises:
        ConfigError: an unknown name or role, or a range outside the schema's (one line).
    """
    known = schema_factors()
    roles = tuple(roles)
    for r in roles:
        if r not in ROLES:
            raise ConfigError(f"space.roles: {r!r} is not a role: choose among {', '.join(ROLES)}")
    ranges = _flat_ranges(ranges or {})
    for where, names in (("space.include", include or ()), ("space.exclude", exclude), ("space.ranges", ranges)):
        for name in names:
            if name not in known:
                raise _unknown(where, name, known)
    chosen = list(include) if include is not None else [k for k, f in known.items() if f.role in roles]
    dropped = set(exclude)
    out = []
    for name in known:
        if name not in chosen or name in dropped:
            continue
        factor = known[name]
        if name in ranges:
            meta = _field_of(name).metadata
            factor = _range_override(name, ranges[name], factor, float(meta["lo"]), float(meta["hi"]))
        elif not factor.lo < factor.hi:
            continue  # a parameter fixed by its schema (lo == hi) cannot vary
        out.append(factor)
    return out


def _flat_ranges(ranges: Mapping, prefix: str = "") -> dict:
    """``{"company": {"silo": [..]}}`` and ``{"company.silo": [..]}`` both become dotted keys."""
    out = {}
    for key, value in ranges.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping) and not ({"lo", "hi"} & set(value)):
            out.update(_flat_ranges(value, name + "."))
        else:
            out[name] = value
    return out


def salib_problem(factors: list[Factor]) -> dict:
    """The SALib ``problem`` dict of the factors."""
    return {"num_vars": len(factors), "names": [f.name for f in factors], "bounds": [[f.lo, f.hi] for f in factors]}


__all__ = ["Factor", "ROLES", "assumption_space", "schema_factors", "factor_from_meta", "role_of", "salib_problem"]
