"""cxsim speed and scale benchmarks (``make bench``): prints a table and writes
``benchmarks/results.md`` and ``benchmarks/results.json``.

    python benchmarks/run_all.py                 # full suite (a few minutes on 2 cores)
    python benchmarks/run_all.py --quick         # smoke version: same rows, small sizes (~1 min)
    python benchmarks/run_all.py --out DIR       # write results.md / results.json into DIR

Rows (DESIGN §5, issue 6):

* default run (5,000 customers, 400 employees, 156 weeks): model construction, weekly steps,
  time series + summary, output writing (with and without the PNG overview), and the share
  of the weekly steps spent computing metrics and collecting them (Mesa DataCollector);
* customer-steps per second of the full model at 10k, 100k and 1M customers, of the journey
  kernel alone (fixed weekly inputs) at the same sizes, and of the plain per-agent Mesa
  reference (``benchmarks/reference_agents.py``) at 10k and 100k, with the ratios, all
  measured in this process run (the 1M model runs in a subprocess, once, for its memory);
* least-squares fits of run time against customers, weeks and employees (linear?);
* peak memory (the process's VmHWM) and wall time of 1,000,000 customers × 156 weeks;
* sweep throughput: 100 default runs as 10 jobs × 10 replicates through
  ``python -m cxsim --multirun`` (joblib launcher), runs per minute and the share of the wall
  time not spent inside jobs (Hydra, launcher, worker start-up, the end-of-sweep report);
* the workshop page in headless Chromium (``benchmarks/browser.py``): a Step click until every
  picture is redrawn, at 1280×720 and 1920×1080; a 52-week Play and a full run;
* the participatory workshop under load (``benchmarks/workshop_load.py``): 30 simulated
  participants (HTTP on 127.0.0.1) for 8 rounds while the facilitator's console runs in Chromium.

Timings are wall-clock (``time.perf_counter``), medians or minima of repeats as stated; the
machine may be shared, so the load average before and after is recorded with the results.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

import numpy as np  # noqa: E402

import browser  # noqa: E402  (benchmarks/browser.py: the page in headless Chromium)
import workshop_load  # noqa: E402  (benchmarks/workshop_load.py: participants on the workshop server)

GiB = 1024**3


# ------------------------------------------------------------------------------------------ utils
def now() -> float:
    return time.perf_counter()


def fit_line(x, y) -> dict:
    """Least squares y = a + b x, with R², the largest relative residual, and the elasticity
    b·x/y at the largest x (the share of the cost there that grows with x)."""
    x, y = np.asarray(x, float), np.asarray(y, float)
    b, a = np.polyfit(x, y, 1)
    pred = a + b * x
    ss_res = float(np.sum((y - pred) ** 2))
    ss_tot = float(np.sum((y - y.mean()) ** 2)) or 1e-300
    top = int(np.argmax(x))
    return {"intercept": float(a), "slope": float(b), "r2": 1.0 - ss_res / ss_tot,
            "max_rel_residual": float(np.max(np.abs(y - pred) / y)), "elasticity_at_max": float(b * x[top] / y[top]),
            "x": x.tolist(), "y": y.tolist()}


def machine() -> dict:
    import mesa
    import pandas

    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        cpu = platform.processor() or "unknown"
    mem = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem = int(line.split()[1]) * 1024
    except OSError:
        pass
    return {"nproc": os.cpu_count(), "cpu": cpu, "ram_gib": round(mem / GiB, 1) if mem else None,
            "python": platform.python_version(), "numpy": np.__version__, "mesa": mesa.__version__,
            "pandas": pandas.__version__, "platform": platform.platform(),
            "load_before": os.getloadavg()}


def make_cfg(n: int = 5000, weeks: int = 156, employees: int | None = None):
    from cxsim.config import make_config

    data = {"customers": {"n": int(n)}, "steps": int(weeks)}
    if employees is not None:
        data["company"] = {"employees": int(employees)}
    return make_config(data)


# ------------------------------------------------------------------------------------------ pieces
def time_model(n: int, weeks: int, employees: int | None = None, seed: int = 0, checkpoints=(), keep: bool = False) -> dict:
    """Build a CXModel and step it; times of construction and steps (and at checkpoints)."""
    from cxsim.model import CXModel

    cfg = make_cfg(n, weeks, employees)
    t0 = now()
    model = CXModel(cfg, seed=seed)
    t1, c1 = now(), time.process_time()
    marks = {}
    for week in range(1, weeks + 1):
        model.step()
        if week in checkpoints:
            marks[week] = now() - t1
    t2, c2 = now(), time.process_time()
    out = {"build_s": t1 - t0, "steps_s": t2 - t1, "per_week_s": (t2 - t1) / weeks, "marks": marks,
           "customer_steps_per_s": n * weeks / (t2 - t1), "steps_cpu": c2 - c1, "customer_steps_per_cpu_s": n * weeks / (c2 - c1)}
    if keep:
        out["model"] = model
    return out


def default_run(repeats: int) -> dict:
    """The default run split into its pieces, median over ``repeats`` runs (seeds 0, 1, …)."""
    import cxsim.model.model as cm
    from cxsim.config import make_config
    from cxsim.model import CXModel
    from cxsim.runner import RunResult, summarize, write_outputs

    cfg = make_config(None)
    parts = {k: [] for k in ("build", "steps", "steps_cpu", "metrics", "collect", "frame", "write_noplots", "write_plots")}
    tmp = Path(tempfile.mkdtemp(prefix="cxsim-bench-"))
    try:
        for r in range(repeats):
            t0 = now()
            model = CXModel(cfg, rng=np.random.default_rng(np.random.SeedSequence(r)))
            t1, c1 = now(), time.process_time()
            spent = {"metrics": 0.0, "collect": 0.0}
            compute, collect = cm.compute, model.datacollector.collect

            def timed_compute(m, counts, _f=compute):
                s = now()
                out = _f(m, counts)
                spent["metrics"] += now() - s
                return out

            def timed_collect(m, _f=collect):
                s = now()
                _f(m)
                spent["collect"] += now() - s

            cm.compute, model.datacollector.collect = timed_compute, timed_collect
            try:
                for _ in range(cfg.steps):
                    model.step()
            finally:
                cm.compute = compute
            t2 = now()
            parts["steps_cpu"].append(time.process_time() - c1)
            df = model.datacollector.get_model_vars_dataframe().reset_index(drop=True)
            df.insert(0, "replicate", 0)
            df["week"] = df["week"].astype(int)
            result = RunResult(config=cfg, timeseries=df, summary=summarize(df, cfg))
            t3 = now()
            write_outputs(result, tmp / f"np{r}", plots=False)
            t4 = now()
            write_outputs(result, tmp / f"p{r}", plots=True)
            t5 = now()
            for k, v in (("build", t1 - t0), ("steps", t2 - t1), ("metrics", spent["metrics"]), ("collect", spent["collect"]),
                         ("frame", t3 - t2), ("write_noplots", t4 - t3), ("write_plots", t5 - t4)):
                parts[k].append(v)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    med = {k: statistics.median(v[1:] if len(v) > 2 else v) for k, v in parts.items()}  # first run warms caches
    med["employees"] = cfg.company.employees
    med["customers"] = cfg.customers.n
    med["weeks"] = cfg.steps
    return med


def kernel_rate(n: int, weeks: int) -> dict:
    """The journey kernel alone, fed fixed WeekInputs (as the reference is)."""
    from reference_agents import default_inputs

    from cxsim.config import CustomerConfig
    from cxsim.kernels.journey import init_customers, journey_step

    p = CustomerConfig(n=n)
    w = default_inputs(p)
    rng = np.random.default_rng(1)
    c = init_customers(p, rng, float(np.mean(w.quality)))
    journey_step(c, w, p, rng)  # allocate the work buffers
    t0 = now()
    for _ in range(weeks):
        journey_step(c, w, p, rng)
    dt = now() - t0
    return {"n": n, "weeks": weeks, "steps_s": dt, "customer_steps_per_s": n * weeks / dt}


def reference_rate(n: int, weeks: int) -> dict:
    from reference_agents import ReferenceJourney, default_inputs

    from cxsim.config import CustomerConfig

    p = CustomerConfig(n=n)
    t0 = now()
    model = ReferenceJourney(p, default_inputs(p), seed=1)
    t1, c1 = now(), time.process_time()
    for _ in range(weeks):
        model.step()
    t2, c2 = now(), time.process_time()
    return {"n": n, "weeks": weeks, "build_s": t1 - t0, "steps_s": t2 - t1, "customer_steps_per_s": n * weeks / (t2 - t1),
            "customer_steps_per_cpu_s": n * weeks / (c2 - c1)}


def peak_rss() -> int:
    """Peak resident memory of this process, bytes: VmHWM (reset by exec, unlike ru_maxrss,
    which Linux carries over from the parent), else ru_maxrss."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    scale = 1 if sys.platform == "darwin" else 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale


def scale_worker(n: int, weeks: int) -> dict:
    """Run in a fresh subprocess: one full-model run, its times and its peak memory."""
    rss0 = peak_rss()
    import cxsim.model  # noqa: F401  (imports counted in the baseline)

    rss_import = peak_rss()
    out = time_model(n, weeks, seed=0, keep=True)
    c = out.pop("model").customers
    state_bytes = sum(getattr(c, f).nbytes for f in ("state", "sat", "expect", "wait", "weeks", "incidents"))
    scratch = c._scratch
    scratch_bytes = sum(a.nbytes for a in vars(scratch).values() if isinstance(a, np.ndarray)) if scratch is not None else 0
    out.update({"n": n, "weeks": weeks, "rss_start": rss0, "rss_after_import": rss_import,
                "peak_rss": peak_rss(),
                "customer_state_bytes": state_bytes, "customer_scratch_bytes": scratch_bytes})
    return out


def run_scale_subprocess(n: int, weeks: int) -> dict:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--worker-scale", str(n), str(weeks)]
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, check=True)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def sweep(jobs: int, replicates: int, weeks: int) -> dict:
    """``python -m cxsim --multirun`` over ``jobs`` seeds × ``replicates`` replicates (joblib)."""
    tmp = Path(tempfile.mkdtemp(prefix="cxsim-bench-sweep-"))
    cmd = [sys.executable, "-m", "cxsim", "--multirun", "seed=" + ",".join(str(s) for s in range(jobs)),
           f"replicates={replicates}", f"steps={weeks}", f"hydra.sweep.dir={tmp / 'sweep'}"]
    try:
        t0 = now()
        proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, env={**os.environ, "PYTHONUNBUFFERED": "1"})
        wall = now() - t0
        infos = [json.loads(p.read_text()) for p in sorted((tmp / "sweep").glob("*/job.json"))]
        ok = [i for i in infos if i.get("status") == "ok"]
        if proc.returncode != 0 or len(ok) != jobs:
            tail = (proc.stderr or proc.stdout).strip().splitlines()[-5:]
            raise RuntimeError(f"sweep failed (exit {proc.returncode}, {len(ok)}/{jobs} jobs ok): " + " | ".join(tail))
        workers = min(jobs, os.cpu_count() or 1)
        job_s = sum(i["job_s"] for i in ok)
        sim_s = sum(i["simulation_s"] for i in ok)
        write_s = sum(i["write_s"] for i in ok)
        return {"via": "python -m cxsim --multirun (joblib launcher)", "jobs": jobs, "replicates": replicates, "weeks": weeks,
                "runs": jobs * replicates, "wall_s": wall, "workers": workers, "job_s": job_s, "simulation_s": sim_s,
                "write_s": write_s, "runs_per_min": 60.0 * jobs * replicates / wall,
                "overhead_share": max(0.0, 1.0 - job_s / (workers * wall)),
                "write_share_of_jobs": write_s / job_s}
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _runner_job(args):
    seed, replicates, weeks, out = args
    from cxsim.runner import run, write_outputs

    t0 = time.perf_counter()
    result = run(seed=seed, replicates=replicates, steps=weeks)
    t1 = time.perf_counter()
    write_outputs(result, out)
    return t1 - t0, time.perf_counter() - t1


def sweep_fallback(jobs: int, replicates: int, weeks: int, reason: str) -> dict:
    """The same runs through cxsim.runner on a process pool (used only if the CLI sweep fails)."""
    from concurrent.futures import ProcessPoolExecutor

    tmp = Path(tempfile.mkdtemp(prefix="cxsim-bench-pool-"))
    workers = min(jobs, os.cpu_count() or 1)
    try:
        t0 = now()
        with ProcessPoolExecutor(workers) as pool:
            times = list(pool.map(_runner_job, [(s, replicates, weeks, tmp / str(s)) for s in range(jobs)]))
        wall = now() - t0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    sim_s, write_s = sum(t[0] for t in times), sum(t[1] for t in times)
    return {"via": f"cxsim.runner on a {workers}-process pool (CLI sweep failed: {reason})", "jobs": jobs, "replicates": replicates,
            "weeks": weeks, "runs": jobs * replicates, "wall_s": wall, "workers": workers, "job_s": sim_s + write_s,
            "simulation_s": sim_s, "write_s": write_s, "runs_per_min": 60.0 * jobs * replicates / wall,
            "overhead_share": max(0.0, 1.0 - (sim_s + write_s) / (workers * wall)), "write_share_of_jobs": write_s / (sim_s + write_s)}


def runin_cost(seeds=(1001, 1002, 1003)) -> dict:
    """A default model for a (company, seed) not seen before in this process: construction with
    its run-in (``burn_in_weeks``, organisation alone then with its customers), wall and process
    time, median over ``seeds``; then the first seed again (the run-in restored from the
    in-process cache: what another scenario on the same seed pays)."""
    from cxsim.config import make_config
    from cxsim.model import CXModel

    cfg = make_config(None)
    wall, cpu = [], []
    for seed in seeds:
        t0, c0 = now(), time.process_time()
        CXModel(cfg, seed=seed)
        wall.append(now() - t0)
        cpu.append(time.process_time() - c0)
    t0 = now()
    CXModel(cfg, seed=seeds[0])
    return {"weeks": cfg.burn_in_weeks, "customer_weeks": cfg.customer_burn_in_weeks, "wall_s": statistics.median(wall),
            "process_s": statistics.median(cpu), "cached_s": now() - t0}


def _wall(cmd: list[str], repeats: int, env=None) -> tuple[float, float]:
    """Smallest wall time and smallest process time (user + system, from the children's rusage)
    of ``repeats`` runs of ``cmd`` (which must succeed)."""
    best, best_cpu = float("inf"), float("inf")
    for _ in range(repeats):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = now()
        subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, check=True, env=env)
        best = min(best, now() - t0)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        best_cpu = min(best_cpu, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    return best, best_cpu


def startup(repeats: int) -> dict:
    """``python -m cxsim`` on a one-week run without run-in (100 customers, no plots): its wall
    time bounds the start (imports + Hydra) from above; against ``python -c "import mesa"``."""
    tmp = Path(tempfile.mkdtemp(prefix="cxsim-bench-start-"))
    try:
        (mesa_s, mesa_cpu) = _wall([sys.executable, "-c", "import mesa"], repeats)
        (run_s, run_cpu) = _wall([sys.executable, "-m", "cxsim", "steps=1", "burn_in_weeks=0", "customer_burn_in_weeks=0", "customers.n=100",
                       "output.plots=false", "output.progress=false", f"hydra.run.dir={tmp / 'run'}"], repeats)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return {"import_mesa_s": mesa_s, "cxsim_s": run_s, "import_mesa_cpu": mesa_cpu, "cxsim_cpu": run_cpu}


COLD_SCRIPT = """
import time
t = time.perf_counter()
from cxsim.config import make_config
from cxsim.model import CXModel
m = CXModel(make_config({"steps": 6, "burn_in_weeks": 4, "customer_burn_in_weeks": 2, "customers": {"n": 300},
                         "leader": {"start_week": 0, "review_weeks": 2, "strategy": "hybrid"}}), seed=0)
for _ in range(6):
    m.step()
print(time.perf_counter() - t)
"""


def cold_compile() -> dict:
    """What a first run pays to compile the kernels: a tiny run (programme from week 0, hybrid
    change, so every kernel is used) in a fresh process with an empty numba cache
    (``NUMBA_CACHE_DIR``), then again with that cache filled (as every later process, sweep
    workers included, finds it)."""
    tmp = Path(tempfile.mkdtemp(prefix="cxsim-bench-numba-"))
    env = {**os.environ, "NUMBA_CACHE_DIR": str(tmp)}
    try:
        cold, cold_cpu = _wall([sys.executable, "-c", COLD_SCRIPT], 1, env=env)
        warm, warm_cpu = _wall([sys.executable, "-c", COLD_SCRIPT], 2, env=env)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return {"cold_s": cold, "warm_s": warm, "compile_s": cold - warm, "compile_cpu": cold_cpu - warm_cpu}


# ------------------------------------------------------------------------------------------ suite
def suite(quick: bool, log) -> dict:
    res: dict = {"quick": quick, "machine": machine()}
    q = quick
    sizes = {"10k": 1_000 if q else 10_000, "100k": 10_000 if q else 100_000, "1M": 100_000 if q else 1_000_000}
    res["sizes"] = sizes

    log("default run …")
    res["default"] = default_run(repeats=2 if q else 5)

    log("run-in of a new seed …")
    res["runin"] = runin_cost()

    log("full model throughput …")
    model_weeks = 26 if q else 156
    res["model"] = {"10k": time_model(sizes["10k"], model_weeks), "100k": time_model(sizes["100k"], 26 if q else 104)}
    log(f"{sizes['1M']:,} customers × {model_weeks} weeks in a subprocess (time and peak memory) …")
    res["scale"] = run_scale_subprocess(sizes["1M"], 13 if q else 156)
    res["model"]["1M"] = {k: res["scale"][k] for k in ("build_s", "steps_s", "per_week_s", "customer_steps_per_s")}

    log("journey kernel alone …")
    res["kernel"] = {k: kernel_rate(n, 10 if q else (100 if n <= 100_000 else 30)) for k, n in sizes.items()}

    log("per-agent reference …")
    res["reference"] = {"10k": reference_rate(sizes["10k"], 5 if q else 20), "100k": reference_rate(sizes["100k"], 2 if q else 5)}
    ref_10k = res["reference"]["10k"]["customer_steps_per_s"]
    ref_100k = res["reference"]["100k"]["customer_steps_per_s"]
    ref_for = {"10k": ref_10k, "100k": ref_100k, "1M": ref_100k}  # the reference's rate barely depends on n
    res["ratio"] = {k: {"model": res["model"][k]["customer_steps_per_s"] / ref_for[k],
                        "kernel": res["kernel"][k]["customer_steps_per_s"] / ref_for[k]} for k in sizes}
    res["ratio"]["10k"]["model_cpu"] = res["model"]["10k"]["customer_steps_per_cpu_s"] / res["reference"]["10k"]["customer_steps_per_cpu_s"]

    log("scaling: customers …")
    extra = [3_000, 30_000] if q else [30_000, 300_000]
    pts = {sizes["10k"]: res["model"]["10k"]["per_week_s"], sizes["100k"]: res["model"]["100k"]["per_week_s"],
           sizes["1M"]: res["model"]["1M"]["per_week_s"]}
    for n in extra:
        pts[n] = time_model(n, 13 if q else 52)["per_week_s"]
    xs = sorted(pts)
    res["fit_customers"] = fit_line(xs, [pts[x] for x in xs])

    log("scaling: weeks …")
    checkpoints = (13, 26, 39, 52) if q else (26, 52, 104, 156, 208, 260, 312)
    marks = time_model(5000, max(checkpoints), checkpoints=checkpoints)["marks"]
    res["fit_weeks"] = fit_line(list(marks), list(marks.values()))

    log("scaling: employees …")
    emps = (100, 200, 400) if q else (200, 400, 800, 1600)
    per = [time_model(5000, 13 if q else 52, employees=e)["per_week_s"] for e in emps]
    res["fit_employees"] = fit_line(emps, per)

    log("sweep through the CLI …")
    jobs, reps, weeks = (2, 2, 26) if q else (10, 10, 156)
    try:
        res["sweep"] = sweep(jobs, reps, weeks)
    except Exception as err:  # noqa: BLE001 - report, then measure the same runs without Hydra
        log(f"  CLI sweep failed ({err}); timing the runs through cxsim.runner instead")
        res["sweep"] = sweep_fallback(jobs, reps, weeks, str(err)[:200])

    log("start-up of python -m cxsim and the cold compile …")
    res["startup"] = startup(1 if q else 3)
    res["cold"] = None if q else cold_compile()  # a minute of compiling: not in the smoke version

    log("browser: step + redraw, Play and a full run in headless Chromium …")
    res["browser"] = browser.measure(q)
    log("workshop: simulated participants on the participatory workshop's server …")
    res["workshop"] = workshop_load.measure(q)
    res["machine"]["load_after"] = os.getloadavg()
    return res


# ------------------------------------------------------------------------------------------ table
def rows(res: dict) -> list[dict]:
    d, sz, sc = res["default"], res["sizes"], res["scale"]
    total = d["build"] + d["steps"] + d["frame"] + d["write_plots"]
    out = []

    def row(key, measure, value, target="", note=""):
        out.append({"key": key, "measure": measure, "value": value, "target": target, "note": note})

    def ok(cond):
        return "met" if cond else "NOT met"

    dflt = f"{d['customers']:,} customers, {d['employees']} employees, {d['weeks']} weeks"
    row("default_build", f"default run: model construction with its run-in ({dflt})", f"{d['build'] * 1e3:.0f} ms")
    row("default_steps", "default run: weekly steps", f"{d['steps'] * 1e3:.0f} ms", "≤ 30 ms (issue 13)",
        f"{ok(d['steps'] <= 0.030)}; {d['steps'] / d['weeks'] * 1e3:.2f} ms/week; process time {d['steps_cpu'] * 1e3:.0f} ms "
        f"({ok(d['steps_cpu'] <= 0.030)} in process time)")
    ri = res["runin"]
    row("runin", f"run-in of a new (company, seed): model construction with {ri['weeks']} weeks "
        f"({ri['weeks'] - ri['customer_weeks']} organisation alone + {ri['customer_weeks']} with customers)",
        f"{ri['wall_s']:.2f} s", "", f"process time {ri['process_s']:.2f} s (median of 3 seeds); the same seed again "
        f"(run-in cached in the process) {ri['cached_s'] * 1e3:.0f} ms")
    row("default_metrics", "default run: metrics + data collection, share of the steps",
        f"{(d['metrics'] + d['collect']) / d['steps']:.0%}", "small", f"metrics {d['metrics'] * 1e3:.0f} ms, DataCollector {d['collect'] * 1e3:.0f} ms")
    row("default_frame", "default run: time series + summary", f"{d['frame'] * 1e3:.0f} ms")
    row("default_write", "default run: output writing (parquet + summary, no plots)", f"{d['write_noplots'] * 1e3:.0f} ms", "small",
        ok(d["write_noplots"] < 0.1 * d["steps"]))
    row("default_write_plots", "default run: output writing with the PNG overview (default)", f"{d['write_plots']:.2f} s", "small",
        f"{d['write_plots'] / total:.0%} of the run; {ok(d['write_plots'] < 0.2 * total)}")
    row("default_total", "default run: total (build + steps + series + writing with plots)", f"{total:.2f} s")
    for k in ("10k", "100k", "1M"):
        m = res["model"][k]
        label = f"{sz[k]:,}"
        row(f"model_rate_{k}", f"full model, {label} customers: customer-steps/s", f"{m['customer_steps_per_s'] / 1e6:.1f} M/s",
            "", f"{m['per_week_s'] * 1e3:.2f} ms/week")
    for k in ("10k", "100k", "1M"):
        m = res["kernel"][k]
        row(f"kernel_rate_{k}", f"journey kernel alone, {sz[k]:,} customers: customer-steps/s",
            f"{m['customer_steps_per_s'] / 1e6:.1f} M/s", "", f"{m['steps_s'] / m['weeks'] * 1e3:.2f} ms/week")
    for k in ("10k", "100k"):
        r = res["reference"][k]
        row(f"reference_rate_{k}", f"per-agent Mesa reference, {sz[k]:,} customers: customer-steps/s",
            f"{r['customer_steps_per_s'] / 1e6:.2f} M/s", "", f"{r['steps_s'] / r['weeks'] * 1e3:.0f} ms/week")
    for k in ("10k", "100k", "1M"):
        r = res["ratio"][k]
        ref_at = "10k" if k == "10k" else "100k"
        row(f"ratio_{k}", f"speed ratio to the reference at {sz[k]:,} customers: full model / kernel alone",
            f"{r['model']:.0f}× / {r['kernel']:.0f}×", "≥ 100× (model, 10,000: issue 13)",
            f"{ok(r['model'] >= 100)} (model), {ok(r['kernel'] >= 100)} (kernel); reference rate at {sz[ref_at]:,}"
            + (f"; in process time {r['model_cpu']:.0f}× (model)" if "model_cpu" in r else ""))
    fc, fw, fe = res["fit_customers"], res["fit_weeks"], res["fit_employees"]
    row("fit_customers", "time per week vs customers (least squares)",
        f"{fc['slope'] * 1e9:.1f} ns per customer-week + {fc['intercept'] * 1e3:.2f} ms",
        "linear", f"R² {fc['r2']:.4f}, max residual {fc['max_rel_residual']:.0%}, {fc['elasticity_at_max']:.0%} of the time at the largest n grows with n; "
                  f"{'linear' if fc['r2'] > 0.99 else 'not linear'}; n = {', '.join(f'{int(x):,}' for x in fc['x'])}")
    row("fit_weeks", "run time vs weeks (default size, least squares)",
        f"{fw['slope'] * 1e3:.2f} ms per week + {fw['intercept'] * 1e3:.0f} ms",
        "linear", f"R² {fw['r2']:.4f}, max residual {fw['max_rel_residual']:.0%}; {'linear' if fw['r2'] > 0.99 else 'not linear'}; "
                  f"weeks = {', '.join(str(int(x)) for x in fw['x'])}")
    row("fit_employees", "time per week vs employees (5,000 customers)",
        f"{fe['slope'] * 1e5:.2f} ms per 100 employees + {fe['intercept'] * 1e3:.2f} ms",
        "", f"R² {fe['r2']:.4f}, max residual {fe['max_rel_residual']:.0%}; {'linear' if fe['r2'] > 0.99 else 'not linear'}; "
            f"employees = {', '.join(str(int(x)) for x in fe['x'])}")
    row("scale_time", f"{sc['n']:,} customers × {sc['weeks']} weeks: wall time (construction + steps)",
        f"{sc['build_s'] + sc['steps_s']:.1f} s", "< 5 s", f"{ok(sc['build_s'] + sc['steps_s'] < 5)}; construction (run-in not cached: "
        f"over 200,000 customers) {sc['build_s']:.1f} s, weekly steps {sc['steps_s']:.1f} s")
    row("scale_memory", f"{sc['n']:,} customers: peak memory of the run's process (VmHWM)",
        f"{sc['peak_rss'] / GiB:.2f} GiB", "< 1 GiB",
        f"{ok(sc['peak_rss'] < GiB)}; interpreter + imports {sc['rss_after_import'] / GiB:.2f} GiB; customer arrays "
        f"{sc['customer_state_bytes'] / 2**20:.0f} MiB + kernel buffers {sc['customer_scratch_bytes'] / 2**20:.0f} MiB")
    s = res["sweep"]
    row("sweep_rate", f"sweep: {s['runs']} runs ({s['jobs']} jobs × {s['replicates']} replicates, {s['weeks']} weeks) on {s['workers']} cores",
        f"{s['runs_per_min']:.0f} runs/min", "≥ 2,000 runs/min", f"{ok(s['runs_per_min'] >= 2000)}; {s['wall_s']:.0f} s wall via {s['via']}; "
        "every run a new seed, so each pays its run-in")
    row("sweep_overhead", "sweep: wall time outside jobs (Hydra, launcher, workers, report)", f"{s['overhead_share']:.0%}",
        "< 10%", f"{ok(s['overhead_share'] < 0.10)}; inside jobs: simulation {s['simulation_s']:.0f} s, writing {s['write_s']:.0f} s ({s['write_share_of_jobs']:.0%} of job time) summed over jobs")
    st, cold = res["startup"], res["cold"]
    row("startup", "start of python -m cxsim (a one-week run of 100 customers without run-in, no plots: an upper bound)",
        f"{st['cxsim_s']:.2f} s", "within 0.5 s of import mesa", f"{ok(st['cxsim_s'] - st['import_mesa_s'] <= 0.5)}; "
        f"python -c 'import mesa' {st['import_mesa_s']:.2f} s, difference {st['cxsim_s'] - st['import_mesa_s']:.2f} s (minimum of repeats); "
        f"process time {st['cxsim_cpu']:.2f} s against {st['import_mesa_cpu']:.2f} s")
    if cold is None:
        row("cold_compile", "cold first run: compiling the kernels (empty numba cache)", "not measured", "< 3 s", "quick mode")
    else:
        row("cold_compile", "cold first run: compiling the kernels (empty numba cache)", f"{cold['compile_s']:.1f} s", "< 3 s",
            f"{ok(cold['compile_s'] < 3)}; process time {cold['compile_cpu']:.1f} s; a tiny run {cold['cold_s']:.1f} s cold, "
            f"{cold['warm_s']:.1f} s with the cache on disk (every later process, sweep workers included, loads it)")
    for key, measure, value, target, note in browser.rows(res["browser"]) + workshop_load.rows(res["workshop"]):
        row(key, measure, value, target, note)
    return out


ROW_KEYS = ("default_build", "default_steps", "runin", "default_metrics", "default_frame", "default_write", "default_write_plots", "default_total",
            "model_rate_10k", "model_rate_100k", "model_rate_1M", "kernel_rate_10k", "kernel_rate_100k", "kernel_rate_1M",
            "reference_rate_10k", "reference_rate_100k", "ratio_10k", "ratio_100k", "ratio_1M", "fit_customers", "fit_weeks",
            "fit_employees", "scale_time", "scale_memory", "sweep_rate", "sweep_overhead", "startup", "cold_compile",
            *browser.ROW_KEYS, *workshop_load.ROW_KEYS)


def markdown(res: dict, table: list[dict]) -> str:
    m = res["machine"]
    lines = ["# cxsim benchmark results", "",
             f"Written by `{'python benchmarks/run_all.py --quick' if res['quick'] else 'make bench'}` on {time.strftime('%Y-%m-%d %H:%M')}"
             + (" — **quick mode: small sizes, not the reference figures**" if res["quick"] else "") + ".", "",
             f"Machine: {m['nproc']} cores ({m['cpu']}), {m['ram_gib']} GiB RAM, {m['platform']}; Python {m['python']}, "
             f"numpy {m['numpy']}, Mesa {m['mesa']}, pandas {m['pandas']}. Load average before / after: "
             f"{m['load_before'][0]:.2f} / {m['load_after'][0]:.2f} (the machine may be shared).", "",
             "| measure | value | target | note |", "|---|---|---|---|"]
    for r in table:
        lines.append(f"| {r['measure']} | {r['value']} | {r['target']} | {r['note']} |")
    lines.append("")
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="smoke version: same rows, small sizes")
    ap.add_argument("--out", default=str(HERE), help="directory for results.md and results.json (default: benchmarks/)")
    ap.add_argument("--worker-scale", nargs=2, type=int, metavar=("N", "WEEKS"), help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.worker_scale:
        import logging

        logging.getLogger("MESA").setLevel(logging.WARNING)
        print(json.dumps(scale_worker(*args.worker_scale)))
        return 0
    import logging

    logging.getLogger("MESA").setLevel(logging.WARNING)
    t0 = now()
    res = suite(args.quick, log=lambda msg: print(f"[{now() - t0:6.1f} s] {msg}", file=sys.stderr, flush=True))
    table = rows(res)
    res["rows"] = table
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    md = markdown(res, table)
    (out / "results.md").write_text(md)
    (out / "results.json").write_text(json.dumps(res, indent=2, default=float))
    print(md)
    print(f"written: {out / 'results.md'}, {out / 'results.json'} ({now() - t0:.0f} s)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
