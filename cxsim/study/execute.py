"""Run a study: one task per (company preset, replicate), every scenario inside it.

All the scenarios of a task share the replicate's seed and therefore the run-in, cached in the
process (:mod:`cxsim.model.runin`): common random numbers, and the 2–3 s run-in paid once per
(company, seed) instead of once per scenario. Replicate r uses child r of
``SeedSequence(study.seed)`` (:func:`cxsim.runner.replicate_seeds`), the seed replicate r of
``python -m cxsim seed=<seed>`` gets, so any cell of a study can be re-run alone.

Each task's results (a long table: company, replicate, scenario, kind, name, week, value) are
written at once to ``<out>/chunks/<preset>__rNNN.parquet`` (temporary name, then renamed).
``<out>`` is ``outputs/studies/<name>/<fingerprint>``: the fingerprint covers every composed
config, outcome, series, seed and horizon, so a changed definition never mixes with old
results, and the same command after an interruption skips the tasks already on disk (adding
replicates only runs the new ones). A task that raises is reported and the others go on.
"""

from __future__ import annotations

import hashlib
import json
import time
from pathlib import Path

import numpy as np
import pandas as pd

from ..config import make_config
from ..explore.evaluate import simulate
from ..explore.outcomes import Recording, measure_values
from ..runner import replicate_seeds
from .definition import Company, Study

OUT_ROOT = Path("outputs") / "studies"
TIMING_FILE = "timing.json"
COLUMNS = ["company", "replicate", "scenario", "kind", "name", "week", "value"]


def recording(study: Study, scenarios) -> Recording:
    """The weeks and metrics a study reads (every week of the horizon when it keeps series)."""
    weeks, metrics = set(), set(study.series)
    for name in study.outcomes:
        m = study.outcome(name, next(iter(scenarios))).measure
        weeks.update(range(m.first, m.last + 1))
        metrics.update(m.metrics)
    if study.series:
        weeks.update(range(study.weeks + 1))
    return Recording(tuple(sorted(weeks)), tuple(sorted(metrics)))


def fingerprint(study: Study, configs: dict) -> str:
    key = {"configs": configs, "outcomes": study.outcomes, "series": study.series, "seed": study.seed,
           "weeks": study.weeks}
    return hashlib.sha256(json.dumps(key, sort_keys=True, default=str).encode()).hexdigest()[:12]


def run_task(study: Study, company: Company, configs: dict, replicate: int) -> pd.DataFrame:
    """Every scenario of ``company`` on replicate ``replicate``'s seed: outcomes and series."""
    seed_seq = replicate_seeds(study.seed, replicate + 1)[replicate]
    rec = recording(study, configs)
    rows = []
    for scenario, cfg in configs.items():
        data = simulate(make_config(cfg, overrides={"steps": study.weeks}), seed_seq, rec)
        for name in study.outcomes:
            value = measure_values(study.outcome(name, scenario).measure, rec, data[None])[0]
            rows.append((company.preset, replicate, scenario, "outcome", name, -1, float(value)))
        for metric in study.series:
            k = rec.metrics.index(metric)
            rows.extend((company.preset, replicate, scenario, "series", metric, w, float(data[i, k]))
                        for i, w in enumerate(rec.weeks) if w <= study.weeks)
    return pd.DataFrame(rows, columns=COLUMNS)


def chunk_path(out: Path, company: Company, replicate: int) -> Path:
    return out / "chunks" / f"{company.preset}__r{replicate:03d}.parquet"


def _write(path: Path, frame: pd.DataFrame) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    frame.to_parquet(tmp, index=False)
    tmp.replace(path)


def run_study(study: Study, configs: dict, out_root: Path = OUT_ROOT, n_jobs: int = -1,
              progress: bool = True) -> tuple[pd.DataFrame, list[str], dict]:
    """Run the tasks not yet on disk; return (results table, errors, timing)."""
    from joblib import Parallel, delayed

    out = Path(out_root) / study.name / fingerprint(study, configs)
    tasks = [(c, r) for c in study.companies for r in range(c.replicates)]
    todo = [(c, r) for c, r in tasks if not chunk_path(out, c, r).is_file()]
    errors: list[str] = []
    started = time.perf_counter()

    def task(c: Company, r: int):
        try:
            t0 = time.perf_counter()
            return c, r, run_task(study, c, configs[c.preset], r), time.perf_counter() - t0, None
        except Exception as err:  # a failed task is reported; the others go on
            return c, r, None, 0.0, " ".join(f"{type(err).__name__}: {err}".split())

    bar = None
    if progress and todo:
        from tqdm.auto import tqdm

        bar = tqdm(total=len(todo), desc=f"study {study.name}", unit="task")
    task_seconds = 0.0
    results = Parallel(n_jobs=min(n_jobs if n_jobs > 0 else len(todo), max(1, len(todo))) if todo else 1,
                       return_as="generator_unordered")(delayed(task)(c, r) for c, r in todo)
    for c, r, frame, seconds, err in results:
        if err is not None:
            errors.append(f"{c.preset} replicate {r}: {err}")
        else:
            _write(chunk_path(out, c, r), frame)
            task_seconds += seconds
        if bar is not None:
            bar.update(1)
    if bar is not None:
        bar.close()
    frames = [pd.read_parquet(chunk_path(out, c, r)) for c, r in tasks if chunk_path(out, c, r).is_file()]
    table = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=COLUMNS)
    timing = {"ran": len(todo) - len(errors), "resumed": len(tasks) - len(todo), "wall_seconds": time.perf_counter() - started,
              "task_seconds": task_seconds, "out_dir": str(out)}
    return table, errors, accumulate(out / TIMING_FILE, timing)


def accumulate(path: Path, timing: dict) -> dict:
    """Add this run's wall and task seconds to the ones of the runs before it (a resumed study
    reports what computing it took, not what reading it back took)."""
    before = json.loads(path.read_text()) if path.is_file() else {}
    timing["computed_wall_seconds"] = before.get("computed_wall_seconds", 0.0) + (timing["wall_seconds"] if timing["ran"] else 0.0)
    timing["computed_task_seconds"] = before.get("computed_task_seconds", 0.0) + timing["task_seconds"]
    if timing["ran"]:
        from .report import commit

        timing["computed_at"] = commit()
    else:
        timing["computed_at"] = before.get("computed_at", "")
    if path.parent.is_dir():
        path.write_text(json.dumps(timing, indent=2))
    return timing


def values(table: pd.DataFrame, company: str, scenario: str, outcome: str) -> np.ndarray:
    """The outcome's value per replicate (ordered by replicate) in one (company, scenario)."""
    rows = table[(table["company"] == company) & (table["scenario"] == scenario) & (table["kind"] == "outcome")
                 & (table["name"] == outcome)].sort_values("replicate")
    return rows["value"].to_numpy(float)


__all__ = ["run_study", "run_task", "recording", "fingerprint", "values", "OUT_ROOT", "COLUMNS"]
