"""Workshop scenarios for the browser page: named presets plus the levers a facilitator moves.

A preset is a list of Hydra overrides, exactly as on the command line
(``python -m cxsim leader=influencer reporting=marketing``), composed from ``configs/`` by
:func:`cxsim.cli.scenarios.compose`: a scenario is defined once, in ``configs/``. A lever either
says :data:`AS_PRESET` (keep the preset's value) or names a value, which is appended as one more
override (``company=lack_of_vision``, ``leader.reporting_line=marketing``,
``leader.authority=0.3``).

What a lever may take is read, never re-typed: a group lever offers the option files of its
config group on disk; a choice lever the ``options`` of its schema field (:func:`cxsim.config.choice`);
a numeric lever the range ``[lo, hi]`` of its schema field (:func:`cxsim.config.param`). Only the
wording and the slider step are written here.

Values arrive as strings from the browser's widgets and are parsed here; bad input raises
:class:`cxsim.config.ConfigError` with a one-line message that the page shows instead of a trace.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields, is_dataclass

from ..cli.preflight import groups as config_groups
from ..cli.scenarios import compose
from ..config import ConfigError, CXConfig

AS_PRESET = "as preset"

# The page keeps a step plus redraw fast up to about this size; bigger bases belong to the
# command line (python -m cxsim customers.n=...).
MAX_CUSTOMERS = 200_000
DEFAULT_CUSTOMERS = 5000


@dataclass(frozen=True)
class Preset:
    key: str
    label: str
    question: str  # the question the preset answers in a workshop
    watch: str  # what to point at on the screen
    overrides: tuple[str, ...] = ()  # Hydra overrides, e.g. ("leader=influencer", "reporting=marketing")


PRESETS: dict[str, Preset] = {
    p.key: p
    for p in (
        Preset(
            "no_leader",
            "No CX leader",
            "What happens to customers if nobody owns the journey end to end?",
            "incident rates on the handoff arrows stay where the silos put them; no mandates, no conflicts",
            ("leader=none",),
        ),
        Preset(
            "marketing_influencer",
            "Marketing-owned influencer",
            "What if CX becomes a sub-part of marketing, with influence but little authority?",
            "where the star sits, which departments its dashed lines reach, which handoff arrows improve and which stay red; conflicts with the departments it mandates",
            ("leader=influencer", "reporting=marketing"),
        ),
        Preset(
            "ceo_decision_maker",
            "CEO-owned decision-maker, top-down",
            "What does a CX leader with the mission and the means, backed by the CEO, achieve?",
            "blue mandate rings on the target stage's departments, resistance after the start (the J-curve), then incidents and NPS",
            ("leader=decision_maker", "reporting=ceo", "change=top_down"),
        ),
        Preset(
            "ceo_organic",
            "CEO-owned, organic change",
            "Can champions and communities of practice do it without prescribing?",
            "green champion rings and thickening ties between departments; how fast knowledge spreads and the arrows move",
            ("leader=decision_maker", "reporting=ceo", "change=organic"),
        ),
        Preset(
            "lure",
            "The lure: a title without authority or budget",
            "Is appointing a CX leader enough?",
            "the star picks targets (thin dashed lines) but no ring appears; compare with 'No CX leader' on the same seed",
            ("leader=lure",),
        ),
        Preset(
            "lack_of_weight",
            "Company: lack of weight (local KPIs only)",
            "CX is not a priority and nobody listens to what hurts customers: can a CX leader change that?",
            "departments learn only their local KPIs; the CX leader's voice of the customer picks the painful stage",
            ("company=lack_of_weight",),
        ),
        Preset(
            "lack_of_transversality",
            "Company: lack of transversality (strong silos)",
            "Each department does CX its own way: where does the customer feel it?",
            "thin ties between departments and the incident rates on the handoff arrows, with and without a leader (CX leader = none)",
            ("company=lack_of_transversality",),
        ),
        Preset(
            "lack_of_vision",
            "Company: lack of vision (weak sponsor, digital team decides)",
            "What happens without a CEO who is the captain of the programme?",
            "CEO sponsorship starts low and moves at the quarterly reviews; what weakly backed mandates turn into",
            ("company=lack_of_vision",),
        ),
    )
}
DEFAULT_PRESET = "ceo_decision_maker"
PRESET_LABELS = {p.label: p.key for p in PRESETS.values()}


# ------------------------------------------------------------------------------ levers


def schema_metadata(key: str) -> dict:
    """The metadata of the schema field ``key`` (``"leader.authority"``) of :class:`CXConfig`."""
    node = CXConfig()
    meta: dict = {}
    for part in key.split("."):
        match = {f.name: f for f in fields(node)}.get(part) if is_dataclass(node) else None
        if match is None:
            raise KeyError(f"{key} is not a parameter of the schema")
        node, meta = getattr(node, part), dict(match.metadata)
    return meta


@dataclass(frozen=True)
class Lever:
    """A control of the page: a config group (``group``), or a schema field (``key``).

    ``step`` is the slider step of a numeric lever (presentation only: its range is the field's)."""

    name: str
    label: str
    group: str = ""
    key: str = ""
    step: float = 0.0

    @property
    def kind(self) -> str:
        if self.group:
            return "group"
        return "choice" if "options" in schema_metadata(self.key) else "number"

    @property
    def options(self) -> tuple[str, ...]:
        """What a group or choice lever may take (not :data:`AS_PRESET`)."""
        if self.group:
            return tuple(config_groups()[self.group])
        return tuple(schema_metadata(self.key).get("options", ()))

    @property
    def bounds(self) -> tuple[float, float]:
        meta = schema_metadata(self.key)
        return float(meta["lo"]), float(meta["hi"])

    @property
    def unit(self) -> str:
        return "" if self.group else schema_metadata(self.key).get("unit", "")

    def grid(self) -> tuple[float, ...]:
        """The values of a numeric lever, from lo to hi in steps of ``step``."""
        lo, hi = self.bounds
        n = int(math.floor((hi - lo) / self.step + 1e-9))
        return tuple(round(lo + i * self.step, 10) for i in range(n + 1))

    def override(self, value) -> str:
        """The Hydra override that sets this lever to ``value``."""
        if self.group:
            return f"{self.group}={value}"
        return f"{self.key}={value}"


LEVERS: dict[str, Lever] = {
    lever.name: lever
    for lever in (
        Lever("company", "Company situation", group="company"),
        Lever("leader", "CX leader (authority and budget preset)", group="leader"),
        Lever("reporting_line", "CX leader reports to", key="leader.reporting_line"),
        Lever("authority", "Authority (0 influencer … 1 decision-maker)", key="leader.authority", step=0.1),
        Lever("budget", "Budget (M€/year)", key="leader.budget", step=0.5),
        Lever("strategy", "Change strategy", key="leader.strategy"),
        Lever("focus", "Focus", key="leader.focus"),
        Lever("ex_share", "Share of budget to employee experience (EX)", key="leader.ex_share", step=0.1),
        Lever("ex_delay", "EX starts after the programme (weeks)", key="leader.ex_delay", step=13),
        Lever("structure", "Where the role sits (structure)", group="structure"),
        Lever("governance", "Governance forum", group="governance"),
        Lever("executive", "CEO sponsorship", group="executive"),
    )
}


def lever_values(name: str) -> list[str]:
    """Every value a lever offers, as text, :data:`AS_PRESET` first."""
    lever = LEVERS[name]
    if lever.kind == "number":
        return [AS_PRESET, *(f"{v:g}" for v in lever.grid())]
    return [AS_PRESET, *lever.options]


def lever_value(name: str, text) -> str:
    """Check one lever value from the browser; returns it as override text."""
    lever = LEVERS[name]
    raw = str(text).strip()
    if lever.kind == "number":
        lo, hi = lever.bounds
        try:
            value = float(raw.split()[0])
        except (ValueError, IndexError):
            raise ConfigError(f"{name}={text!r} must be a number in [{lo:g}, {hi:g}]") from None
        if not (math.isfinite(value) and lo <= value <= hi):
            raise ConfigError(f"{name}={text!r} is out of range: allowed [{lo:g}, {hi:g}] ({lever.unit})")
        return f"{value:g}"
    if raw not in lever.options:
        raise ConfigError(f"{name}={text!r} is not allowed: choose one of {', '.join(lever.options)}")
    return raw


# ------------------------------------------------------------------------------ composition


def preset_key(preset: str) -> str:
    """Accept a preset key or its label."""
    if preset in PRESETS:
        return preset
    if preset in PRESET_LABELS:
        return PRESET_LABELS[preset]
    raise ConfigError(f"preset {preset!r} is unknown: choose one of {', '.join(PRESETS)}")


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


def scenario_overrides(preset: str = DEFAULT_PRESET, **levers) -> list[str]:
    """The Hydra overrides of a preset with the levers applied (``AS_PRESET``/None: unchanged).

    A lever that sets a group the preset also sets replaces the preset's choice."""
    chosen: dict[str, str] = {}
    for item in PRESETS[preset_key(preset)].overrides:
        key, value = item.split("=", 1)
        chosen[key] = value
    for name, value in levers.items():
        if name not in LEVERS:
            raise ConfigError(f"{name} is not a lever: choose among {', '.join(LEVERS)}")
        if value is None or value == AS_PRESET:
            continue
        key, text = LEVERS[name].override(lever_value(name, value)).split("=", 1)
        chosen[key] = text
    return [f"{k}={v}" for k, v in chosen.items()]


def scenario_config(preset: str = DEFAULT_PRESET, seed=0, customers=DEFAULT_CUSTOMERS, **levers) -> tuple[CXConfig, list[str]]:
    """Compose a preset with its levers through Hydra and validate; returns (config, warnings).

    Raises :class:`ConfigError` with a one-line message on bad input."""
    overrides = scenario_overrides(preset, **levers)
    run = [f"seed={parse_int('seed', seed, 0, 2**32 - 1)}", f"customers.n={parse_int('customers', customers, 1, MAX_CUSTOMERS)}"]
    cfg = compose(overrides + run)
    warnings: list[str] = []
    leader_levers = [n for n, v in levers.items() if v not in (None, AS_PRESET) and LEVERS[n].key.startswith("leader.")]
    if not cfg.leader.enabled and leader_levers:
        warnings.append(
            "This scenario has no CX leader, so the leader levers (" + ", ".join(leader_levers)
            + ") have no effect: pick a 'CX leader' preset to appoint one."
        )
    return cfg, warnings


__all__ = [
    "AS_PRESET",
    "DEFAULT_CUSTOMERS",
    "DEFAULT_PRESET",
    "LEVERS",
    "Lever",
    "MAX_CUSTOMERS",
    "PRESETS",
    "PRESET_LABELS",
    "Preset",
    "lever_value",
    "lever_values",
    "parse_int",
    "preset_key",
    "scenario_config",
    "scenario_overrides",
    "schema_metadata",
]
