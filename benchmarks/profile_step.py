"""Where a week goes: the weekly step split by component, and cProfile's top entries.

    python benchmarks/profile_step.py                 # default size (5,000 customers), 156 weeks
    python benchmarks/profile_step.py 1000000 20      # 1M customers, 20 weeks
    python benchmarks/profile_step.py N WEEKS --top 25

The component split wraps the pieces ``CXModel.step`` calls (executive, leader, departments,
learning, people, weekly inputs, the journey kernel, metrics, Mesa's DataCollector) with
timers, on a run without cProfile (whose per-call overhead inflates the many small calls of
the organisation); cProfile then runs the same weeks again for the top entries by own time.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import logging
import pstats
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import cxsim.model.model as cm  # noqa: E402
from cxsim.config import make_config  # noqa: E402


def build(n: int, weeks: int, seed: int = 0):
    return cm.CXModel(make_config({"customers": {"n": n}, "steps": weeks}), seed=seed)


def components(n: int, weeks: int) -> tuple[dict[str, float], float]:
    model = build(n, weeks)
    spent: dict[str, float] = defaultdict(float)

    def timed(name, fn):
        def wrapper(*a, **k):
            t = time.perf_counter()
            try:
                return fn(*a, **k)
            finally:
                spent[name] += time.perf_counter() - t

        return wrapper

    model.executive.step = timed("executive", model.executive.step)
    if model.leader is not None:
        model.leader.step = timed("CX leader", model.leader.step)
    step_all = cm.Department.__dict__["step_all"]
    cm.Department.step_all = staticmethod(timed("departments (code learning, mandates)", cm.Department.step_all))
    wf = model.workforce
    wf.learn = timed("learning (socialise, interpersonal)", wf.learn)
    wf.turnover = timed("turnover", wf.turnover)
    wf.people = timed("people (engagement, resistance)", wf.people)
    model._week_inputs = timed("weekly inputs (stage quality, incident risk)", model._week_inputs)
    model.feedback.observe = timed("customer feedback (rolling NPS, rates, load)", model.feedback.observe)
    model.datacollector.collect = timed("Mesa DataCollector.collect", model.datacollector.collect)
    compute = cm.compute
    cm.compute = timed("metrics", compute)
    kernel = cm.journey_week
    cm.journey_week = timed("journey kernel (customers)", kernel)
    opener = model._open_streams
    model._open_streams = timed("opening the week's random streams", opener)
    try:
        t0 = time.perf_counter()
        for _ in range(weeks):
            model.step()
        total = time.perf_counter() - t0
    finally:
        cm.journey_week, cm.compute, cm.Department.step_all = kernel, compute, step_all
    spent["other (turbulence, digital team, visible improvement, scheduling)"] = total - sum(spent.values())
    return dict(spent), total


def top_entries(n: int, weeks: int, top: int) -> str:
    model = build(n, weeks, seed=1)
    prof = cProfile.Profile()
    prof.enable()
    for _ in range(weeks):
        model.step()
    prof.disable()
    buf = io.StringIO()
    pstats.Stats(prof, stream=buf).sort_stats("tottime").print_stats(top)
    text = buf.getvalue()
    root = str(Path(__file__).resolve().parents[1]) + "/"
    return text.replace(root, "").replace(str(Path(sys.prefix)) + "/lib/", "")


def main(argv=None) -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("n", nargs="?", type=int, default=5000)
    ap.add_argument("weeks", nargs="?", type=int, default=156)
    ap.add_argument("--top", type=int, default=15)
    args = ap.parse_args(argv)
    logging.getLogger("MESA").setLevel(logging.WARNING)
    spent, total = components(args.n, args.weeks)
    print(f"{args.n:,} customers × {args.weeks} weeks: {total:.3f} s of weekly steps ({total / args.weeks * 1e3:.2f} ms/week)\n")
    print("| component | ms/week | share |\n|---|---|---|")
    for name, t in sorted(spent.items(), key=lambda kv: -kv[1]):
        print(f"| {name} | {t / args.weeks * 1e3:.2f} | {t / total:.0%} |")
    print("\ncProfile, top entries by own time (a second run of the same size):\n")
    print(top_entries(args.n, args.weeks, args.top))


if __name__ == "__main__":
    main()
