"""A study's definition: ``experiments/<name>/study.yaml``, checked before anything runs.

The file holds the question and what answers it::

    title: Appoint a CX leader at all?
    question: ...                      # the seed's question, in words
    seeds: [000, 001]                  # the seed documents it comes from (../shared/seeds/)
    seed: 0                            # root seed: replicate r is `python -m cxsim seed=0`'s replicate r
    weeks: 156                         # the horizon
    companies: {siloed_telecom: 10, lack_of_weight: {replicates: 3, only: [none, lure]}}
    base: []                           # overrides under every scenario
    scenarios: {none: [leader=none], lure: [leader=lure]}   # Hydra overrides (configs/)
    outcomes: {nps: {metric: nps, week: 156}}               # as in configs/explore/ (no scenario)
    contrasts: [{a: lure, b: none, outcome: nps}]           # paired a − b; the first is the headline
    series: [nps]                      # metrics kept every week (figures over time)
    figures: [...]                     # see cxsim.study.figures
    robustness: {points: 16, replicates: 2}                 # the headline over the assumption space
    discussion: ...                    # what the seed says, and where the model agrees or not
    leaves_out: ...                    # what the model leaves out

Each company preset is put first (``company=<preset>``), then ``base``, then the scenario's own
overrides; each scenario is composed by :func:`cxsim.cli.scenarios.compose` (Hydra's compose API
over ``configs/``), so a preset is never copied here.
Outcomes are checked by the exploration's parser (:func:`cxsim.explore.outcomes.parse_outcome`).
Any error is one :class:`~cxsim.config.ConfigError` line naming the key, the value and what is
allowed.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..config import ConfigError
from ..explore.outcomes import Outcome, parse_outcome

EXPERIMENTS_DIR = Path(__file__).resolve().parents[2] / "experiments"
DEFINITION_FILE = "study.yaml"
KEYS = ("title", "question", "seeds", "seed", "weeks", "companies", "base", "scenarios", "outcomes", "contrasts",
        "series", "figures", "robustness", "discussion", "leaves_out")
FIGURE_KINDS = ("contrasts", "heatmap", "series")  # cxsim.study.figures
ROBUSTNESS_KEYS = ("contrast", "points", "replicates", "company", "margin")
# a tiny version for the tests: every week scaled into this horizon, a small company, short run-in
TINY_WEEKS = 20
TINY_BASE = ("customers.n=300", "company.employees=80", "burn_in_weeks=30", "customer_burn_in_weeks=10")


@dataclass(frozen=True)
class Contrast:
    """Outcome of scenario ``a`` minus that of scenario ``b``, replicate by replicate."""

    a: str
    b: str
    outcome: str
    label: str = ""

    @property
    def text(self) -> str:
        return self.label or f"{self.a} − {self.b}"


@dataclass(frozen=True)
class Company:
    """A company preset of configs/company/, its replicates, and the scenarios it runs."""

    preset: str
    replicates: int
    only: tuple[str, ...] = ()  # the scenarios run on this preset (empty: all)


@dataclass(frozen=True)
class Study:
    """A checked study definition (its scenarios compose: :func:`check`)."""

    name: str
    title: str
    question: str
    seeds: tuple[str, ...]
    seed: int
    weeks: int
    companies: tuple[Company, ...]
    base: tuple[str, ...]
    scenarios: dict
    outcomes: dict  # name -> spec mapping (metric, week | weeks, stat, across)
    contrasts: tuple[Contrast, ...]
    series: tuple[str, ...] = ()
    figures: tuple = ()
    robustness: dict = field(default_factory=dict)
    discussion: str = ""
    leaves_out: str = ""
    directory: Path = EXPERIMENTS_DIR

    @property
    def headline(self) -> Contrast:
        return self.contrasts[int(self.robustness.get("contrast", 0))]

    def scenarios_of(self, company: Company) -> dict:
        return {k: v for k, v in self.scenarios.items() if not company.only or k in company.only}

    def outcome(self, name: str, scenario: str) -> Outcome:
        """The exploration's :class:`Outcome` of ``name`` measured in ``scenario``."""
        return parse_outcome(name, {**self.outcomes[name], "scenario": scenario}, self.scenarios)

    def unit(self, outcome: str) -> str:
        from ..metrics import BY_NAME

        metric = self.outcomes[outcome]["metric"]
        return BY_NAME[metric if isinstance(metric, str) else metric[0]].unit

    def overrides(self, company: Company) -> list[str]:
        return [f"company={company.preset}", *self.base]


def _suggest(value: str, allowed) -> str:
    close = difflib.get_close_matches(str(value), list(allowed), n=1)
    return f" (did you mean {close[0]}?)" if close else ""


def _int(key: str, value, lo: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < lo:
        raise ConfigError(f"{key}={value!r} is not allowed: a whole number ≥ {lo}")
    return value


def _overrides(key: str, value) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{key}={value!r} must be a list of Hydra overrides such as [leader=lure, leader.budget=1]")
    return tuple(value)


def _companies(raw, scenarios: Mapping) -> tuple[Company, ...]:
    if not isinstance(raw, Mapping) or not raw:
        raise ConfigError(f"companies={raw!r} must map company presets (configs/company/) to replicates")
    out = []
    for preset, spec in raw.items():
        spec = {"replicates": spec} if not isinstance(spec, Mapping) else dict(spec)
        only = tuple(spec.get("only") or ())
        for s in only:
            if s not in scenarios:
                raise ConfigError(f"companies.{preset}.only: {s!r} is not a scenario{_suggest(s, scenarios)}: "
                                  f"defined are {', '.join(scenarios)}")
        out.append(Company(str(preset), _int(f"companies.{preset}.replicates", spec.get("replicates"), 2), only))
    return tuple(out)


def _contrasts(raw, scenarios: Mapping, outcomes: Mapping) -> tuple[Contrast, ...]:
    if not raw:
        raise ConfigError("contrasts is empty: a study answers with at least one paired contrast (a, b, outcome)")
    out = []
    for i, c in enumerate(raw):
        if not isinstance(c, Mapping):
            raise ConfigError(f"contrasts[{i}]={c!r} must be a mapping with a, b and outcome")
        for key, allowed in (("a", scenarios), ("b", scenarios), ("outcome", outcomes)):
            if c.get(key) not in allowed:
                raise ConfigError(f"contrasts[{i}].{key}={c.get(key)!r} is unknown{_suggest(c.get(key), allowed)}: "
                                  f"choose one of {', '.join(allowed)}")
        out.append(Contrast(str(c["a"]), str(c["b"]), str(c["outcome"]), str(c.get("label") or "")))
    return tuple(out)


def parse(data: Mapping, name: str, directory: Path) -> Study:
    """A :class:`Study` from its definition mapping (scenarios not yet composed: :func:`check`)."""
    unknown = [k for k in data if k not in KEYS]
    if unknown:
        raise ConfigError(f"{unknown[0]} is not a study setting{_suggest(unknown[0], KEYS)}: allowed {', '.join(KEYS)}")
    raw = data.get("scenarios") or {}
    if not isinstance(raw, Mapping) or not raw:
        raise ConfigError("scenarios must map names to lists of Hydra overrides")
    scenarios = {str(k): _overrides(f"scenarios.{k}", v) for k, v in raw.items()}
    outcomes = {str(k): dict(v) for k, v in (data.get("outcomes") or {}).items()}
    if not outcomes:
        raise ConfigError("outcomes is empty: declare at least one (metric, week or weeks)")
    for key, spec in outcomes.items():
        if "scenario" in spec or "minus" in spec:
            raise ConfigError(f"outcomes.{key}: no scenario or minus here (contrasts pair the scenarios)")
        parse_outcome(key, {**spec, "scenario": next(iter(scenarios))}, scenarios)
    rob = dict(data.get("robustness") or {})
    for key in rob:
        if key not in ROBUSTNESS_KEYS:
            raise ConfigError(f"robustness.{key} is not a robustness setting: allowed {', '.join(ROBUSTNESS_KEYS)}")
    study = Study(
        name=name, title=str(data.get("title") or name), question=str(data.get("question") or ""),
        seeds=tuple(str(s).zfill(3) for s in (data.get("seeds") or ())), seed=_int("seed", data.get("seed", 0), 0),
        weeks=_int("weeks", data.get("weeks", 156), 1), companies=_companies(data.get("companies"), scenarios),
        base=_overrides("base", data.get("base")), scenarios=scenarios, outcomes=outcomes,
        contrasts=_contrasts(data.get("contrasts"), scenarios, outcomes),
        series=tuple(data.get("series") or ()), figures=tuple(data.get("figures") or ()), robustness=rob,
        discussion=str(data.get("discussion") or ""), leaves_out=str(data.get("leaves_out") or ""),
        directory=directory)
    for i, fig in enumerate(study.figures):
        if not isinstance(fig, Mapping) or fig.get("kind") not in FIGURE_KINDS:
            got = fig.get("kind") if isinstance(fig, Mapping) else fig
            raise ConfigError(f"figures[{i}].kind={got!r} is not a figure: choose one of {', '.join(FIGURE_KINDS)}")
    if not 0 <= int(rob.get("contrast", 0)) < len(study.contrasts):
        raise ConfigError(f"robustness.contrast={rob.get('contrast')!r}: allowed 0 … {len(study.contrasts) - 1}")
    for o in study.outcomes.values():
        for w in ([o["week"]] if "week" in o else list(o.get("weeks", ()))):
            if w > study.weeks:
                raise ConfigError(f"an outcome reads week {w} beyond weeks={study.weeks}: raise weeks or move the outcome")
    return study


def available() -> list[str]:
    return sorted(p.parent.name for p in EXPERIMENTS_DIR.glob(f"*/{DEFINITION_FILE}"))


def load(name: str, root: Path | None = None) -> Study:
    """Read and parse ``experiments/<name>/study.yaml``."""
    import yaml

    root = Path(root or EXPERIMENTS_DIR)
    path = root / name / DEFINITION_FILE
    if not path.is_file():
        names = sorted(p.parent.name for p in root.glob(f"*/{DEFINITION_FILE}"))
        raise ConfigError(f"study {name!r} does not exist{_suggest(name, names)}: choose one of {', '.join(names)}")
    try:
        data = yaml.safe_load(path.read_text()) or {}
    except yaml.YAMLError as err:
        raise ConfigError(f"{path}: not valid YAML ({' '.join(str(err).split())})") from None
    return parse(data, name, root / name)


def check(study: Study) -> dict:
    """Compose every (company, scenario) with :func:`cxsim.cli.scenarios.compose`:
    {preset: {scenario: config dict}} (one-line ConfigError naming the first that fails)."""
    from ..cli.scenarios import compose
    from ..config import to_dict

    out = {}
    for company in study.companies:
        out[company.preset] = {}
        for name, overrides in study.scenarios_of(company).items():
            try:
                out[company.preset][name] = to_dict(compose(study.overrides(company) + list(overrides)))
            except ConfigError as err:
                raise ConfigError(f"companies.{company.preset}, scenarios.{name}={list(overrides)}: {err}") from None
    return out


def _scale(week: int, weeks: int) -> int:
    return max(1, round(week * TINY_WEEKS / weeks))


def tiny(study: Study) -> Study:
    """The same study, small and short, for the tests: the first company preset, 2 replicates,
    a small company with a short run-in, every week scaled into ``TINY_WEEKS``, a robustness
    check of 2 points × 2 replicates."""
    outcomes = {}
    for key, spec in study.outcomes.items():
        spec = dict(spec)
        if "week" in spec:
            spec["week"] = _scale(spec["week"], study.weeks)
        else:
            first, last = (_scale(w, study.weeks) for w in spec["weeks"])
            spec["weeks"] = [first, max(first, last)]
        outcomes[key] = spec
    first = study.companies[0]
    return replace(study, weeks=TINY_WEEKS, companies=(replace(first, replicates=2),),
                   base=study.base + TINY_BASE, outcomes=outcomes,
                   robustness={**study.robustness, "points": 2, "replicates": 2})


__all__ = ["Study", "Contrast", "Company", "load", "parse", "check", "tiny", "available", "EXPERIMENTS_DIR",
           "DEFINITION_FILE", "TINY_WEEKS"]
