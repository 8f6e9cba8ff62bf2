"""Check a command line before Hydra runs anything: one-line errors naming key, value, allowed.

Hydra and OmegaConf also refuse unknown keys and wrong types (the schema is in the
ConfigStore), but their messages span several lines and arrive after start-up; ranges they do
not know at all. Every ``key=value`` override is checked here against the same dataclass
metadata :func:`cxsim.config.validate` uses, each value of a sweep list or ``range(...)``
included, and every ``group=option`` against the files in ``configs/``.
"""

from __future__ import annotations

import re
from pathlib import Path

from .config import ConfigError, make_config

CONFIG_DIR = Path(__file__).resolve().parent.parent / "configs"
_RANGE = re.compile(r"^range\(\s*(-?\d+)\s*(?:,\s*(-?\d+)\s*)?(?:,\s*(-?\d+)\s*)?\)$")
_PASS_KEYS = ("hydra", "output")


def groups() -> dict[str, list[str]]:
    """Config groups and their options, from the configs/ tree."""
    out = {}
    for d in sorted(p for p in CONFIG_DIR.iterdir() if p.is_dir() and p.name != "hydra"):
        out[d.name] = sorted(f.stem for f in d.glob("*.yaml"))
    return out


def sweep_values(value: str) -> list[str]:
    """The values a (possibly swept) override stands for."""
    v = value.strip()
    m = _RANGE.match(v)
    if m:
        a, b, step = m.group(1), m.group(2), m.group(3)
        start, stop = (0, int(a)) if b is None else (int(a), int(b))
        return [str(i) for i in range(start, stop, int(step) if step else 1)] or [str(start)]
    for fn in ("choice(", "interval(", "tag(", "glob(", "sort(", "shuffle("):
        if v.startswith(fn):
            v = v[len(fn) : -1]
            break
    if v.startswith("[") and v.endswith("]"):
        v = v[1:-1]
    if "," in v:
        return [x.strip() for x in v.split(",") if x.strip()]
    return [v]


def preflight(args: list[str]) -> None:
    grp = groups()
    for arg in args:
        if arg.startswith("-") or "=" not in arg:
            continue
        key, value = arg.split("=", 1)
        key = key.lstrip("+~")
        if key.startswith(_PASS_KEYS) or key.startswith("hydra/"):
            continue
        if key in grp:
            for v in sweep_values(value):
                if v not in grp[key]:
                    raise ConfigError(f"{key}={v} is not a preset: choose one of {', '.join(grp[key])}")
            continue
        for v in sweep_values(value):
            if v.startswith("interval("):
                continue
            make_config(overrides={key: v})
