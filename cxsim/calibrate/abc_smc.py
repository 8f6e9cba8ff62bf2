"""ABC-SMC with pyabc: the model's noise, the kernel, the sampler, resuming, the posterior.

The comparison (docs/calibration_walkthrough.md, "How the fit works"): each observed series is
reduced to ``blocks`` consecutive block means; a simulated run is accepted with the
probability of an independent normal kernel whose variance per block is the company's
sampling variance (observe.variance, from the answers, the base or the journeys behind each
figure) plus the model's own run-to-run variance at the prior centre (a pilot of
``budget.pilot`` replicates). pyabc's StochasticAcceptor with a Temperature schedule anneals
to temperature 1 in the last generation, where the accepted particles follow the posterior
under that normal kernel (Wilkinson 2013; Schälte & Hasenauer 2020). ABC integrates the
model's own randomness by simulating it, so the company's sampling variance alone would give
the exact posterior; but the model's run-to-run noise (thousands of simulated customers) is far
larger than the company's (hundreds of thousands), and a kernel that narrow accepts almost no
run. Adding the model's variance to the kernel counts it twice: the result is the posterior for
noisier data, wider rather than narrower (by at most √2 in the Gaussian idealisation, where
the model's noise dominates) — conservative by design; the recovery study measures it.

The history is a SQLite database in the output directory: running the same command on the
same directory continues from the last complete generation.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ..config import ConfigError, to_dict
from ..outputs import write_json
from .observe import SERIES, block_means, block_variance, variance
from .prior import pyabc_prior
from .simulate import AbcModel, PeriodRun, processes, run_many

DB_FILE = "abc.db"
SPEC_FILE = "abc_spec.json"


@dataclass
class AbcResult:
    posterior: pd.DataFrame  # one row per particle: the free parameters and "weight"
    generations: int
    simulations: int
    temperature: float  # of the last generation; 1 = the posterior under the kernel
    acceptance: list  # per generation
    resumed: bool


def model_variance(run: PeriodRun, centre: dict, groups, n: int, seed: int, n_procs: int, progress: bool) -> dict:
    """Run-to-run variance of each block mean at ``centre`` (the model's own noise)."""
    seeds = np.random.SeedSequence([seed, 11]).spawn(n)
    runs = run_many(run, [(centre, s) for s in seeds], n_procs, progress, "pilot: the model's own noise")
    stats = [block_means(r, groups) for r in runs]
    return {col: np.var(np.stack([s[col] for s in stats]), axis=0, ddof=1) for col in run.columns}


def kernel_variance(obs, groups, model_var: dict, obs_settings) -> dict:
    """Per block: the company's sampling variance plus the model's own."""
    out = {}
    for col in obs.columns:
        count = obs.counts.get(SERIES[col].count)
        company = block_variance(variance(col, obs.series[col], count, obs_settings), groups)
        out[col] = company + model_var[col]
    return out


def spec_hash(obs, settings, free, base) -> str:
    """What a stored history must match to be continued: the data, the priors, the company,
    the comparison and the population size."""
    spec = {"series": {c: v.tolist() for c, v in obs.series.items()}, "counts": {c: v.tolist() for c, v in obs.counts.items()},
            "starts": obs.starts.tolist(), "free": [asdict(p) for p in free], "config": to_dict(base), "blocks": settings.blocks,
            "observation": asdict(settings.observation), "population": settings.budget.population}
    return hashlib.sha256(json.dumps(spec, sort_keys=True, default=str).encode()).hexdigest()[:16]


def check_history(out_dir: Path, spec: str) -> None:
    """A stored history in ``out_dir`` must be of the same calibration to be continued."""
    db, spec_path = Path(out_dir) / DB_FILE, Path(out_dir) / SPEC_FILE
    if db.exists():
        stored = json.loads(spec_path.read_text()).get("spec") if spec_path.is_file() else None
        if stored != spec:
            raise ConfigError(f"{out_dir} holds a calibration of other data or settings ({DB_FILE}): "
                              "allowed the same data and settings (to continue it) or a new directory")


def make_sampler(sampler_settings, n_procs: int):
    import pyabc

    if sampler_settings.kind == "single":
        return pyabc.sampler.SingleCoreSampler()
    if sampler_settings.kind == "dask":
        from distributed import Client

        return pyabc.sampler.DaskDistributedSampler(dask_client=Client(sampler_settings.address))
    return pyabc.sampler.MulticoreEvalParallelSampler(n_procs=n_procs)


def _track(sampler, bar) -> None:
    """Advance ``bar`` by one generation each time the sampler completes one (t ≥ 0)."""
    sample_until = sampler.sample_until_n_accepted

    def sample_and_track(n, simulate_one, t, **kwargs):
        sample = sample_until(n, simulate_one, t, **kwargs)
        if t >= 0:
            evaluations = max(getattr(sampler, "nr_evaluations_", 0), 1)
            bar.set_postfix_str(f"generation {t}: {evaluations} runs, {sample.n_accepted / evaluations:.0%} accepted")
            bar.update(1)
        return sample

    sampler.sample_until_n_accepted = sample_and_track


def _populations(history) -> pd.DataFrame:
    pops = history.get_all_populations()
    return pops[pops["t"] >= 0].sort_values("t")


def run_abc(settings, free, abc_model: AbcModel, observed: dict, kernel_var: dict, out_dir: Path, spec: str) -> AbcResult:
    """Run (or continue) the ABC-SMC into ``out_dir/abc.db``; return the last generation."""
    import pyabc
    from tqdm.auto import tqdm

    logging.getLogger("ABC").setLevel(logging.WARNING)  # pyabc's loggers are ABC.*: our bar says it
    check_history(out_dir, spec)
    out_dir.mkdir(parents=True, exist_ok=True)
    db = out_dir / DB_FILE
    if not db.exists():
        write_json(out_dir / SPEC_FILE, {"spec": spec})
    np.random.seed(settings.seed)  # pyabc's own draws; its parallel workers reseed themselves
    budget = settings.budget
    cols = list(observed)
    sampler = make_sampler(settings.sampler, processes(settings.sampler.processes))
    abc = pyabc.ABCSMC(abc_model, pyabc_prior(free),
                       pyabc.IndependentNormalKernel(var=np.concatenate([kernel_var[c] for c in cols]), keys=cols),
                       population_size=budget.population, sampler=sampler,
                       eps=pyabc.Temperature(),
                       # a normalisation below the best density found accepts up to 10× more runs;
                       # importance weights correct for it, so the target stays exact (Schälte &
                       # Hasenauer 2020)
                       acceptor=pyabc.StochasticAcceptor(pdf_norm_method=pyabc.acceptor.ScaledPDFNorm()))
    resumed = db.exists()
    url = f"sqlite:///{db}"
    history = abc.load(url, 1) if resumed else abc.new(url, observed)
    done = history.n_populations
    finished = done > 0 and _populations(history)["epsilon"].iloc[-1] <= 1.0
    if done < budget.generations and not finished:
        bar = tqdm(total=budget.generations, initial=done, desc="ABC-SMC generations", unit="gen", disable=not settings.progress)
        _track(sampler, bar)
        try:
            # the total, not what is left: pyabc's Temperature plans its last generation (at
            # temperature 1) at absolute index generations − 1, also when a run is continued
            history = abc.run(max_nr_populations=budget.generations, max_total_nr_simulations=budget.max_simulations)
        finally:
            bar.close()
            if settings.sampler.kind == "dask":
                sampler.client.close()
    pops = _populations(history)
    df, w = history.get_distribution(m=0, t=history.max_t)
    df = df[[p.key for p in free]].reset_index(drop=True)
    df["weight"] = np.asarray(w) / np.sum(w)
    return AbcResult(posterior=df, generations=int(len(pops)), simulations=int(history.total_nr_simulations),
                     temperature=float(pops["epsilon"].iloc[-1]),
                     acceptance=[float(p / s) for p, s in zip(pops["particles"], pops["samples"])], resumed=resumed)


def summary_table(result: AbcResult, free) -> pd.DataFrame:
    """Median and 90% credible interval of each free parameter, with its prior."""
    from pyabc.weighted_statistics import weighted_quantile

    rows = []
    for p in free:
        x, w = result.posterior[p.key].to_numpy(), result.posterior["weight"].to_numpy()
        q05, q50, q95 = (float(weighted_quantile(x, w, alpha=a)) for a in (0.05, 0.5, 0.95))
        rows.append({"parameter": p.key, "median": q50, "q05": q05, "q95": q95, "prior_lo": p.lo, "prior_hi": p.hi,
                     "width_share": (q95 - q05) / (p.hi - p.lo), "prior_source": p.source})
    return pd.DataFrame(rows)


__all__ = ["AbcResult", "model_variance", "kernel_variance", "spec_hash", "check_history", "make_sampler", "run_abc",
           "summary_table", "DB_FILE", "SPEC_FILE"]
