"""Run a configuration for N replicates, write its outputs, and check outputs written earlier.
No Hydra in here.

``run(config)`` returns the weekly time series of every replicate (a pandas DataFrame, one
row per week and replicate) and a summary dict; ``write_outputs`` writes them into a
directory atomically (each file is written to a temporary name and renamed), ``summary.json``
last, with the row count, the columns and the SHA-256 of the time series it summarises;
``verify_outputs`` checks a directory against that record: a result is complete only when it
verifies (a resumed sweep re-runs anything else, the report lists it).
"""

from __future__ import annotations

import json
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from .config import CXConfig, make_config, to_dict, validate
from .contradictions import ConfigWarning, contradictions
from .metrics import BY_NAME, SUMMARY_METRICS, WINDOW
from .outputs import PLOTS_DIR, SUMMARY_FILE, TIMESERIES_FILE, atomic_write, file_sha256, write_json
from .stats import mean_ci


@dataclass
class RunResult:
    config: CXConfig
    timeseries: pd.DataFrame
    summary: dict


def replicate_seeds(seed: int, replicates: int) -> list[np.random.SeedSequence]:
    """Child seeds of one root SeedSequence: replicate r always gets the same stream."""
    return np.random.SeedSequence(int(seed)).spawn(int(replicates))


def run_replicate(cfg: CXConfig, seed_seq: np.random.SeedSequence, replicate: int = 0, progress=None) -> pd.DataFrame:
    from .model import CXModel

    model = CXModel(cfg, rng=np.random.default_rng(seed_seq))
    for _ in range(cfg.steps):
        model.step()
        if progress is not None:
            progress.update(1)
    df = model.datacollector.get_model_vars_dataframe().reset_index(drop=True)
    df.insert(0, "replicate", replicate)
    return df


def run(config=None, *, replicates: int | None = None, progress: bool = False, **overrides) -> RunResult:
    """Run ``config`` (anything :func:`~cxsim.config.make_config` accepts) for its replicates.

    ``replicates`` (when given) replaces ``config.replicates`` and is validated like it: a
    whole number in the schema's range, else :class:`~cxsim.config.ConfigError`. Settings
    that cannot act in this run (:func:`~cxsim.contradictions.contradictions`) are warned
    about (:class:`~cxsim.contradictions.ConfigWarning`)."""
    cfg = validate(config) if isinstance(config, CXConfig) and not overrides else make_config(config, **overrides)
    if replicates is not None:
        cfg = make_config(cfg, replicates=replicates)
    for text in contradictions(cfg):
        warnings.warn(text, ConfigWarning, stacklevel=2)
    n_rep = cfg.replicates
    bar = None
    if progress:
        from tqdm.auto import tqdm

        bar = tqdm(total=n_rep * cfg.steps, desc=f"{n_rep} replicate(s) × {cfg.steps} weeks", unit="week", leave=False)
    try:
        frames = [run_replicate(cfg, ss, r, bar) for r, ss in enumerate(replicate_seeds(cfg.seed, n_rep))]
    finally:
        if bar is not None:
            bar.close()
    ts = pd.concat(frames, ignore_index=True)
    ts["week"] = ts["week"].astype(int)
    return RunResult(config=cfg, timeseries=ts, summary=summarize(ts, cfg))


def per_replicate(ts: pd.DataFrame) -> pd.DataFrame:
    """One row per replicate, one column per summary metric: its mean over the last WINDOW
    weeks, or for a total to date (``Metric.at_end``) its value at the last week."""
    last = ts[ts["week"] > ts["week"].max() - WINDOW]
    per_rep = last.groupby("replicate")[list(SUMMARY_METRICS)].mean()
    end = [name for name in SUMMARY_METRICS if BY_NAME[name].at_end]
    final = ts[ts["week"] == ts["week"].max()].set_index("replicate")[end]
    per_rep[end] = final.loc[per_rep.index]
    return per_rep


def payback_week(net_benefit: np.ndarray, weeks: np.ndarray, cost: np.ndarray) -> float | None:
    """The week from which a run's cumulative net benefit stays ≥ 0 to its horizon, once the
    programme has cost something (None: not paid back within the horizon)."""
    ok = (net_benefit >= 0) & (cost > 0)
    if ok.size == 0 or not ok[-1]:
        return None
    last_bad = np.flatnonzero(~ok)
    return float(weeks[last_bad[-1] + 1]) if last_bad.size else float(weeks[0])


def payback_weeks(ts: pd.DataFrame) -> list:
    """Per replicate, the week from which the programme's net benefit stays ≥ 0 (None: not
    paid back within the horizon, or not measured)."""
    out = []
    for _, rep in ts.sort_values(["replicate", "week"]).groupby("replicate"):
        out.append(payback_week(rep["net_benefit"].to_numpy(), rep["week"].to_numpy(), rep["programme_cost_total"].to_numpy()))
    return out


def summarize(ts: pd.DataFrame, cfg: CXConfig | None = None) -> dict:
    """For each summary metric: mean over replicates of its mean over the last WINDOW weeks (a
    total to date: its last value), its 95% interval, and the per-replicate values; and the
    replicates' payback weeks."""
    per_rep = per_replicate(ts)
    out: dict = {}
    ci: dict = {}
    for name in SUMMARY_METRICS:
        mean, lo, hi = mean_ci(per_rep[name].to_numpy())
        out[name] = mean
        ci[name] = [lo, hi] if len(per_rep) > 1 else None  # one replicate: no interval
    out["ci95"] = ci
    out["per_replicate"] = {name: per_rep[name].tolist() for name in SUMMARY_METRICS}
    weeks = payback_weeks(ts)
    median = float(np.median([w if w is not None else np.inf for w in weeks])) if weeks else np.inf
    # the median over replicates, None when half or more of them did not pay back in the horizon
    out["payback_week"] = {"per_replicate": weeks, "median": median if np.isfinite(median) else None}
    out["replicates"] = int(ts["replicate"].nunique())
    out["weeks"] = int(ts["week"].max())
    out["window_weeks"] = WINDOW
    if cfg is not None:
        out["config"] = to_dict(cfg)
    return out


def write_outputs(result: RunResult, out_dir, plots: bool = True) -> Path:
    """Write timeseries.parquet, plots and, last, summary.json into ``out_dir``.

    ``summary.json`` records what the time series file holds (rows, columns, SHA-256), so a
    later reader can tell a complete result from a damaged one (:func:`verify_outputs`)."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    ts = result.timeseries
    atomic_write(out / TIMESERIES_FILE, lambda p: ts.to_parquet(p, index=False))
    record = {"rows": int(len(ts)), "columns": [str(c) for c in ts.columns], "sha256": file_sha256(out / TIMESERIES_FILE)}
    if plots:
        from .plots import plot_run

        plot_run(ts, out / PLOTS_DIR, start_week=result.config.leader.start_week if result.config.leader.enabled else None)
    write_json(out / SUMMARY_FILE, {**result.summary, "timeseries": record})
    return out


def _first_line(err: BaseException) -> str:
    text = str(err).strip().splitlines()
    return text[0] if text else type(err).__name__


def verify_outputs(out_dir, config_hash: str | None = None) -> str | None:
    """None when ``out_dir`` holds a complete result (of the config with ``config_hash``, when
    given); else one line naming the file and what is wrong with it."""
    import pyarrow.parquet as pq

    out = Path(out_dir)
    summary_path, ts_path = out / SUMMARY_FILE, out / TIMESERIES_FILE
    if not summary_path.is_file():
        return f"{SUMMARY_FILE}: missing" + (f" ({TIMESERIES_FILE} without its summary)" if ts_path.exists() else "")
    try:
        summary = json.loads(summary_path.read_text())
    except (OSError, ValueError) as err:
        return f"{SUMMARY_FILE}: not readable JSON ({_first_line(err)})"
    record = summary.get("timeseries") if isinstance(summary, dict) else None
    if not isinstance(record, dict) or not {"rows", "columns", "sha256"} <= set(record):
        return f"{SUMMARY_FILE}: no record of the rows, columns and checksum of {TIMESERIES_FILE}"
    if config_hash is not None and summary.get("config_hash") != config_hash:
        return f"{SUMMARY_FILE}: results of another configuration (config hash {summary.get('config_hash')}, this job {config_hash})"
    if not ts_path.is_file():
        return f"{TIMESERIES_FILE}: missing"
    try:
        table = pq.read_table(ts_path)
    except Exception as err:  # pyarrow raises several types for a damaged file
        return f"{TIMESERIES_FILE}: not a readable Parquet file ({_first_line(err).replace(str(ts_path), TIMESERIES_FILE)})"
    if table.num_rows != record["rows"] or table.column_names != record["columns"]:
        return (f"{TIMESERIES_FILE}: {table.num_rows} rows and {table.num_columns} columns, {SUMMARY_FILE} "
                f"records {record['rows']} rows and {len(record['columns'])} columns")
    if file_sha256(ts_path) != record["sha256"]:
        return f"{TIMESERIES_FILE}: its checksum differs from the one in {SUMMARY_FILE} (the file changed after it was written)"
    expected = summary.get("replicates", 0) * (summary.get("weeks", -1) + 1)
    if record["rows"] != expected or not set(SUMMARY_METRICS) <= set(record["columns"]):
        return (f"{SUMMARY_FILE}: does not describe {TIMESERIES_FILE} ({summary.get('replicates')} replicates × "
                f"{summary.get('weeks')} weeks, metrics {', '.join(sorted(set(SUMMARY_METRICS) - set(record['columns']))) or 'all there'})")
    return None
