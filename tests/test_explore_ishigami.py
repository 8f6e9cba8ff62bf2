"""The exploration pipeline on a function whose indices are known analytically (SALib's Ishigami).

The Ishigami function goes through the same code as the model does: the design is sampled by
:func:`cxsim.explore.design.sample`, evaluated chunk by chunk by
:func:`cxsim.explore.execute.run_design` (with its per-point seeds, chunk files and result table)
and analysed by :mod:`cxsim.explore.analyse`. Analytic values (a = 7, b = 0.1): S1 = .314,
.442, 0 and ST = .558, .442, .244 (Ishigami & Homma 1990; SALib's documentation).
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from SALib.test_functions import Ishigami

from cxsim.explore.analyse import morris, noise_share, sobol
from cxsim.explore.design import DesignSpec, sample
from cxsim.explore.execute import Execution, run_design
from cxsim.explore.space import Factor

FACTORS = [Factor(f"x{i}", -math.pi, math.pi, "Ishigami's domain") for i in (1, 2, 3)]
S1 = (0.314, 0.442, 0.0)
ST = (0.558, 0.442, 0.244)


def ishigami(point, seeds):
    """An evaluator: the Ishigami function at the point, the same value for every replicate."""
    x = np.array([[point["x1"], point["x2"], point["x3"]]])
    return {"y": np.repeat(Ishigami.evaluate(x), len(seeds))}


def noisy_ishigami(point, seeds):
    """Ishigami plus replicate noise drawn from the replicate's seed (sd 1)."""
    clean = ishigami(point, seeds)["y"]
    return {"y": clean + np.array([np.random.default_rng(s).normal() for s in seeds])}


@pytest.fixture(scope="module")
def sobol_run(tmp_path_factory):
    design = sample(DesignSpec("sobol", 1024, seed=1), FACTORS)
    out = tmp_path_factory.mktemp("ishigami")
    table, stats = run_design(ishigami, design, ["y"], out, seed=0, replicates=1,
                              ex=Execution(chunk_size=512, n_jobs=1, progress=False))
    return design, table, stats


def test_sobol_recovers_the_analytic_indices_through_the_pipeline(sobol_run):
    design, table, stats = sobol_run
    assert len(table) == len(design) == 1024 * (3 + 2) and table["error"].isna().all()
    assert stats.chunks_run == math.ceil(len(design) / 512)
    idx = sobol(FACTORS, table, "y", resamples=500, seed=1).set_index("factor")
    for name, s1, st in zip(["x1", "x2", "x3"], S1, ST):
        assert abs(idx.loc[name, "S1"] - s1) <= 0.05, (name, idx.loc[name, "S1"], s1)
        assert abs(idx.loc[name, "ST"] - st) <= 0.05, (name, idx.loc[name, "ST"], st)
        assert 0 < idx.loc[name, "ST_conf"] < 0.1


def test_morris_gives_an_inert_factor_no_effect(tmp_path):
    """A fourth factor the function ignores gets μ* = 0; x1 (the largest total effect) ranks first."""
    factors = FACTORS + [Factor("x4", 0.0, 1.0, "inert")]
    design = sample(DesignSpec("morris", 30, seed=3), factors)
    table, _ = run_design(ishigami, design, ["y"], tmp_path, seed=0, replicates=1,
                          ex=Execution(chunk_size=64, n_jobs=1, progress=False))
    idx = morris(factors, table, "y", resamples=200).set_index("factor")
    assert idx.loc["x4", "mu_star"] == 0.0
    assert idx["mu_star"].idxmax() == "x1" and idx.loc["x3", "mu_star"] > 0


def test_noise_share_sees_replicate_noise(tmp_path):
    """With replicate noise of sd 1 and R = 4, the noise share is (1/4) / Var(means) ≈ 0.25 / 14."""
    design = sample(DesignSpec("lhs", 200, seed=2), FACTORS)
    clean, _ = run_design(ishigami, design, ["y"], tmp_path / "clean", seed=0, replicates=4,
                          ex=Execution(chunk_size=100, n_jobs=1, progress=False))
    noisy, _ = run_design(noisy_ishigami, design, ["y"], tmp_path / "noisy", seed=0, replicates=4,
                          ex=Execution(chunk_size=100, n_jobs=1, progress=False))
    assert noise_share(clean, "y") == 0.0
    expected = 0.25 / np.var(noisy["y"], ddof=1)
    assert 0.6 * expected < noise_share(noisy, "y") < 1.5 * expected
