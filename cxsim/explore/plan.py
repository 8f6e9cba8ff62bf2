"""From an exploration's config to a checked plan: factors, design, scenarios, outcomes.

Everything that can be wrong with an exploration's config is found here, before anything
runs, and reported as one :class:`~cxsim.config.ConfigError` line naming the key, the value and
what is allowed: an unknown parameter or outcome, a range outside the schema's, a sample size
SALib refuses, a scenario that does not compose or a contrast with one that does not exist,
an empty design.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pandas as pd

from ..config import ConfigError, flatten, to_dict
from .design import DesignSpec, sample
from .discover import Question
from .evaluate import ModelEvaluator
from .execute import LAUNCHERS, Execution
from .outcomes import Outcome, parse_outcomes
from .space import Factor, assumption_space

TOP_LEVEL = ("name", "dry_run", "seed", "seeds", "replicates", "base", "scenarios", "outcomes", "space", "design", "execution",
             "analysis", "discover", "discovery", "robustness", "out_dir", "report_dir")
SEEDS = ("independent", "common")  # replicate seeds per design point, or the same at every point
INDICES_FILE = "indices.csv"
MANIFEST_FILE = "manifest.json"


@dataclass
class Plan:
    """A checked exploration, ready to run."""

    name: str
    seed: int
    replicates: int
    factors: list[Factor]
    spec: DesignSpec
    design: pd.DataFrame
    scenarios: dict[str, list[str]]
    configs: dict[str, dict]
    fixed: dict[str, frozenset]
    outcomes: list[Outcome]
    questions: list[Question]
    execution: Execution
    out_dir: Path
    report_dir: Path
    resamples: int = 1000
    min_coverage: float = 0.5
    max_depth: int = 3
    robustness_doc: Path | None = None
    holds: float = 0.8
    settings: dict = field(default_factory=dict, repr=False)
    seeds: str = "independent"  # or "common": every point takes the same replicate seeds

    def evaluator(self) -> ModelEvaluator:
        return ModelEvaluator(self.configs, self.fixed, self.outcomes, self.factors)

    def cost(self) -> tuple[int, int]:
        """(model runs, model weeks) the whole design takes: points × replicates × Σ scenarios."""
        from .outcomes import recordings

        horizons = [rec.horizon for rec in recordings(self.outcomes).values()]
        points = len(self.design) * self.replicates
        return points * len(horizons), points * sum(horizons)

    def fingerprint(self) -> str:
        """What decides the results: a resumed run must match it exactly."""
        key = {"spec": asdict(self.spec), "factors": [asdict(f) for f in self.factors], "configs": self.configs,
               "fixed": {k: sorted(v) for k, v in self.fixed.items()}, "outcomes": [repr(o) for o in self.outcomes],
               "seed": self.seed, "replicates": self.replicates, "chunk_size": self.execution.chunk_size}
        if self.seeds != "independent":  # (absent from the key when independent: earlier explorations keep their fingerprint)
            key["seeds"] = self.seeds
        return hashlib.sha256(json.dumps(key, sort_keys=True, default=str).encode()).hexdigest()[:16]


def _int(key: str, value, lo: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < lo:
        raise ConfigError(f"{key}={value!r} is not allowed: a whole number ≥ {lo}")
    return value


def _overrides(key: str, value) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{key}={value!r} must be a list of Hydra overrides such as [change=organic, leader.budget=1]")
    return list(value)


def _scalar_keys(overrides: list[str], known: Mapping) -> set[str]:
    keys = {o.split("=", 1)[0].lstrip("+~") for o in overrides if "=" in o}
    return {k for k in keys if k in known}


def compose_scenarios(base: list[str], scenarios: Mapping[str, list[str]]):
    """Compose each scenario (base + its overrides) once; the keys each one sets itself."""
    from ..cli.preflight import preflight
    from ..cli.scenarios import compose

    try:
        preflight(base)
        base_flat = flatten(compose(base))
    except ConfigError as err:
        raise ConfigError(f"base={base}: {err}") from None
    configs, fixed = {}, {}
    for name, overrides in scenarios.items():
        try:
            preflight(base + overrides)  # the model CLI's one-line messages (group options, ranges)
            cfg = compose(base + overrides)
        except ConfigError as err:
            raise ConfigError(f"scenarios.{name}={overrides}: {err}") from None
        flat = flatten(cfg)
        fixed[name] = frozenset({k for k, v in flat.items() if v != base_flat[k]} | _scalar_keys(overrides, flat))
        configs[name] = to_dict(cfg)
    return configs, fixed


def top_factors(directory: str, n: int) -> list[str]:
    """The ``n`` most influential factors of a finished exploration (its indices.csv)."""
    from .analyse import importance

    path = Path(directory) / INDICES_FILE
    if not path.is_file():
        raise ConfigError(f"space.top_from={directory}: no {INDICES_FILE} there; run that exploration first "
                          "(make explore-full runs morris_all before sobol_top)")
    manifest = json.loads((Path(directory) / MANIFEST_FILE).read_text()) if (Path(directory) / MANIFEST_FILE).is_file() else {}
    ranked = importance(manifest.get("kind", "morris"), pd.read_csv(path))
    if len(ranked) < n:
        raise ConfigError(f"space.top={n}: {directory} ranks only {len(ranked)} factors: allowed at most {len(ranked)}")
    return list(ranked.index[:n])


def _space(cfg: Mapping) -> list[Factor]:
    space = dict(cfg.get("space") or {})
    unknown = set(space) - {"roles", "include", "exclude", "ranges", "top", "top_from"}
    if unknown:
        raise ConfigError(f"space.{sorted(unknown)[0]} is not a space setting: allowed roles, include, exclude, ranges, top, top_from")
    include = space.get("include")
    if space.get("top") is not None:
        if not space.get("top_from"):
            raise ConfigError("space.top is set without space.top_from: name the directory of a finished Morris exploration")
        include = top_factors(str(space["top_from"]), _int("space.top", space["top"], 1))
    if isinstance(include, str) or isinstance(space.get("exclude"), str):
        raise ConfigError("space.include and space.exclude must be lists of parameter names")
    return assumption_space(include=include, exclude=space.get("exclude") or (), ranges=space.get("ranges") or {},
                            roles=space.get("roles") or ("assumption",))


def _execution(cfg: Mapping) -> Execution:
    ex = dict(cfg.get("execution") or {})
    allowed = {"chunk_size", "n_jobs", "launcher", "progress", "launcher_params"}
    if set(ex) - allowed:
        raise ConfigError(f"execution.{sorted(set(ex) - allowed)[0]} is not an execution setting: allowed {', '.join(sorted(allowed))}")
    launcher = ex.get("launcher", "joblib")
    if launcher not in LAUNCHERS:
        raise ConfigError(f"execution.launcher={launcher!r} is not a launcher: choose one of {', '.join(LAUNCHERS)}")
    n_jobs = ex.get("n_jobs", -1)
    if isinstance(n_jobs, bool) or not isinstance(n_jobs, int) or n_jobs == 0:
        raise ConfigError(f"execution.n_jobs={n_jobs!r} is not allowed: a whole number ≥ 1, or -1 for every core")
    params = {}
    if launcher != "joblib":
        params = launcher_settings(launcher)
        params.update(dict(ex.get("launcher_params") or {}))
    return Execution(_int("execution.chunk_size", ex.get("chunk_size", 4), 1), n_jobs, launcher,
                     bool(ex.get("progress", True)), tuple(sorted(params.items())))


def launcher_settings(name: str) -> dict:
    """The settings of ``configs/hydra/launcher/<name>.yaml`` (the sweeps' launcher presets)."""
    from omegaconf import OmegaConf

    from ..cli.preflight import CONFIG_DIR

    data = OmegaConf.to_container(OmegaConf.load(CONFIG_DIR / "hydra" / "launcher" / f"{name}.yaml"))
    return {k: v for k, v in data.items() if k != "defaults"}


def _questions(cfg: Mapping, outcomes: list[Outcome]) -> list[Question]:
    names = [o.name for o in outcomes]
    out = []
    for i, q in enumerate(cfg.get("discover") or []):
        if not isinstance(q, Mapping) or q.get("outcome") not in names:
            got = q.get("outcome") if isinstance(q, Mapping) else q
            raise ConfigError(f"discover[{i}].outcome={got!r} is not an outcome of this exploration: choose one of {', '.join(names)}")
        below = q.get("below", True)
        label = q.get("label") or f"{q['outcome']} {'<' if below else '>'} {q.get('threshold', 0)}"
        out.append(Question(str(label), str(q["outcome"]), bool(below), float(q.get("threshold", 0.0))))
    return out


def make_plan(cfg: Mapping) -> Plan:
    """Check an exploration's config (a plain dict, interpolations resolved) and plan it."""
    unknown = [k for k in cfg if k not in TOP_LEVEL and k != "hydra"]
    if unknown:
        raise ConfigError(f"{unknown[0]} is not an exploration setting: allowed {', '.join(TOP_LEVEL)}")
    seed = _int("seed", cfg.get("seed", 0), 0)
    replicates = _int("replicates", cfg.get("replicates", 1), 1)
    seeds = cfg.get("seeds", "independent")
    if seeds not in SEEDS:
        raise ConfigError(f"seeds={seeds!r} is not allowed: one of {', '.join(SEEDS)}")
    base = _overrides("base", cfg.get("base"))
    raw = cfg.get("scenarios") or {"base": []}
    if not isinstance(raw, Mapping):
        raise ConfigError(f"scenarios={raw!r} must map names to lists of overrides")
    scenarios = {str(k): _overrides(f"scenarios.{k}", v) for k, v in raw.items()}
    outcomes = parse_outcomes(cfg.get("outcomes") or {}, scenarios)
    used = {s for o in outcomes for s in o.scenarios}
    scenarios = {k: v for k, v in scenarios.items() if k in used}  # a scenario no outcome reads is not run
    factors = _space(cfg)
    d = dict(cfg.get("design") or {})
    spec = DesignSpec(str(d.get("kind", "morris")), d.get("n", 0), seed, d.get("levels", 4))
    design = sample(spec, factors)
    configs, fixed = compose_scenarios(base, scenarios)
    for f in factors:
        if all(f.name in fixed[s] for s in scenarios):
            raise ConfigError(f"space: {f.name} is set by every scenario ({', '.join(scenarios)}), so it cannot vary: "
                              "exclude it (space.exclude) or drop it from the scenarios")
    analysis, discovery, rob = (dict(cfg.get(k) or {}) for k in ("analysis", "discovery", "robustness"))
    out_dir = Path(str(cfg.get("out_dir") or f"outputs/explore/{cfg.get('name', 'explore')}"))
    return Plan(
        name=str(cfg.get("name", "explore")), seed=seed, replicates=replicates, factors=factors, spec=spec,
        design=design, scenarios=scenarios, configs=configs, fixed=fixed, outcomes=outcomes,
        questions=_questions(cfg, outcomes), execution=_execution(cfg), out_dir=out_dir,
        report_dir=Path(str(cfg.get("report_dir") or out_dir / "report")),
        resamples=_int("analysis.resamples", analysis.get("resamples", 1000), 10),
        min_coverage=float(discovery.get("min_coverage", 0.5)), max_depth=_int("discovery.max_depth", discovery.get("max_depth", 3), 1),
        robustness_doc=Path(str(rob["doc"])) if rob.get("doc") else None, holds=float(rob.get("holds", 0.8)),
        settings=dict(cfg), seeds=str(seeds),
    )


def check_resumable(plan: Plan) -> None:
    """Refuse to mix two explorations in one directory (one line, before anything runs)."""
    path = plan.out_dir / MANIFEST_FILE
    if path.is_file() and json.loads(path.read_text()).get("fingerprint") != plan.fingerprint():
        raise ConfigError(f"out_dir={plan.out_dir} holds an exploration with other settings (design, factors, "
                          "scenarios, outcomes, seed, replicates or chunk_size differ): choose another out_dir or delete it")


def preflight(cfg: Mapping) -> Plan:
    """Every check of an exploration's config, and of its output directory, without running it."""
    plan = make_plan(cfg)
    check_resumable(plan)
    return plan


__all__ = ["Plan", "make_plan", "preflight", "check_resumable", "compose_scenarios", "top_factors", "launcher_settings", "INDICES_FILE", "MANIFEST_FILE"]
