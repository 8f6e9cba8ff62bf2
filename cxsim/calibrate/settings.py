"""The settings of a calibration: the schema of ``python -m cxsim.calibrate`` and its checks.

Hydra composes them from ``configs/calibrate/`` (this dataclass is registered as the schema, so
OmegaConf refuses unknown keys and wrong types); :func:`check` then refuses values that cannot
run, with one line naming the key, the value and what is allowed, before anything runs.
Tests and studies build them with :func:`cxsim.calibrate.cli.compose_settings` (Hydra's
compose API) or directly: ``Settings(data="x.csv", ...)``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..config import ConfigError

PERIODS = ("auto", "week", "month", "quarter")
SAMPLERS = ("multicore", "single", "dask")


@dataclass
class Observation:
    """How the company's figures were measured (docs/calibration_walkthrough.md, "Noise")."""

    passive_share: float = 0.35  # share of 7–8 answers when the file has no promoters/detractors split
    nps_responses: Any = None  # answers per period when the CSV has no nps_responses column
    churn_base: Any = None  # active customers at a period's start when the CSV has no churn_base
    journeys: Any = None  # journeys per period when the CSV has no journeys column
    satisfaction_se: float = 0.02  # standard error of a stage-satisfaction figure (0–1 scale)
    engagement_se: float = 0.02  # standard error of an engagement-survey figure (0–1 scale)


@dataclass
class Budget:
    """How much simulation a calibration may spend."""

    population: int = 200  # accepted particles per ABC-SMC generation
    generations: int = 8  # generations; the last one is at temperature 1 (the exact posterior)
    max_simulations: int = 200_000  # stop early (tempered posterior, flagged) beyond this
    pilot: int = 20  # replicates at the prior centre that measure the model's own noise
    predictive: int = 200  # posterior-predictive runs (fit check and bands); 0 = skip
    projection: int = 100  # runs per projected scenario; 0 = skip


@dataclass
class Sampler:
    """Where simulations run: every core here, one process, or a dask cluster."""

    kind: str = "multicore"
    processes: Any = None  # None = every core of this machine
    address: Any = None  # dask: the scheduler's address (tcp://host:8786)


@dataclass
class RunIn:
    """The run-in of every simulation of the calibration (pilot, ABC, fit check, projections),
    not of the preset it writes nor of the data a study generates: null keeps the company's own
    (``burn_in_weeks``, ``customer_burn_in_weeks`` of the schema). A shorter run-in makes each
    run cheaper and starts it nearer its initial state; docs/calibration_walkthrough.md §9 says
    what that changes."""

    burn_in_weeks: Any = None
    customer_burn_in_weeks: Any = None

    def overrides(self) -> list[str]:
        """The cxsim overrides that set it (none when both are null)."""
        return [f"{k}={v}" for k, v in (("burn_in_weeks", self.burn_in_weeks),
                                        ("customer_burn_in_weeks", self.customer_burn_in_weeks)) if v is not None]


@dataclass
class Projection:
    horizon_weeks: int = 104
    scenarios: dict = field(default_factory=lambda: {"no_programme": ["leader=none"],
                                                     "ceo_decision_maker": ["leader=decision_maker", "reporting=ceo"]})


@dataclass
class Settings:
    data: Any = None  # the CSV (required)
    name: Any = None  # the calibrated company preset's name (default: from the file name)
    period: str = "auto"
    min_periods: int = 6
    blocks: int = 2  # each series is compared as this many block means
    scenario: list = field(default_factory=list)  # cxsim overrides describing the company
    history: list = field(default_factory=lambda: ["leader=none"])  # what it did during the data
    free: dict = field(default_factory=dict)  # nested keys → null (schema range) or [lo, hi]
    seed: int = 0
    fit_alpha: float = 0.05
    install: bool = False  # also write configs/company/<name>.yaml
    config_dir: Any = None  # where configs/ is (None: cxsim's own)
    progress: bool = True
    observation: Observation = field(default_factory=Observation)
    budget: Budget = field(default_factory=Budget)
    sampler: Sampler = field(default_factory=Sampler)
    run_in: RunIn = field(default_factory=RunIn)
    projection: Projection = field(default_factory=Projection)


def _positive_int(key: str, value, allow_none: bool = False, minimum: int = 1) -> None:
    if value is None and allow_none:
        return
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise ConfigError(f"{key}={value!r} must be a whole number ≥ {minimum}" + (" or null" if allow_none else ""))


def _share(key: str, value, lo: float = 0.0, hi: float = 1.0, open_lo: bool = False) -> None:
    ok = isinstance(value, (int, float)) and not isinstance(value, bool) and (lo < value if open_lo else lo <= value) and value <= hi
    if not ok:
        raise ConfigError(f"{key}={value!r} is out of range: allowed {'(' if open_lo else '['}{lo}, {hi}]")


def check(s: Settings) -> Settings:
    """Refuse settings that cannot run (one line each); return them unchanged."""
    if not s.data:
        raise ConfigError("data is missing: give the company's CSV, e.g. data=examples/calibration/telecom_monthly.csv")
    if s.name is not None and not re.fullmatch(r"[a-z][a-z0-9_]*", str(s.name)):
        raise ConfigError(f"name={s.name!r} is not allowed: lower-case letters, digits and _ (a config file name)")
    if s.period not in PERIODS:
        raise ConfigError(f"period={s.period!r} is not allowed: choose one of {', '.join(PERIODS)}")
    _positive_int("min_periods", s.min_periods, minimum=2)
    _positive_int("blocks", s.blocks)
    _positive_int("seed", s.seed, minimum=0)
    _share("fit_alpha", s.fit_alpha, 0.0, 0.5, open_lo=True)
    o = s.observation
    _share("observation.passive_share", o.passive_share)
    for key in ("nps_responses", "churn_base", "journeys"):
        _positive_int(f"observation.{key}", getattr(o, key), allow_none=True)
    for key in ("satisfaction_se", "engagement_se"):
        _share(f"observation.{key}", getattr(o, key), 0.0, 1.0, open_lo=True)
    b = s.budget
    _positive_int("budget.population", b.population, minimum=10)  # pyabc fits a kernel to each generation
    _positive_int("budget.generations", b.generations)
    _positive_int("budget.max_simulations", b.max_simulations)
    _positive_int("budget.pilot", b.pilot, minimum=2)
    _positive_int("budget.projection", b.projection, minimum=0)
    _positive_int("budget.predictive", b.predictive, minimum=0)
    if s.sampler.kind not in SAMPLERS:
        raise ConfigError(f"sampler.kind={s.sampler.kind!r} is not allowed: choose one of {', '.join(SAMPLERS)}")
    _positive_int("sampler.processes", s.sampler.processes, allow_none=True)
    if s.sampler.kind == "dask" and not s.sampler.address:
        raise ConfigError("sampler.address is missing: sampler=dask needs the scheduler's address (tcp://host:8786)")
    for key in ("burn_in_weeks", "customer_burn_in_weeks"):
        _positive_int(f"run_in.{key}", getattr(s.run_in, key), allow_none=True, minimum=0)
    _positive_int("projection.horizon_weeks", s.projection.horizon_weeks)
    for label, overrides in s.projection.scenarios.items():
        if not re.fullmatch(r"[A-Za-z0-9_]+", str(label)) or not isinstance(overrides, (list, tuple)):
            raise ConfigError(f"projection.scenarios.{label}={overrides!r} must be a name (letters, digits, _) "
                              "mapped to a list of cxsim overrides, e.g. [leader=decision_maker, reporting=ceo]")
    return s


def flat_free(free: dict, prefix: str = "") -> dict:
    """``{"customers": {"expectation": None}}`` → ``{"customers.expectation": None}``."""
    out = {}
    for key, value in (free or {}).items():
        if isinstance(value, dict):
            out.update(flat_free(value, f"{prefix}{key}."))
        else:
            out[f"{prefix}{key}"] = value
    return out


__all__ = ["Settings", "Observation", "Budget", "Sampler", "RunIn", "Projection", "check", "flat_free",
           "PERIODS", "SAMPLERS"]
