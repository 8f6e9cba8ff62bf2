"""A command line as Hydra reads it: its flags, its overrides, the values each override stands
for and the jobs a sweep expands to, all with Hydra's own parsers (so nothing here can disagree
with what Hydra will do).

Whole-number floats are accepted for integer parameters everywhere (``steps=30.0``,
``customers.n=1e3,2e3``), as the Python API accepts them; OmegaConf's schema does not, so
:func:`normalise` rewrites such overrides with integers before Hydra sees them.
"""

from __future__ import annotations

import argparse
import math
from dataclasses import fields, is_dataclass

from ..config import ConfigError, CXConfig

# flags after which Hydra runs nothing: no directory can be created, no job can fail
SHOW_ONLY = ("help", "hydra_help", "cfg", "info", "shell_completion")


def parse_args(args: list[str]) -> argparse.Namespace:
    """The command line parsed by Hydra's own argument parser; a bad flag is a one-line error."""
    from hydra._internal.utils import get_args_parser

    parser = get_args_parser()

    def refuse(message: str):
        raise ConfigError(f"{message} (python -m cxsim --help lists the options)")

    parser.error = refuse  # argparse would print its usage and exit
    parsed = parser.parse_args(args)
    modes = [name for name in ("run", "multirun", "cfg", "shell_completion", "info") if getattr(parsed, name)]
    if len(modes) > 1:
        raise ConfigError(f"only one of --run, --multirun, --cfg, --info and --shell-completion can be given, not {' and '.join(modes)}")
    return parsed


def parse(arg: str, config_loader=None):
    """One override parsed by Hydra's parser (``config_loader`` expands ``glob(...)``)."""
    from hydra.core.override_parser.overrides_parser import OverridesParser

    try:
        return OverridesParser.create(config_loader=config_loader).parse_overrides([arg])[0]
    except Exception as err:  # Hydra's messages are multi-line
        msg = " ".join(str(err).split())
        raise ConfigError(f"cannot read the override {arg!r}: {msg}") from None


def values(override) -> list:
    """The values an override stands for: each value of a sweep, the bounds of an interval."""
    if override.is_interval_sweep():
        iv = override.value()
        return [iv.start, iv.end]
    if override.is_discrete_sweep():
        return list(override.sweep_iterator())
    if override.is_delete() and override.value() is None:
        return []
    return [override.value()]


def sweep_values(value: str) -> list[str]:
    """The values an override's right-hand side stands for, as strings (``a,b`` → [a, b])."""
    return [str(v) for v in values(parse(f"k={value}"))]


def integer_keys(cfg=None, prefix: str = "") -> set[str]:
    """Dotted keys of the schema's whole-number parameters (``steps``, ``customers.n``, …)."""
    cfg = cfg if cfg is not None else CXConfig()
    out = set()
    for f in fields(cfg):
        value = getattr(cfg, f.name)
        if is_dataclass(value):
            out |= integer_keys(value, f"{prefix}{f.name}.")
        elif f.metadata.get("integer"):
            out.add(f"{prefix}{f.name}")
    return out


def _whole(value):
    """``value`` as an int when it is a whole-number float (or a string of one), else itself."""
    if isinstance(value, bool):
        return value
    number = value
    if isinstance(value, str):
        try:
            number = float(value)
        except ValueError:
            return value
    if isinstance(number, float) and math.isfinite(number) and number.is_integer():
        return int(number)
    return value


def normalise(override, integers: set[str]) -> str | None:
    """The override rewritten with integers when it gives whole-number floats to an integer
    parameter (``steps=30.0`` → ``steps=30``); None when it needs no rewriting."""
    if override.key_or_group not in integers or override.is_delete() or override.is_interval_sweep():
        return None
    given = values(override)
    whole = [_whole(v) for v in given]
    if all(type(a) is type(b) and a == b for a, b in zip(given, whole)):
        return None
    return f"{override.get_key_element()}={','.join(str(v) for v in whole)}"


def expand_jobs(overrides: list, limit: int) -> list[list] | None:
    """The jobs of a sweep as BasicSweeper makes them: for each job, one (key, value, override)
    per key, a later override of a key replacing an earlier one (command line over the
    experiment's ``hydra.sweeper.params``). None when there are more than ``limit`` jobs."""
    final: dict[str, tuple] = {}
    for override in overrides:
        final[override.get_key_element()] = tuple((override.key_or_group, v, override) for v in values(override))
    n = 1
    for options in final.values():
        n *= max(1, len(options))
    if n > limit:
        return None
    import itertools

    return [list(job) for job in itertools.product(*[o for o in final.values() if o])]


__all__ = ["SHOW_ONLY", "parse_args", "parse", "values", "sweep_values", "integer_keys", "normalise", "expand_jobs"]
