"""The schema of a cxsim run: every parameter with its default, unit, range, source and role.

One dataclass per part of the model, one module per part: ``company`` (the company before
any programme), ``customers`` (the customer base and the journey), ``programme`` (the CX
leader and the executive sponsor), ``levers`` (how spending, authority and reporting lines act),
``organisation`` (where the role sits in the structure and the governance forum) and ``money``
(revenue, margins and costs in euros).
Every numeric parameter is declared with :func:`~cxsim.params.fields.param`, which records in
the field's metadata its allowed range, unit, meaning, the source of its default, its ROLE and,
where the allowed range is only a validation limit, the narrower PLAUSIBLE range a sensitivity
analysis should sample, with the reason (:mod:`cxsim.params.fields`).

Every number that shapes the model's behaviour is a field here (the model holds no hidden
constant), so it is validated, sweepable, drawn by the property test and printed in the
generated tables of docs/ODD.md. Building and validating configs lives in ``cxsim.config``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .company import CompanyConfig, HeadcountShares, PoliticalWeights
from .customers import CustomerConfig
from .fields import DEPARTMENTS, FOCUSES, REPORTING_LINES, ROLES, STRATEGIES, VARY, choice, flag, group, param, per_department
from .levers import LeverConfig
from .money import MoneyConfig
from .organisation import ForumAttendance, GovernanceConfig, MergedDepartments, StructureConfig
from .programme import ExecutiveConfig, LeaderConfig

@dataclass
class CXConfig:
    """A whole run: the scenario plus the run settings."""

    seed: int = param(0, 0, 2**32 - 1, "integer", "root seed; replicates get child seeds spawned from it", "reproducibility", role="setting", integer=True)
    steps: int = param(156, 1, 5200, "weeks", "horizon of the run (156 weeks = 3 years)", "DESIGN §2", role="setting", integer=True)
    replicates: int = param(1, 1, 10_000, "runs", "replicates per job, each with a child seed of `seed`", "DESIGN §3", role="setting", integer=True)
    burn_in_weeks: int = param(1040, 0, 5200, "weeks", "weeks the company runs without a programme before week 0, so that week 0 is its steady state (the flatness test in docs/calibration.md)", "issue 12; from the slowest process, silos exchanging practices through their few ties (docs/calibration.md)", role="setting", integer=True)
    customer_burn_in_weeks: int = param(260, 0, 5200, "weeks", "the last weeks of the run-in in which the customers take part (before, the organisation runs alone: without a programme it reads nothing of them); at most burn_in_weeks", "issue 12; the customers' slowest process, expectations adapting (≈ 110 weeks), three times over (docs/calibration.md)", role="setting", integer=True)
    company: CompanyConfig = field(default_factory=CompanyConfig)
    customers: CustomerConfig = field(default_factory=CustomerConfig)
    leader: LeaderConfig = field(default_factory=LeaderConfig)
    executive: ExecutiveConfig = field(default_factory=ExecutiveConfig)
    levers: LeverConfig = field(default_factory=LeverConfig)
    structure: StructureConfig = field(default_factory=StructureConfig)
    governance: GovernanceConfig = field(default_factory=GovernanceConfig)
    money: MoneyConfig = field(default_factory=MoneyConfig)


@dataclass
class OutputConfig:
    """What a command-line job writes besides its results (not part of the model)."""

    plots: bool = True
    progress: bool = True


@dataclass
class RunConfig(CXConfig):
    """The schema of a Hydra job: the model's config plus output settings."""

    output: OutputConfig = field(default_factory=OutputConfig)


__all__ = [
    "CXConfig", "CompanyConfig", "CustomerConfig", "ExecutiveConfig", "ForumAttendance", "GovernanceConfig", "HeadcountShares",
    "LeaderConfig", "LeverConfig", "MergedDepartments", "MoneyConfig", "StructureConfig", "OutputConfig", "PoliticalWeights", "RunConfig", "DEPARTMENTS", "FOCUSES", "REPORTING_LINES", "ROLES", "STRATEGIES",
    "VARY", "choice", "flag", "group", "param", "per_department",
]
