"""Check a command line before Hydra runs anything: one-line errors naming key, value, allowed.

Hydra and OmegaConf also refuse unknown keys and wrong types (the schema is in the
ConfigStore), but their messages span several lines and arrive after start-up; ranges they do
not know at all. Every ``key=value`` override is parsed with Hydra's own override parser and
checked against the same dataclass metadata :func:`cxsim.config.validate` uses: each value of
a sweep (``a,b``, ``range(...)``, ``choice(...)``) and, for a sweep of several keys, every
combination (so cross-key rules are checked too); every ``group=option`` against the files in
``configs/``; ``experiment=name`` by checking the sweep it defines.
"""

from __future__ import annotations

import itertools
from pathlib import Path

from ..config import ConfigError, make_config, parameter_rows


def _config_dir() -> Path:
    """The config tree: ``configs/`` at the top of a checkout. ``cxsim/configs`` is a symbolic
    link to it, so the tree is package data of a wheel and an installed cxsim finds it in the
    package; a checkout without the link falls back to ``../configs``."""
    here = Path(__file__).resolve().parents[1]  # the cxsim package
    for d in (here / "configs", here.parent / "configs"):
        if (d / "config.yaml").is_file():
            return d.resolve()
    return here / "configs"


CONFIG_DIR = _config_dir()
MAX_COMBINATIONS = 4096  # beyond this, each value is checked on its own
OUTPUT_KEYS = ("plots", "progress")


def groups() -> dict[str, list[str]]:
    """Config groups and their options, from the configs/ tree."""
    out = {}
    for d in sorted(p for p in CONFIG_DIR.iterdir() if p.is_dir() and p.name != "hydra"):
        out[d.name] = sorted(f.stem for f in d.glob("*.yaml"))
    return out


def _parse(arg: str):
    from hydra.core.override_parser.overrides_parser import OverridesParser

    try:
        return OverridesParser.create().parse_overrides([arg])[0]
    except Exception as err:  # Hydra's messages are multi-line
        msg = " ".join(str(err).split())
        raise ConfigError(f"cannot read the override {arg!r}: {msg}") from None


def _values(override) -> list:
    """The values an override stands for (each value of a sweep)."""
    from hydra.core.override_parser.types import ValueType

    vt = override.value_type
    if vt == ValueType.GLOB_CHOICE_SWEEP:
        return []  # expanded by Hydra against the group's options
    if vt == ValueType.INTERVAL_SWEEP:
        iv = override.value()
        return [iv.start, iv.end]
    if override.is_discrete_sweep():
        return list(override.sweep_string_iterator())
    value = override.value()
    return [value if isinstance(value, (int, float, bool)) or value is None else override.get_value_element_as_str()]


def sweep_values(value: str) -> list[str]:
    """The values an override's right-hand side stands for, as strings (``a,b`` → [a, b])."""
    return [str(v) for v in _values(_parse(f"k={value}"))]


def _experiment_overrides(name: str) -> list[str]:
    """The overrides an experiment preset stands for: its scalars and its sweep params."""
    import yaml

    data = yaml.safe_load((CONFIG_DIR / "experiment" / f"{name}.yaml").read_text()) or {}
    out = [f"{k}={v}" for k, v in ((data.get("hydra") or {}).get("sweeper") or {}).get("params", {}).items()]

    def walk(node, prefix):
        for k, v in node.items():
            if k in ("hydra", "defaults"):
                continue
            if isinstance(v, dict):
                walk(v, f"{prefix}{k}.")
            else:
                out.append(f"{prefix}{k}={'null' if v is None else str(v).lower() if isinstance(v, bool) else v}")

    walk(data, "")
    return out


def _check_output(key: str, values: list) -> None:
    name = key.split(".", 1)[1] if "." in key else ""
    if name not in OUTPUT_KEYS:
        raise ConfigError(f"{key} is not a setting: allowed keys under 'output.' are {', '.join(OUTPUT_KEYS)}")
    for v in values:
        if str(v).lower() not in ("true", "false"):
            raise ConfigError(f"{key}={v!r} must be true or false")


def preflight(args: list[str]) -> None:
    """Raise :class:`ConfigError` (one line) for the first bad override in ``args``."""
    grp = groups()
    scalars: dict[str, list] = {}
    pending = [a for a in args if not a.startswith("-") and "=" in a]
    seen_experiment = False
    multirun = any(a in ("-m", "--multirun") for a in args)
    while pending:
        arg = pending.pop(0)
        override = _parse(arg)
        if override.is_delete():
            continue
        key = override.key_or_group
        if key == "hydra" or key.startswith(("hydra.", "hydra/")):
            continue
        values = _values(override)
        if override.is_sweep_override() and not multirun and arg in args:
            raise ConfigError(f"{arg} is a sweep: add --multirun (or -m) to run every value")
        if key in grp:
            for v in values:
                if str(v) not in grp[key]:
                    options = ", ".join(grp[key]) or "(none)"
                    raise ConfigError(f"{key}={v} is not a preset: choose one of {options}")
            if key == "experiment" and not seen_experiment:
                seen_experiment = True
                given = {_parse(a).key_or_group for a in args if not a.startswith("-") and "=" in a}
                for v in values:
                    pending += [o for o in _experiment_overrides(str(v)) if _parse(o).key_or_group not in given]
            continue
        if key == "output" or key.startswith("output."):
            _check_output(key, values)
            continue
        for v in values:
            make_config(overrides={key: v})
        known = scalars.setdefault(key, [])
        known += [x for x in values if x not in known]
    # cross-key rules: every combination of the swept scalars
    keys = list(scalars)
    n = 1
    for k in keys:
        n *= max(1, len(scalars[k]))
    if 1 < len(keys) and n <= MAX_COMBINATIONS:
        for combo in itertools.product(*(scalars[k] for k in keys)):
            try:
                make_config(overrides=dict(zip(keys, combo)))
            except ConfigError as err:
                where = " ".join(f"{k}={v}" for k, v in zip(keys, combo))
                raise ConfigError(f"{err} (in the combination {where})") from None


def help_text() -> str:
    """The scalars anyone can override, with defaults, ranges and units (for ``--help``)."""
    import textwrap

    lines = []
    main_groups = ("", "leader.", "executive.")
    rest: dict[str, list[str]] = {}
    for key, default, unit, allowed, doc, _src in parameter_rows():
        allowed = allowed.replace("\\|", "|")
        if key.count(".") == 0 or key.startswith(main_groups[1:]):
            shown = str(default).lower() if isinstance(default, bool) else str(default)
            lines.append(f"  {key:<26} {shown:<10} {allowed:<22}  {unit}")
        else:
            rest.setdefault(key.split(".")[0], []).append(key.split(".", 1)[1])
    for group, names in rest.items():
        lines.append(textwrap.fill(f"{group}.*: {', '.join(names)}", width=98, initial_indent="  ",
                                   subsequent_indent="      "))
    lines.append("  (every key with its unit, range and source: --cfg job, docs/ODD.md)")
    return "\n".join(lines)
