"""One calibration, start to finish: :func:`calibrate` (settings and a directory in, files out).

Everything that can be refused is refused by :func:`prepare` before any model runs: the
settings, the CSV, the free parameters and their priors, the company and every projected
scenario (composed through :func:`cxsim.cli.scenarios.compose`), and whether the predictive
check has enough runs. Then: the model's own noise (pilot), ABC-SMC, the posterior, the
posterior-predictive check, the projections, the calibrated preset, the report, and last
``calibration.json`` (its presence marks a complete calibration).
"""

from __future__ import annotations

import logging
import re
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ..cli.scenarios import compose
from ..config import ConfigError, CXConfig
from ..outputs import atomic_write, remove_temporaries, write_json, write_text
from . import abc_smc, preset, report
from .data import Observed, read
from .observe import block_means, blocks
from .predict import bands, draws, fit_check, predictive, project, projection_table, required_runs
from .prior import Free, check_corners, configure, free_parameters
from .settings import Settings, check
from .simulate import AbcModel, PeriodRun, Simulator, for_columns, processes

RESULT_FILE = "calibration.json"
log = logging.getLogger("cxsim.calibrate")


@dataclass
class Plan:
    """A calibration that passed every check."""

    settings: Settings
    name: str
    obs: Observed
    free: list[Free]
    history: CXConfig  # the company during the data
    company: CXConfig  # the company alone (the preset)
    scenarios: dict  # name → CXConfig of each projected scenario


def prepare(settings: Settings) -> Plan:
    """Check everything; raise ConfigError (one line) for the first problem."""
    s = check(settings)
    obs = read(s.data, period=s.period, min_periods=s.min_periods, observation=s.observation)
    free = free_parameters(s.free)
    history = _compose("scenario + history", [*s.scenario, *s.history, *s.run_in.overrides()], s.config_dir)
    check_corners(history, free)
    company = _compose("scenario", s.scenario, s.config_dir)
    scenarios = {}
    for label, overrides in (s.projection.scenarios.items() if s.budget.projection else ()):
        scenarios[label] = _compose(f"projection.scenarios.{label}", [*s.scenario, *overrides, *s.run_in.overrides()], s.config_dir)
        configure(scenarios[label], {p.key: p.centre for p in free}, steps=obs.weeks + s.projection.horizon_weeks,
                  **{"leader.start_week": obs.weeks})
    if s.budget.predictive and s.budget.predictive < required_runs(len(obs.columns), s.fit_alpha):
        need = required_runs(len(obs.columns), s.fit_alpha)
        raise ConfigError(f"budget.predictive={s.budget.predictive} cannot resolve the fit check for {len(obs.columns)} series "
                          f"at fit_alpha={s.fit_alpha}: allowed 0 (no check) or ≥ {need}")
    name = s.name or re.sub(r"[^a-z0-9_]+", "_", Path(str(s.data)).stem.lower()).strip("_") or "calibrated"
    if not name[0].isalpha():
        name = f"company_{name}"
    if s.install:
        preset.check_installable(name, s.config_dir)
    return Plan(s, name, obs, free, history, company, scenarios)


def _compose(what: str, overrides, config_dir) -> CXConfig:
    try:
        return compose(list(overrides), config_dir)
    except ConfigError as err:
        raise ConfigError(f"{what} {list(overrides)}: {err}") from None


def calibrate(settings: Settings, out_dir, truth: dict | None = None) -> dict:
    """Calibrate, write every output into ``out_dir``, and return the summary (also written
    as ``calibration.json``). ``truth`` (a recovery study's known values) is only drawn."""
    plan = prepare(settings)
    s, obs, free = plan.settings, plan.obs, plan.free
    out = Path(out_dir)
    spec = abc_smc.spec_hash(obs, s, free, plan.history)
    abc_smc.check_history(out, spec)
    out.mkdir(parents=True, exist_ok=True)
    remove_temporaries(out)
    (out / RESULT_FILE).unlink(missing_ok=True)
    t0 = time.perf_counter()
    n_procs = 1 if s.sampler.kind == "single" else processes(s.sampler.processes)
    groups = blocks(len(obs.labels), s.blocks)
    run = PeriodRun(for_columns(plan.history, obs.columns, obs.weeks), obs.starts, obs.ends, obs.columns)
    centre = {p.key: p.centre for p in free}
    model_var = abc_smc.model_variance(run, centre, groups, s.budget.pilot, s.seed, n_procs, s.progress)
    kernel_var = abc_smc.kernel_variance(obs, groups, model_var, s.observation)
    result = abc_smc.run_abc(s, free, AbcModel(run, tuple(groups)), block_means(obs.series, groups), kernel_var, out, spec)
    abc_s = time.perf_counter() - t0
    table = abc_smc.summary_table(result, free)
    write_table(result.posterior, out / "posterior.csv")
    write_table(table, out / "posterior_summary.csv")
    report.pairs_plot(result.posterior, free, out / "plots" / "pairs.png", truth)
    rng = np.random.default_rng(np.random.SeedSequence([s.seed, 41]))
    fit = None
    if s.budget.predictive:
        params = draws(result.posterior, s.budget.predictive, rng)
        latent, noisy = predictive(run, params, obs, s.observation, s.seed, n_procs, s.progress)
        fit = fit_check(obs, noisy, s.fit_alpha)
        if fit["warning"]:
            log.warning("cxsim.calibrate: %s", fit["warning"])
        _write_bands(obs, latent, noisy, out / "predictive_bands.csv")
        report.predictive_plot(obs, latent, noisy, out / "plots" / "predictive.png")
    projection = None
    if plan.scenarios:
        params = draws(result.posterior, s.budget.projection, rng)
        sims = {k: Simulator(cfg, ("churn_rate", "nps"), obs.weeks + s.projection.horizon_weeks, {"leader.start_week": obs.weeks})
                for k, cfg in plan.scenarios.items()}
        runs = project(sims, params, s.seed, n_procs, s.progress)
        projection = projection_table(runs, obs.weeks, s.projection.horizon_weeks)
        write_table(projection, out / "projection.csv")
        report.projection_plot(runs, obs, obs.weeks, out / "plots" / "projection.png")
    preset_info = _preset(plan, table, out)
    summary = {
        "data": str(obs.path), "period": obs.period, "periods": len(obs.labels), "first": obs.labels[0], "last": obs.labels[-1],
        "weeks": obs.weeks, "columns": list(obs.columns), "scenario": list(s.scenario), "history": list(s.history),
        "run_in": {"burn_in_weeks": plan.history.burn_in_weeks, "customer_burn_in_weeks": plan.history.customer_burn_in_weeks},
        "population": s.budget.population, "blocks": len(groups), "horizon_weeks": s.projection.horizon_weeks,
        "abc": {"generations": result.generations, "simulations": result.simulations, "temperature": result.temperature,
                "acceptance": result.acceptance, "resumed": result.resumed},
        "posterior": table.to_dict(orient="records"), "fit": fit, "preset": preset_info,
        "projection": None if projection is None else projection.to_dict(orient="records"),
        "truth": truth, "timing": {"abc_s": abc_s, "total_s": time.perf_counter() - t0},
    }
    write_text(out / "report.md", report.markdown(summary, table, fit, projection, preset_info))
    write_json(out / RESULT_FILE, summary)  # last: its presence marks a complete calibration
    return summary


def write_table(df: pd.DataFrame, path: Path) -> Path:
    """A table as CSV, written atomically (:func:`cxsim.outputs.atomic_write`)."""
    return atomic_write(path, lambda tmp: df.to_csv(tmp, index=False))


def _write_bands(obs: Observed, latent: list, noisy: list, path: Path) -> None:
    rows = []
    for col in obs.columns:
        q, ql = bands(noisy, col), bands(latent, col)
        for i, label in enumerate(obs.labels):
            rows.append({"period": label, "column": col, "observed": obs.series[col][i], "q05": q[0, i], "median": q[1, i],
                         "q95": q[2, i], "model_median": ql[1, i]})
    write_table(pd.DataFrame(rows), path)


def _preset(plan: Plan, table: pd.DataFrame, out: Path) -> dict:
    medians = dict(zip(table["parameter"], table["median"]))
    flat = preset.values(plan.company, medians, plan.name)
    content = preset.text(flat, table, str(plan.obs.path), list(plan.settings.scenario), list(plan.settings.history))
    preset.check_composes(content, plan.name, flat, plan.settings.config_dir)
    info = {"name": plan.name, "path": str(preset.write(out / "company" / f"{plan.name}.yaml", content)), "values": flat}
    if plan.settings.install:
        info["installed"] = str(preset.install(content, plan.name, plan.settings.config_dir))
    return info


__all__ = ["Plan", "prepare", "calibrate", "write_table", "RESULT_FILE"]
