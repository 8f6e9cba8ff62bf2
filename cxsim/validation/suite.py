"""All the dockings at once: ``python -m cxsim.validation [runs] [--only SECTION,…]`` (``make validate``).

``runs`` is the size knob: March runs ``runs`` replications per cell and per variant cell; Bass
``runs // 5`` organisations well mixed and for the split step and ``runs // 10`` siloed
networks; Little and the reference docking have fixed sizes. Each section gets a child of the
root seed (``SeedSequence(seed).spawn``), except March's Figure 1, whose cells are the root's
own children.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .bass import bass_docking
from .check import Check, DockingResult
from .erlang import erlang_docking
from .little import little_docking
from .march import march_table, march_variants
from .reference import reference_docking
from .report import REPORT, render_report, write_report

# section → how to run it from (runs, root seed, the section's child seed)
DOCKINGS: dict[str, Callable[[int, int, np.random.SeedSequence], DockingResult]] = {
    "march": lambda runs, seed, child: march_table(runs, seed=seed),
    "march_variants": lambda runs, seed, child: march_variants(runs, seed=child),
    "erlang": lambda runs, seed, child: erlang_docking(),
    "bass": lambda runs, seed, child: bass_docking(runs, seed=child),
    "little": lambda runs, seed, child: little_docking(seed=child),
    "reference": lambda runs, seed, child: reference_docking(),
}
SECTIONS = tuple(DOCKINGS)


@dataclass(frozen=True)
class Validation:
    """The result object of every docking run, in section order, with the size knob and timings."""

    results: dict[str, DockingResult]
    runs: int
    seed: int
    seconds: dict[str, float] = field(default_factory=dict)

    def checks(self) -> list[Check]:
        return [c for r in self.results.values() for c in r.checks()]

    @property
    def passed(self) -> bool:
        return all(r.passed for r in self.results.values())

    def command(self, section: str) -> str:
        """The command that reruns one section alone at this size."""
        return f"python -m cxsim.validation {self.runs} --only {section}"


def run_all(runs: int = 2000, seed: int = 0, only=None, log=print) -> Validation:
    """Run the dockings (all, or the ``only`` sections) with ``runs`` as the size knob."""
    children = dict(zip(SECTIONS, np.random.SeedSequence(seed).spawn(len(SECTIONS))))
    results, seconds = {}, {}
    for name in SECTIONS if only is None else [s for s in SECTIONS if s in only]:
        t0 = time.perf_counter()
        results[name] = DOCKINGS[name](runs, seed, children[name])
        seconds[name] = time.perf_counter() - t0
        log(f"[{name}] {seconds[name]:.1f} s")
    return Validation(results, runs, seed, seconds)


def print_checks(checks: list[Check]) -> None:
    for c in checks:
        ok = {True: "pass", False: "FAIL", None: "info"}[c.passed]
        print(f"{ok:4} | {c.docking} | ref {c.reference} | cxsim {c.value} | err {c.error} | tol {c.tolerance}")


def main(argv=None) -> int:
    """``python -m cxsim.validation [runs] [--only SECTION[,SECTION]] [--out PATH] [--no-write]``.

    Runs every docking and writes docs/validation.md (atomically) unless ``--only`` or
    ``--no-write``; exits 1 when a check fails."""
    import argparse

    ap = argparse.ArgumentParser(prog="python -m cxsim.validation", description=main.__doc__)
    ap.add_argument("runs", nargs="?", type=int, default=2000)
    ap.add_argument("--only", default=None, help=f"comma-separated sections: {', '.join(SECTIONS)}")
    ap.add_argument("--out", default=str(REPORT))
    ap.add_argument("--no-write", action="store_true")
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args(argv)
    only = None if a.only is None else [s.strip() for s in a.only.split(",") if s.strip()]
    if only:
        unknown = set(only) - set(SECTIONS)
        if unknown:
            ap.error(f"unknown section(s) {sorted(unknown)}; choose from {', '.join(SECTIONS)}")
    t0 = time.perf_counter()
    validation = run_all(a.runs, seed=a.seed, only=only)
    wall = time.perf_counter() - t0
    print_checks(validation.checks())
    print(f"total {wall:.1f} s")
    if only is None and not a.no_write:
        print(f"wrote {write_report(render_report(validation, wall), Path(a.out))}")
    return 0 if validation.passed else 1
