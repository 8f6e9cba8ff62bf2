"""Building and validating the configuration of a cxsim run (the schema is ``cxsim.params``).

The metadata that ``cxsim.params`` records with every field (range, unit, meaning, source,
role, plausible range) is the single source of truth for:

* :func:`validate`, which refuses bad input before anything runs, with a one-line message
  naming the key, the value and what is allowed;
* Hydra's ConfigStore, which gets the same dataclasses as its schema (registered in
  ``cxsim/cli/app.py``), so a typo in a key or a wrong type is refused by OmegaConf too;
* the parameter tables of ``docs/ODD.md`` (:func:`parameter_specs`, printed by
  ``python -m cxsim.odd_tables``; a test checks that the document is in sync).

The model never sees Hydra: it takes a :class:`CXConfig` (build one with :func:`make_config`
from a plain dict, an OmegaConf object, or dotted overrides).
"""

from __future__ import annotations

import difflib
import math
from dataclasses import MISSING, fields, is_dataclass, replace
from typing import Any, NamedTuple

from .params import (
    DEPARTMENTS,
    FOCUSES,
    REPORTING_LINES,
    ROLES,
    STRATEGIES,
    CompanyConfig,
    CustomerConfig,
    CXConfig,
    ExecutiveConfig,
    LeaderConfig,
    LeverConfig,
    OutputConfig,
    RunConfig,
)


class ConfigError(ValueError):
    """A configuration value that cannot be run. The message is one line: key, value, allowed."""


# --------------------------------------------------------------------------------------------
# Validation


def walk(obj, prefix=""):
    """Yield (dotted key, dataclass field, value) for every leaf of a config dataclass."""
    for f in fields(obj):
        if f.name == "output":
            continue
        value = getattr(obj, f.name)
        key = f"{prefix}{f.name}"
        if is_dataclass(value):
            yield from walk(value, key + ".")
        else:
            yield key, f, value


def validate(cfg: CXConfig) -> CXConfig:
    """Check every value against its declared type and range; raise :class:`ConfigError`."""
    for key, f, value in walk(cfg):
        meta = f.metadata
        if "options" in meta:
            if value not in meta["options"]:
                raise ConfigError(f"{key}={value!r} is not allowed: choose one of {', '.join(meta['options'])}")
        elif meta.get("unit") == "bool":
            if not isinstance(value, bool):
                raise ConfigError(f"{key}={value!r} must be true or false")
        elif "lo" in meta:
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise ConfigError(f"{key}={value!r} must be a number in [{meta['lo']}, {meta['hi']}] ({meta['unit']})")
            if meta["integer"] and not float(value).is_integer():
                raise ConfigError(f"{key}={value!r} must be a whole number in [{meta['lo']}, {meta['hi']}]")
            if not math.isfinite(value) or not (meta["lo"] <= value <= meta["hi"]):
                raise ConfigError(f"{key}={value!r} is out of range: allowed [{meta['lo']}, {meta['hi']}] ({meta['unit']}: {meta['doc']})")
        elif not isinstance(value, str):
            raise ConfigError(f"{key}={value!r} must be a string")
    if sum(vars(cfg.company.headcount).values()) <= 0:
        raise ConfigError("company.headcount: the department shares are all 0; at least one must be positive")
    if cfg.company.engagement_output >= 1.0 and cfg.company.engagement <= 0.0:
        raise ConfigError(
            f"company.engagement={cfg.company.engagement:g} with company.engagement_output={cfg.company.engagement_output:g}: "
            "employees at the company's engagement would produce nothing, so capacity has no reference; "
            "raise company.engagement above 0 or lower company.engagement_output below 1"
        )
    if cfg.leader.voc_share + cfg.leader.redesign_share > 1.0 + 1e-9:
        raise ConfigError(
            f"leader.voc_share + leader.redesign_share = {cfg.leader.voc_share + cfg.leader.redesign_share:g} "
            "is too large: the two shares of the non-EX budget must sum to at most 1"
        )
    return cfg


# --------------------------------------------------------------------------------------------
# Building a config from plain data


def _from_mapping(cls, data: dict, prefix: str):
    kwargs = {}
    names = {f.name: f for f in fields(cls)}
    for key, value in data.items():
        if key not in names:
            close = difflib.get_close_matches(str(key), names, n=1)
            hint = f" (did you mean {prefix}{close[0]}?)" if close else ""
            raise ConfigError(f"{prefix}{key} is not a parameter{hint}: allowed keys under '{prefix or 'the top level'}' are {', '.join(names)}")
        f = names[key]
        default = f.default_factory() if f.default_factory is not MISSING else f.default
        if is_dataclass(default):
            if not isinstance(value, dict):
                raise ConfigError(f"{prefix}{key}={value!r} must be a group of parameters ({', '.join(x.name for x in fields(default))})")
            kwargs[key] = _from_mapping(type(default), value, f"{prefix}{key}.")
        else:
            kwargs[key] = _coerce(f"{prefix}{key}", f, value)
    return cls(**kwargs)


def _coerce(key: str, f, value):
    """Accept ints for floats and integral floats for ints; strings stay strings (checked later)."""
    meta = f.metadata
    if "lo" in meta and isinstance(value, (int, float)) and not isinstance(value, bool):
        if meta["integer"]:
            return int(value) if float(value).is_integer() else value
        return float(value)
    if "lo" in meta and isinstance(value, str):
        try:
            number = float(value)
        except ValueError:
            raise ConfigError(f"{key}={value!r} must be a number in [{meta['lo']}, {meta['hi']}] ({meta['unit']})") from None
        return _coerce(key, f, number)
    return value


def _parse_scalar(text: str):
    low = text.strip().lower()
    if low in ("true", "false"):
        return low == "true"
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    return text


def make_config(data: Any = None, /, **overrides) -> CXConfig:
    """Build and validate a :class:`CXConfig`.

    ``data`` may be None (defaults), a CXConfig, a nested dict, or an OmegaConf config.
    ``overrides`` are dotted keys written with double underscores (``leader__authority=0.5``)
    or a dict passed as ``overrides={"leader.authority": 0.5}``.
    """
    if data is None:
        base: dict = {}
    elif isinstance(data, CXConfig):
        base = to_dict(data)
    elif isinstance(data, dict):
        base = _deepcopy_dict(data)
    else:  # OmegaConf DictConfig
        from omegaconf import OmegaConf

        base = OmegaConf.to_container(data, resolve=True)
        base.pop("hydra", None)
    dotted = dict(overrides.pop("overrides", None) or {})
    dotted.update({k.replace("__", "."): v for k, v in overrides.items()})
    for key, value in dotted.items():
        if isinstance(value, str):
            value = _parse_scalar(value)
        node = base
        parts = key.split(".")
        for part in parts[:-1]:
            node = node.setdefault(part, {})
            if not isinstance(node, dict):
                raise ConfigError(f"{key}: '{part}' is a value, not a group")
        node[parts[-1]] = value
    base = {k: v for k, v in base.items() if k not in _RUN_EXTRAS}
    return validate(_from_mapping(CXConfig, base, ""))


# keys a Hydra job config carries besides the model's (output settings, launcher choices)
_RUN_EXTRAS = ("output", "experiment", "name")


def _deepcopy_dict(d):
    return {k: _deepcopy_dict(v) if isinstance(v, dict) else v for k, v in d.items()}


def to_dict(cfg: CXConfig) -> dict:
    out = {}
    for f in fields(cfg):
        value = getattr(cfg, f.name)
        out[f.name] = to_dict(value) if is_dataclass(value) else value
    return out


def flatten(cfg: CXConfig) -> dict:
    """Dotted key → value for every leaf (used as columns in sweep tables)."""
    return {key: value for key, _, value in walk(cfg)}


class ParamSpec(NamedTuple):
    """One row of the parameter tables: what the schema says about a parameter."""

    key: str
    default: Any
    unit: str
    allowed: str
    doc: str
    source: str
    role: str
    plausible: tuple | None  # (lo, hi) worth sampling, where narrower than ``allowed``
    plausible_why: str


def parameter_specs(cfg: CXConfig | None = None) -> list[ParamSpec]:
    """Every parameter with its default (or ``cfg``'s value), unit, range, meaning, source,
    role and plausible range: the ODD tables and the sensitivity analysis read these."""
    out = []
    for key, f, value in walk(cfg or CXConfig()):
        meta = f.metadata
        if "options" in meta:
            allowed = " \\| ".join(meta["options"])
        elif "lo" in meta:
            allowed = f"[{meta['lo']}, {meta['hi']}]"
        elif meta.get("unit") == "bool":
            allowed = "true \\| false"
        else:
            allowed = "text"
        out.append(ParamSpec(key, value, meta.get("unit", ""), allowed, meta.get("doc", ""), meta.get("source", ""),
                             meta.get("role", ""), meta.get("plausible"), meta.get("plausible_why", "")))
    return out


def parameter_rows(cfg: CXConfig | None = None):
    """(key, default, unit, range, meaning, source) for every parameter (see :func:`parameter_specs`)."""
    for spec in parameter_specs(cfg):
        yield spec[:6]


__all__ = [
    "CXConfig",
    "CompanyConfig",
    "CustomerConfig",
    "LeaderConfig",
    "ExecutiveConfig",
    "LeverConfig",
    "OutputConfig",
    "RunConfig",
    "ConfigError",
    "ParamSpec",
    "DEPARTMENTS",
    "REPORTING_LINES",
    "STRATEGIES",
    "FOCUSES",
    "ROLES",
    "make_config",
    "validate",
    "walk",
    "to_dict",
    "flatten",
    "parameter_specs",
    "parameter_rows",
    "replace",
]
