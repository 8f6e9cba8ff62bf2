"""What the calibration's shorter run-in changes (docs/calibration_walkthrough.md §9).

``python -m cxsim.calibrate.runin_effect data=<file.csv> [calibration settings ...]`` runs
``budget.pilot`` replicates at the prior's centre twice, with the calibration's run-in
(``run_in``) and with the company's own, and prints the shift of each compared block mean in
standard deviations of the company's own runs, with the wall time of each set. A shift well
below one (its standard error is about √(2/pilot)) means the shorter run-in starts the
simulated companies where the full one would.
"""

from __future__ import annotations

import sys
import time
from dataclasses import replace

import numpy as np

from ..config import ConfigError
from .calibration import prepare
from .cli import compose_settings, quiet, refuse
from .observe import block_means, blocks
from .settings import RunIn
from .simulate import PeriodRun, for_columns, processes, run_many


def shifts(settings) -> dict:
    """Per column: the block means' shift (calibration's run-in minus the company's own) in sd
    of the company's own runs, and the wall time of each set of runs."""
    plan = prepare(settings)
    s, obs = plan.settings, plan.obs
    own = prepare(replace(s, run_in=RunIn())).history  # null, null: the company's own run-in
    groups = blocks(len(obs.labels), s.blocks)
    centre = {p.key: p.centre for p in plan.free}
    seeds = np.random.SeedSequence([s.seed, 23]).spawn(s.budget.pilot)
    out, stats = {"wall_s": {}}, {}
    for label, cfg in (("own", own), ("calibration", plan.history)):
        run = PeriodRun(for_columns(cfg, obs.columns, obs.weeks), obs.starts, obs.ends, obs.columns)
        t0 = time.perf_counter()
        runs = run_many(run, [(centre, seed) for seed in seeds], processes(s.sampler.processes), s.progress, f"run-in: {label}")
        out["wall_s"][label] = time.perf_counter() - t0
        means = [block_means(r, groups) for r in runs]
        stats[label] = {c: np.stack([m[c] for m in means]) for c in obs.columns}
    for c in obs.columns:
        sd = stats["own"][c].std(axis=0, ddof=1)
        out[c] = ((stats["calibration"][c].mean(axis=0) - stats["own"][c].mean(axis=0)) / sd).tolist()
    out["run_in"] = {"own": [own.burn_in_weeks, own.customer_burn_in_weeks],
                     "calibration": [plan.history.burn_in_weeks, plan.history.customer_burn_in_weeks]}
    return out


def main(argv=None) -> None:
    quiet()
    try:
        result = shifts(compose_settings(sys.argv[1:] if argv is None else list(argv)))
    except ConfigError as err:
        refuse("cxsim.calibrate.runin_effect", err)
    print(f"cxsim.calibrate.runin_effect: run-in {result['run_in']['calibration']} vs the company's own {result['run_in']['own']} "
          f"(weeks, of which with customers); wall {result['wall_s']['calibration']:.0f} s vs {result['wall_s']['own']:.0f} s")
    for col, shift in result.items():
        if col not in ("wall_s", "run_in"):
            print(f"  {col}: block-mean shift {', '.join(f'{v:+.2f}' for v in shift)} sd")


if __name__ == "__main__":
    main()


__all__ = ["shifts", "main"]
