"""Evaluate one design point: every scenario × R paired replicates of the model → outcomes.

An *evaluator* is any picklable callable ``evaluator(point, seeds) -> {outcome: values}``
taking a design point (``{factor: value}``) and one ``SeedSequence`` per replicate, and
returning one value per replicate for each outcome. :class:`ModelEvaluator` is the one for
cxsim; the tests pass SALib's Ishigami function through the same execution and analysis.

How a point becomes a config: each scenario was composed once with Hydra
(:func:`cxsim.cli.scenarios.compose`, base overrides + the scenario's); the point's values are
applied on top, except to the keys the scenario sets itself (a contrast between
``company.silo=0.97`` and ``company.silo=0.5`` keeps its two silo values while everything else
varies). Integer parameters are rounded. The model is stepped to the last week any outcome
of that scenario reads, and ``model.metrics`` is read at the weeks needed (nothing else is
kept). Replicate r of every scenario uses the same child seed: common random numbers.
"""

from __future__ import annotations

import time
from collections.abc import Mapping

import numpy as np

from ..config import make_config
from .outcomes import Outcome, Recording, outcome_values, recordings
from .space import Factor


def simulate(cfg, seed_seq: np.random.SeedSequence, rec: Recording) -> np.ndarray:
    """One replicate: (len(rec.weeks), len(rec.metrics)) metric values at the recorded weeks."""
    from ..model import CXModel

    model = CXModel(cfg, rng=np.random.default_rng(seed_seq))
    out = np.empty((len(rec.weeks), len(rec.metrics)))
    row = 0
    for week in range(rec.horizon + 1):
        if week:
            model.step()
        if row < len(rec.weeks) and rec.weeks[row] == week:
            out[row] = [model.metrics[m] for m in rec.metrics]
            row += 1
    return out


class ModelEvaluator:
    """cxsim as the model of an exploration (picklable: plain dicts and frozen dataclasses)."""

    def __init__(self, scenarios: Mapping[str, dict], fixed: Mapping[str, frozenset], outcomes: list[Outcome],
                 factors: list[Factor]):
        self.scenarios = dict(scenarios)  # name -> nested config dict (composed, validated)
        self.fixed = {k: frozenset(v) for k, v in fixed.items()}
        self.outcomes = list(outcomes)
        self.integer = {f.name for f in factors if f.integer}
        self.recordings = recordings(self.outcomes)
        self.sim_seconds = 0.0  # time inside the model in the last call (construction + steps)

    def configs(self, point: Mapping[str, float]) -> dict:
        """The validated config of every scenario at ``point`` (raises ConfigError if invalid)."""
        values = {k: (int(round(v)) if k in self.integer else float(v)) for k, v in point.items()}
        out = {}
        for name, rec in self.recordings.items():
            applied = {k: v for k, v in values.items() if k not in self.fixed[name]}
            applied["steps"] = rec.horizon
            out[name] = make_config(self.scenarios[name], overrides=applied)
        return out

    def __call__(self, point: Mapping[str, float], seeds: list[np.random.SeedSequence]) -> dict[str, np.ndarray]:
        configs = self.configs(point)
        data = {}
        started = time.perf_counter()
        for name, rec in self.recordings.items():
            data[name] = np.stack([simulate(configs[name], ss, rec) for ss in seeds])
        self.sim_seconds = time.perf_counter() - started
        return {o.name: outcome_values(o, self.recordings, data) for o in self.outcomes}


__all__ = ["ModelEvaluator", "simulate"]
