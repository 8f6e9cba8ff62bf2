"""The structured configuration of a cxsim run: types, defaults, units, ranges and sources.

One dataclass per part of the model. Every numeric parameter is declared with :func:`param`,
which records its unit, allowed range, meaning and the source of its default in the field's
metadata; :func:`choice` does the same for a string with a fixed set of options. That metadata
is the single source of truth for three things:

* :func:`validate` refuses bad input before anything runs, with a one-line message naming the
  key, the value and what is allowed;
* Hydra's ConfigStore gets the same dataclasses as its schema (see ``cxsim/__main__.py``), so a
  typo in a key or a wrong type is refused by OmegaConf too;
* the parameter tables of ``docs/ODD.md`` are generated from it (``python -m cxsim.odd_tables``)
  and a test checks that the document is in sync.

The model never sees Hydra: it takes a :class:`CXConfig` (build one with :func:`make_config`
from a plain dict, an OmegaConf object, or dotted overrides).
"""

from __future__ import annotations

import difflib
import math
from dataclasses import MISSING, dataclass, field, fields, is_dataclass, replace
from typing import Any

DEPARTMENTS = (
    "marketing",
    "sales",
    "billing",
    "logistics",
    "field_service",
    "customer_service",
    "it",
    "hr",
)
REPORTING_LINES = ("ceo", "marketing", "customer_service", "it")
STRATEGIES = ("top_down", "organic", "hybrid")
FOCUSES = ("single_kpi", "broad")


class ConfigError(ValueError):
    """A configuration value that cannot be run. The message is one line: key, value, allowed."""


def param(default, lo, hi, unit: str, doc: str, source: str, integer: bool = False):
    """A numeric parameter with its range [lo, hi], unit, meaning and the source of its default."""
    return field(
        default=default,
        metadata={"lo": lo, "hi": hi, "unit": unit, "doc": doc, "source": source, "integer": integer},
    )


def choice(default: str, options: tuple[str, ...], doc: str, source: str):
    """A string parameter restricted to ``options``."""
    return field(
        default=default,
        metadata={"options": options, "unit": "choice", "doc": doc, "source": source},
    )


def flag(default: bool, doc: str, source: str):
    return field(default=default, metadata={"unit": "bool", "doc": doc, "source": source})


@dataclass
class CompanyConfig:
    """The siloed company before any CX programme (DESIGN §2.1, §2.2)."""

    name: str = field(
        default="siloed_telecom",
        metadata={"unit": "label", "doc": "name of the company preset", "source": "label only"},
    )
    employees: int = param(400, 40, 20000, "employees", "employees simulated (a representative sample of the workforce)", "DESIGN §2.1: hundreds to a few thousand", integer=True)
    silo: float = param(0.9, 0.0, 0.99, "share", "share of an employee's ties that stay inside its department (stochastic block model)", "assumption, vary it; seed 001 (silos)")
    mean_degree: float = param(8.0, 1.0, 50.0, "ties/employee", "mean number of ties per employee in the organisational network", "assumption, vary it (Miller et al. 2006 use sparse networks)")
    dims_per_stage: int = param(16, 1, 20, "dimensions", "dimensions of customer value owned by each journey stage", "assumption, vary it", integer=True)
    promise_dims: int = param(16, 1, 20, "dimensions", "shared 'promise' dimensions touched by every customer-facing department", "assumption, vary it; seed 001 (contradictory messages)", integer=True)
    local_competence: float = param(0.6, 0.0, 1.0, "probability", "chance that a local code is right about a dimension of its own stage at start (departments know their own job)", "assumption, vary it; seed 001 (each department feels it does its job well)")
    code_divergence: float = param(0.6, 0.0, 1.0, "probability", "chance that a local code holds its own (random) view on a dimension at start; divergent codes contradict at handoffs", "assumption, vary it; seed 001")
    socialised: float = param(0.9, 0.0, 1.0, "probability", "chance that an initial belief equals the local code where the code has a view", "assumption, vary it")
    local_kpi_focus: float = param(0.8, 0.0, 1.0, "share", "how much departments ignore the shared promise dimensions when their code learns (local KPI vs customer outcome)", "seed 001 (lack of weight: local KPIs only)")
    head_resistance: float = param(0.4, 0.0, 1.0, "level", "mean initial resistance to change of employees and department heads", "seed 003 (everyone wants to keep their budget)")
    p1: float = param(0.1, 0.0, 1.0, "probability/week", "socialisation rate: chance per week a belief steps towards the code it follows", "March 1991 (p1); weekly scale assumed")
    p2: float = param(0.1, 0.0, 1.0, "probability/week", "local code learning rate from employees who outperform the code", "March 1991 (p2); weekly scale assumed")
    p3: float = param(0.004, 0.0, 0.1, "probability/week", "base weekly employee turnover (0.004/week ≈ 19%/year)", "March 1991 (p3); typical service-sector turnover")
    p4: float = param(0.0005, 0.0, 0.1, "probability/week", "turbulence: chance per week that a dimension of what customers value flips", "March 1991 (p4); assumption, vary it")
    p_ip: float = param(0.02, 0.0, 1.0, "probability/week", "interpersonal learning: chance per week to copy a differing dimension from a better-performing neighbour", "Miller, Zhao & Calantone 2006")
    engagement: float = param(0.6, 0.0, 1.0, "level", "initial employee engagement (employee experience, EX)", "assumption, vary it; seed 004")
    voc_noise: float = param(0.05, 0.0, 1.0, "knowledge units (sd)", "noise with which a department observes who outperforms its code without a voice-of-customer programme", "assumption, vary it; seed 001 (lack of weight)")
    digital_team_weight: float = param(0.0, 0.0, 1.0, "share", "share of the promise dimensions that a small digital team (IT) decides for everyone, without a company-wide view", "seed 001 (lack of high-level vision)")


@dataclass
class CustomerConfig:
    """The customer base and the journey purchase → billing → delivery → installation (DESIGN §2.3)."""

    n: int = param(5000, 1, 10_000_000, "customers", "size of the customer base (customers and prospects of the addressable market)", "DESIGN §5", integer=True)
    initial_active: float = param(0.7, 0.0, 1.0, "share", "share of the base that are active customers at week 0", "assumption, vary it")
    acquisition_rate: float = param(0.01, 0.0, 1.0, "probability/week", "base chance per week that a prospect starts a purchase", "assumption, vary it")
    repurchase_rate: float = param(0.01, 0.0, 1.0, "probability/week", "chance per week that an active customer starts a new journey (upgrade, move, new line)", "assumption: about once every two years")
    word_of_mouth: float = param(1.0, 0.0, 5.0, "multiplier", "how strongly net promoters among active customers raise acquisition (NPS/100 × this)", "Reichheld 2003 (NPS and growth); assumption, vary it")
    expectation: float = param(0.58, 0.0, 1.0, "quality units", "mean expectation customers bring (raised by marketing's promise)", "Oliver 1980 (expectation-disconfirmation); calibrated so the baseline NPS is slightly negative")
    expectation_sd: float = param(0.08, 0.0, 0.5, "quality units", "spread of expectations across customers", "assumption, vary it")
    meet_satisfaction: float = param(0.75, 0.0, 1.0, "satisfaction", "satisfaction of a customer whose experience exactly meets expectation", "Oliver 1980; assumption")
    disconfirmation_gain: float = param(1.0, 0.0, 5.0, "satisfaction/quality", "satisfaction gained per unit of experience above expectation", "Oliver 1980; assumption, vary it")
    stage_weight: float = param(0.35, 0.0, 1.0, "share", "weight of one served stage's experience in a customer's satisfaction", "assumption, vary it")
    active_weight: float = param(0.03, 0.0, 1.0, "share/week", "weekly weight of ongoing service (billing, support) in an active customer's satisfaction", "assumption, vary it")
    wait_penalty: float = param(0.03, 0.0, 1.0, "satisfaction/week", "satisfaction lost per week spent waiting for a stage", "the post-office waiting-time KPI (seed 001)")
    incident_penalty: float = param(0.12, 0.0, 1.0, "satisfaction", "satisfaction lost per handoff incident", "seed 001 (contradictory messages)")
    handoff_risk: float = param(0.25, 0.0, 1.0, "probability", "incident probability at a handoff between departments that fully disagree and share no ties", "assumption, vary it; seed 001")
    tie_protection: float = param(0.3, 0.0, 1.0, "share", "how much cross-department tie density (relative to the inside) protects a handoff", "assumption, vary it")
    capacity_margin: float = param(0.9, 0.0, 5.0, "ratio", "stage capacity over expected weekly demand at the default headcount and engagement", "assumption: capacity slightly below nominal demand, so queues form when demand peaks")
    churn_max: float = param(0.03, 0.0, 1.0, "probability/week", "weekly churn hazard of a totally dissatisfied active customer", "assumption: ~25%/year churn at baseline (telecom range)")
    churn_exponent: float = param(2.0, 0.5, 6.0, "exponent", "curvature of churn in dissatisfaction: hazard = churn_max × (1 − satisfaction)^exponent", "Jones & Sasser 1995 (satisfied customers still defect)")
    abandon_threshold: float = param(0.2, 0.0, 1.0, "satisfaction", "customers in the journey below this satisfaction abandon (churn) with churn_max × 5", "assumption, vary it")
    survey_rate: float = param(0.3, 0.0, 1.0, "probability", "chance that a customer finishing installation answers the NPS survey", "assumption (transactional survey)")
    relationship_survey_rate: float = param(0.01, 0.0, 1.0, "probability/week", "chance per week that an active customer answers a relationship NPS survey", "assumption")
    nps_noise: float = param(1.0, 0.0, 5.0, "points (sd)", "noise of the 0–10 answer around 10 × satisfaction", "assumption")
    contact_rate: float = param(0.004, 0.0, 1.0, "contacts/customer/week", "routine contacts to customer service per active customer and week", "assumption")
    aht_s: float = param(420.0, 1.0, 7200.0, "seconds", "average handling time of a support contact", "industry typical 5–8 min")
    answer_target_s: float = param(60.0, 1.0, 3600.0, "seconds", "service-level target for answering a contact", "industry typical (80/20–80/60)")
    open_hours: float = param(60.0, 1.0, 168.0, "hours/week", "opening hours of the contact centre", "assumption")
    support_penalty: float = param(0.05, 0.0, 1.0, "satisfaction", "satisfaction lost by a contact that waits about the target time (scales with wait/target)", "assumption, vary it")


@dataclass
class LeaderConfig:
    """The CX leader: authority, reporting line, budget and how it is spent (DESIGN §2.4)."""

    enabled: bool = flag(True, "whether the company appoints a CX leader at all", "DESIGN §2.1 (zero or one)")
    authority: float = param(0.8, 0.0, 1.0, "level", "formal authority: 0 = influencer with no say … 1 = decision-maker", "seed 000/001 (weight of the role)")
    reporting_line: str = choice("ceo", REPORTING_LINES, "to whom the CX leader reports", "seed 000/002 (4 in 10 report to general management)")
    budget: float = param(2.0, 0.0, 50.0, "M€/year", "yearly programme budget (2 M€ is the reference intensity)", "assumption, vary it")
    strategy: str = choice("top_down", STRATEGIES, "how change is driven: training and mandates, champions and communities, or both at half intensity", "seed 004 (top performers drive change top-down)")
    focus: str = choice("single_kpi", FOCUSES, "one target stage at a time (re-chosen each review) or every stage at once", "seed 001 (focus on one KPI)")
    ex_share: float = param(0.2, 0.0, 1.0, "share", "share of the budget spent on employee experience", "seed 004 (62% of top performers reallocate to EX)")
    voc_share: float = param(0.2, 0.0, 1.0, "share of non-EX budget", "voice-of-the-customer share of the non-EX budget", "seed 001/003 (listen to customers)")
    redesign_share: float = param(0.1, 0.0, 1.0, "share of non-EX budget", "process-redesign share of the non-EX budget (raises capacity); the rest goes to the change strategy", "assumption, vary it")
    start_week: int = param(13, 0, 10_000, "week", "week the programme starts (a baseline quarter before it)", "DESIGN §2", integer=True)
    political_capital: float = param(1.0, 0.0, 1.0, "level", "initial political capital; at 0 the leader is sidelined", "seed 003 (people doubt the messenger)")
    review_weeks: int = param(13, 1, 520, "weeks", "weeks between two reviews of the target stage", "assumption: quarterly", integer=True)
    playbook_p2: float = param(0.3, 0.0, 1.0, "probability/week", "learning rate of the CX playbook (raised by voice-of-customer spending)", "March 1991 (p2); assumption")


@dataclass
class ExecutiveConfig:
    """The CEO as sponsor and arbiter (DESIGN §2.4)."""

    sponsorship: float = param(0.9, 0.0, 1.0, "level", "initial executive sponsorship of the CX programme", "seed 003 (the CEO must be the captain)")
    patience: int = param(52, 1, 1000, "weeks", "weeks of programme after which sponsorship decays if NPS has not improved", "seed 003; assumption, vary it", integer=True)
    decay: float = param(0.2, 0.0, 1.0, "share/review", "share of sponsorship lost at a quarterly review without improvement once patience is exhausted", "assumption, vary it")
    gain: float = param(0.05, 0.0, 1.0, "level/review", "sponsorship regained at a review showing improvement", "assumption, vary it")


@dataclass
class LeverConfig:
    """How spending and authority act on the organisation: the response curves of the levers.

    These are assumptions (no seed quantifies them); their defaults were set once so that the
    default company responds in a plausible range, never per scenario. Vary them in sweeps.
    """

    reference_budget: float = param(2.0, 0.01, 100.0, "M€/year", "budget that counts as intensity 1 in the response curves", "assumption")
    effort_half: float = param(0.15, 0.001, 10.0, "intensity/department", "change spending per target department giving half of the maximum effect (critical mass)", "assumption, vary it; seed 001 (focus)")
    effort_hill: float = param(3.0, 1.0, 8.0, "exponent", "steepness of the critical-mass curve of change spending (Hill exponent)", "assumption, vary it")
    train_p1: float = param(0.4, 0.0, 1.0, "probability/week", "socialisation rate reached under full training and mandates", "assumption; March 1991 (p1)")
    champion_p_ip: float = param(0.08, 0.0, 1.0, "probability/week", "interpersonal learning rate reached with full champion support", "assumption; Miller et al. 2006")
    champion_share: float = param(0.05, 0.0, 1.0, "share", "share of a target department's employees recruited as champions at full organic effort", "assumption, vary it")
    cop_ties: float = param(3.0, 0.0, 100.0, "ties/week/intensity", "cross-department ties created per week by communities of practice per unit of organic spending", "assumption, vary it")
    ex_half: float = param(0.1, 0.001, 10.0, "intensity", "EX spending giving half the maximum engagement gain", "assumption; seed 004")
    ex_gain: float = param(0.6, 0.0, 1.0, "share", "share of the gap to full engagement that EX spending can close", "assumption; seed 004")
    engagement_lag: float = param(0.05, 0.001, 1.0, "share/week", "speed at which engagement moves to its target (≈ 1/lag in weeks)", "assumption: about 20 weeks")
    voc_half: float = param(0.05, 0.001, 10.0, "intensity", "voice-of-customer spending giving half of the maximum listening accuracy", "assumption; seeds 001, 003")
    redesign_gain: float = param(0.3, 0.0, 2.0, "share", "maximum capacity gain of a stage from process redesign", "assumption, vary it")
    conflict_rate: float = param(0.3, 0.0, 1.0, "probability/week", "chance per week that a resisting, heavier department fights a mandate, at full weight gap", "assumption; seed 003")
    capital_loss: float = param(0.08, 0.0, 1.0, "capital", "political capital lost with a lost conflict", "assumption; seed 003")
    conflict_resistance: float = param(0.05, 0.0, 1.0, "resistance", "resistance added in a department by a conflict it lost (half if it won)", "assumption; seed 003")
    mandate_resistance: float = param(0.03, 0.0, 1.0, "resistance/week", "resistance added per week by a mandate at full pressure (training effect 1) without visible customer results; scales with the training effect", "seed 003/004 (the impact must be felt)")
    relief_resistance: float = param(0.01, 0.0, 1.0, "resistance/week", "resistance removed per week when the voice of the customer shows improvement on a department's stages", "seed 004")
    budget_resistance: float = param(0.1, 0.0, 1.0, "resistance", "resistance added in every department when a decision-maker takes budget from departments (yearly)", "seed 003 (everyone wants to keep their budget)")
    resistance_memory: float = param(0.01, 0.0, 1.0, "share/week", "speed at which resistance returns to its baseline", "assumption")


@dataclass
class CXConfig:
    """A whole run: the scenario plus the run settings."""

    seed: int = param(0, 0, 2**32 - 1, "integer", "root seed; replicates get child seeds spawned from it", "reproducibility", integer=True)
    steps: int = param(156, 1, 5200, "weeks", "horizon of the run (156 weeks = 3 years)", "DESIGN §2", integer=True)
    replicates: int = param(1, 1, 10_000, "runs", "replicates per job, each with a child seed of `seed`", "DESIGN §3", integer=True)
    company: CompanyConfig = field(default_factory=CompanyConfig)
    customers: CustomerConfig = field(default_factory=CustomerConfig)
    leader: LeaderConfig = field(default_factory=LeaderConfig)
    executive: ExecutiveConfig = field(default_factory=ExecutiveConfig)
    levers: LeverConfig = field(default_factory=LeverConfig)


@dataclass
class OutputConfig:
    """What a command-line job writes besides its results (not part of the model)."""

    plots: bool = True
    progress: bool = True


@dataclass
class RunConfig(CXConfig):
    """The schema of a Hydra job: the model's config plus output settings."""

    output: OutputConfig = field(default_factory=OutputConfig)


# --------------------------------------------------------------------------------------------
# Validation


def _walk(obj, prefix=""):
    """Yield (dotted key, dataclass field, value) for every leaf of a config dataclass."""
    for f in fields(obj):
        if f.name == "output":
            continue
        value = getattr(obj, f.name)
        key = f"{prefix}{f.name}"
        if is_dataclass(value):
            yield from _walk(value, key + ".")
        else:
            yield key, f, value


def validate(cfg: CXConfig) -> CXConfig:
    """Check every value against its declared type and range; raise :class:`ConfigError`."""
    for key, f, value in _walk(cfg):
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
    return {key: value for key, _, value in _walk(cfg)}


def parameter_rows(cfg: CXConfig | None = None):
    """(key, default, unit, range, meaning, source) for every parameter: the ODD tables."""
    cfg = cfg or CXConfig()
    for key, f, value in _walk(cfg):
        meta = f.metadata
        if "options" in meta:
            allowed = " \\| ".join(meta["options"])
        elif "lo" in meta:
            allowed = f"[{meta['lo']}, {meta['hi']}]"
        elif meta.get("unit") == "bool":
            allowed = "true \\| false"
        else:
            allowed = "text"
        yield key, value, meta.get("unit", ""), allowed, meta.get("doc", ""), meta.get("source", "")


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
    "DEPARTMENTS",
    "REPORTING_LINES",
    "STRATEGIES",
    "FOCUSES",
    "make_config",
    "validate",
    "to_dict",
    "flatten",
    "parameter_rows",
    "replace",
]
