"""Workshop scenarios for the browser app: named presets plus the levers a facilitator moves.

A preset is a choice of Hydra config groups (``company``, ``leader``, ``reporting``,
``change``, ``focus``, ``executive``), exactly as on the command line
(``python -m cxsim leader=influencer reporting=marketing``). The group files are read from
``configs/`` (the single source of truth shared with the CLI) and composed in the order of
the defaults list of ``configs/config.yaml``, honouring each file's ``# @package`` header.

On top of the preset, each lever either says :data:`AS_PRESET` (keep the preset's value) or
names a value. Everything arrives as a string from the browser's ``Select``/``InputText``
widgets and is parsed here; bad input raises :class:`cxsim.config.ConfigError` with a
one-line message that the app shows instead of a stack trace.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..cli.preflight import CONFIG_DIR  # configs/ (also inside an installed wheel)
from ..config import ConfigError, CXConfig, make_config

GROUPS = ("company", "leader", "reporting", "change", "focus", "executive")
AS_PRESET = "as preset"

# The browser view keeps a step plus redraw well under 200 ms up to about this size; bigger
# bases belong to the command line (python -m cxsim customers.n=...).
MAX_CUSTOMERS = 200_000
DEFAULT_CUSTOMERS = 5000


@dataclass(frozen=True)
class Preset:
    key: str
    label: str
    question: str  # the question the preset answers in a workshop
    watch: str  # what to point at on the screen
    groups: dict = field(default_factory=dict)  # group → option, e.g. {"leader": "influencer"}


PRESETS: dict[str, Preset] = {
    p.key: p
    for p in (
        Preset(
            "no_leader",
            "No CX leader",
            "What happens to customers if nobody owns the journey end to end?",
            "incident rates on the handoff arrows stay where the silos put them; no mandates, no conflicts",
            {"leader": "none"},
        ),
        Preset(
            "marketing_influencer",
            "Marketing-owned influencer",
            "What if CX becomes a sub-part of marketing, with influence but little authority?",
            "the leader sits next to marketing, reaches little else and targets purchase almost every quarter; the handoffs after billing stay as without a leader; conflicts with sales and billing, the departments it mandates, and about half of them lost",
            {"leader": "influencer", "reporting": "marketing"},
        ),
        Preset(
            "ceo_decision_maker",
            "CEO-owned decision-maker, top-down",
            "What does a CX leader with the mission and the means, backed by the CEO, achieve?",
            "blue mandate rings on the target stage's departments, a bump in resistance after the start (the J-curve), then incidents falling and NPS rising",
            {"leader": "decision_maker", "reporting": "ceo", "change": "top_down"},
        ),
        Preset(
            "ceo_organic",
            "CEO-owned, organic change",
            "Can champions and communities of practice do it without prescribing?",
            "green champion rings and thickening ties between departments; knowledge spreads more slowly, with little conflict",
            {"leader": "decision_maker", "reporting": "ceo", "change": "organic"},
        ),
        Preset(
            "lure",
            "The lure: a title without authority or budget",
            "Is appointing a CX leader enough?",
            "the star picks targets (thin dashed lines) but no ring appears: no mandate, no champion reaches a department; compare with 'No CX leader'",
            {"leader": "lure"},
        ),
        Preset(
            "lack_of_weight",
            "Company: lack of weight (local KPIs only)",
            "CX is not a priority and nobody listens to what hurts customers: can a CX leader change that?",
            "departments learn only their local KPIs; the CX leader's voice of the customer picks the painful stage",
            {"company": "lack_of_weight"},
        ),
        Preset(
            "lack_of_transversality",
            "Company: lack of transversality (strong silos)",
            "Each department does CX its own way: where does the customer feel it?",
            "thin edges between departments; without a leader (CX leader = none) the highest incident rates on the handoff arrows; with the default leader the biggest gain",
            {"company": "lack_of_transversality"},
        ),
        Preset(
            "lack_of_vision",
            "Company: lack of vision (weak sponsor, digital team decides)",
            "What happens without a CEO who is the captain of the programme?",
            "CEO sponsorship starts low and moves at the quarterly reviews; weakly backed mandates turn into conflicts",
            {"company": "lack_of_vision"},
        ),
    )
}
DEFAULT_PRESET = "ceo_decision_maker"
PRESET_LABELS = {p.label: p.key for p in PRESETS.values()}


def _options(group: str) -> tuple[str, ...]:
    return tuple(sorted(p.stem for p in (CONFIG_DIR / group).glob("*.yaml")))


# Lever choices as the browser shows them. Numeric levers are offered as a few labelled values
# (easy to pick on a projector); the number is the first token of the label.
LEVERS: dict[str, dict] = {
    "company": {"label": "Company situation", "group": "company"},
    "leader": {"label": "CX leader (authority and budget preset)", "group": "leader"},
    "reporting_line": {"label": "CX leader reports to", "key": "leader.reporting_line", "values": ("ceo", "marketing", "customer_service", "it")},
    "authority": {"label": "Authority (0 influencer … 1 decision-maker)", "key": "leader.authority", "values": ("0", "0.1", "0.2", "0.3 (influencer)", "0.5", "0.8 (decision-maker)", "1")},
    "budget": {"label": "Budget (M€/year)", "key": "leader.budget", "values": ("0", "0.5", "1", "2", "4", "8")},
    "strategy": {"label": "Change strategy", "key": "leader.strategy", "values": ("top_down", "organic", "hybrid")},
    "focus": {"label": "Focus", "key": "leader.focus", "values": ("single_kpi", "broad")},
    "ex_share": {"label": "Share of budget to employee experience (EX)", "key": "leader.ex_share", "values": ("0", "0.1", "0.2", "0.3", "0.5", "0.8", "1")},
    "executive": {"label": "CEO sponsorship", "group": "executive"},
}


def lever_values(name: str) -> list[str]:
    spec = LEVERS[name]
    values = _options(spec["group"]) if "group" in spec else spec["values"]
    return [AS_PRESET, *values]


# ------------------------------------------------------------------------------ composition


def _read_yaml(path: Path):
    text = path.read_text(encoding="utf-8")
    package = None
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("# @package"):
            package = line.split(None, 2)[2].strip()
            break
        if line and not line.startswith("#"):
            break
    data = yaml.safe_load(text) or {}
    return package, data


def _merge(into: dict, data: dict) -> None:
    for k, v in data.items():
        if isinstance(v, dict) and isinstance(into.get(k), dict):
            _merge(into[k], v)
        else:
            into[k] = v if not isinstance(v, dict) else dict(v)


@functools.lru_cache(maxsize=None)
def _defaults() -> tuple[tuple[str, str], ...]:
    """The group choices of configs/config.yaml, in composition order."""
    if not (CONFIG_DIR / "config.yaml").is_file():
        raise ConfigError(f"cannot find the scenario files: {CONFIG_DIR} is missing (a broken installation: reinstall cxsim)")
    _, data = _read_yaml(CONFIG_DIR / "config.yaml")
    out = []
    for item in data.get("defaults", []):
        if isinstance(item, dict):
            ((group, option),) = item.items()
            if group in GROUPS:
                out.append((group, str(option)))
    return tuple(out)


@functools.lru_cache(maxsize=None)
def _group_file(group: str, option: str):
    path = CONFIG_DIR / group / f"{option}.yaml"
    if not path.is_file():
        allowed = ", ".join(_options(group))
        raise ConfigError(f"{group}={option!r} is not a preset: choose one of {allowed}")
    return _read_yaml(path)


def compose(groups: dict | None = None) -> dict:
    """The nested config dict that ``python -m cxsim group=option ...`` would build (composed by
    Hydra itself: a preset's defaults list, e.g. company=lack_of_vision choosing its executive)."""
    from ..cli.scenarios import compose_dict

    return compose_dict([f"{g}={o}" for g, o in (groups or {}).items()])


def preset_key(preset: str) -> str:
    """Accept a preset key or its label."""
    if preset in PRESETS:
        return preset
    if preset in PRESET_LABELS:
        return PRESET_LABELS[preset]
    raise ConfigError(f"preset {preset!r} is unknown: choose one of {', '.join(PRESETS)}")


def _number(name: str, text) -> float:
    token = str(text).strip().split()[0] if str(text).strip() else ""
    try:
        return float(token)
    except ValueError:
        raise ConfigError(f"{name}={text!r} must be a number") from None


def parse_int(name: str, text, lo: int, hi: int) -> int:
    """Seed and customer counts arrive as strings from the browser."""
    raw = str(text).strip().replace("_", "").replace(" ", "").replace(",", "")
    try:
        value = float(raw)
    except ValueError:
        raise ConfigError(f"{name}={text!r} must be a whole number between {lo} and {hi:,}") from None
    if not value.is_integer() or not lo <= value <= hi:
        raise ConfigError(f"{name}={text!r} must be a whole number between {lo} and {hi:,}")
    return int(value)


def scenario_config(preset: str = DEFAULT_PRESET, seed=0, customers=DEFAULT_CUSTOMERS, **levers) -> tuple[CXConfig, list[str]]:
    """Compose a preset, apply the levers, validate; returns (config, warnings).

    ``levers`` are the names of :data:`LEVERS`; a value of :data:`AS_PRESET` (or None) keeps
    the preset's value. Raises :class:`ConfigError` with a one-line message on bad input.
    """
    groups = dict(PRESETS[preset_key(preset)].groups)
    scalars: dict = {}
    warnings: list[str] = []
    for name, value in levers.items():
        if name not in LEVERS:
            raise ConfigError(f"{name} is not a lever: choose among {', '.join(LEVERS)}")
        if value is None or value == AS_PRESET:
            continue
        spec = LEVERS[name]
        if "group" in spec:
            groups[spec["group"]] = str(value)
        elif spec["values"][0][0].isdigit():
            scalars[spec["key"]] = _number(name, value)
        else:
            scalars[spec["key"]] = str(value)
    base = compose(groups)
    base["seed"] = parse_int("seed", seed, 0, 2**32 - 1)
    base.setdefault("customers", {})["n"] = parse_int("customers", customers, 1, MAX_CUSTOMERS)
    cfg = make_config(base, overrides=scalars)
    if not cfg.leader.enabled and scalars:
        warnings.append(
            "This scenario has no CX leader, so the leader levers ("
            + ", ".join(k.split(".")[-1] for k in scalars)
            + ") have no effect: pick a 'CX leader' preset to appoint one."
        )
    return cfg, warnings


__all__ = [
    "AS_PRESET",
    "CONFIG_DIR",
    "DEFAULT_CUSTOMERS",
    "DEFAULT_PRESET",
    "LEVERS",
    "MAX_CUSTOMERS",
    "PRESETS",
    "PRESET_LABELS",
    "Preset",
    "compose",
    "lever_values",
    "parse_int",
    "preset_key",
    "scenario_config",
]
