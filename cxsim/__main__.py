"""Command line: ``python -m cxsim [group=option ...] [key=value ...] [--multirun ...]``.

A thin Hydra entry point (lightning-hydra-template style): it checks the command line,
lets Hydra compose the config, and calls :func:`run_job`, a plain function tests can call.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import hydra
from hydra.core.config_store import ConfigStore
from hydra.core.hydra_config import HydraConfig
from omegaconf import DictConfig, OmegaConf

from .cli_checks import preflight
from .config import ConfigError, RunConfig, make_config
from .runner import run, write_outputs

ConfigStore.instance().store(name="cxsim_schema", node=RunConfig)


def run_job(cfg: DictConfig, out_dir: Path) -> dict:
    """Run one job's replicates and write its outputs into ``out_dir``; returns the summary."""
    for noisy in ("MESA", "matplotlib"):  # Hydra sets the root logger to INFO; Mesa logs every step
        logging.getLogger(noisy).setLevel(logging.WARNING)
    config = make_config(cfg)
    output = cfg.get("output", {}) or {}
    result = run(config, progress=bool(output.get("progress", True)))
    write_outputs(result, out_dir, plots=bool(output.get("plots", True)))
    return result.summary


@hydra.main(version_base="1.3", config_path="../configs", config_name="config")
def _hydra_main(cfg: DictConfig) -> float:
    out_dir = Path(HydraConfig.get().runtime.output_dir)
    summary = run_job(cfg, out_dir)
    print(f"cxsim: NPS over the last {summary['window_weeks']} weeks = {summary['nps']:.1f} "
          f"(mean of {summary['replicates']} replicate(s)); outputs in {out_dir}")
    return float(summary["nps"])


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    try:
        preflight(args)
    except ConfigError as err:
        print(f"cxsim: error: {err}", file=sys.stderr)
        raise SystemExit(2) from None
    if argv is not None:
        sys.argv = [sys.argv[0], *argv]
    _hydra_main()


if __name__ == "__main__":
    main()
