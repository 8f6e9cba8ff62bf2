"""Run a configuration for N replicates and write its outputs. No Hydra in here.

``run(config)`` returns the weekly time series of every replicate (a pandas DataFrame, one
row per week and replicate) and a summary dict; ``write_outputs`` writes them into a
directory atomically (each file is written to a temporary name and renamed, and
``summary.json`` is written last: its presence marks a complete result).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from .config import CXConfig, make_config, to_dict
from .metrics import SUMMARY_METRICS, WINDOW
from .outputs import PLOTS_DIR, SUMMARY_FILE, TIMESERIES_FILE, atomic_write, write_json
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
    """Run ``config`` (anything :func:`~cxsim.config.make_config` accepts) for its replicates."""
    cfg = config if isinstance(config, CXConfig) and not overrides else make_config(config, **overrides)
    n_rep = int(replicates or cfg.replicates)
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


def summarize(ts: pd.DataFrame, cfg: CXConfig | None = None) -> dict:
    """For each summary metric: mean over replicates of its mean over the last WINDOW weeks,
    its 95% interval, and the per-replicate values."""
    last = ts[ts["week"] > ts["week"].max() - WINDOW]
    per_rep = last.groupby("replicate")[list(SUMMARY_METRICS)].mean()
    out: dict = {}
    ci: dict = {}
    for name in SUMMARY_METRICS:
        mean, lo, hi = mean_ci(per_rep[name].to_numpy())
        out[name] = mean
        ci[name] = [lo, hi]
    out["ci95"] = ci
    out["per_replicate"] = {name: per_rep[name].tolist() for name in SUMMARY_METRICS}
    out["replicates"] = int(ts["replicate"].nunique())
    out["weeks"] = int(ts["week"].max())
    out["window_weeks"] = WINDOW
    if cfg is not None:
        out["config"] = to_dict(cfg)
    return out


def write_outputs(result: RunResult, out_dir, plots: bool = True) -> Path:
    """Write timeseries.parquet, plots and, last, summary.json into ``out_dir``."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    atomic_write(out / TIMESERIES_FILE, lambda p: result.timeseries.to_parquet(p, index=False))
    if plots:
        from .plots import plot_run

        plot_run(result.timeseries, out / PLOTS_DIR, start_week=result.config.leader.start_week if result.config.leader.enabled else None)
    write_json(out / SUMMARY_FILE, result.summary)
    return out


def is_complete(out_dir) -> bool:
    return (Path(out_dir) / SUMMARY_FILE).is_file() and (Path(out_dir) / TIMESERIES_FILE).is_file()
