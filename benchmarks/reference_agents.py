"""The plain per-agent Mesa reference of the journey, as the benchmarks use it.

The reference itself lives in :mod:`cxsim.validation.reference_agents` (its docking is
:mod:`cxsim.validation.reference`); this script times it on its own
(``python benchmarks/reference_agents.py 10000 20``) and gives ``run_all.py`` and
``check_identical.py`` the fixed inputs they feed the kernel and the reference.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from cxsim.config import CustomerConfig  # noqa: E402
from cxsim.kernels.journey import WeekInputs  # noqa: E402
from cxsim.validation.inputs import stationary_inputs  # noqa: E402
from cxsim.validation.reference_agents import ReferenceJourney  # noqa: E402  (run_all.py imports it from here too)


def default_inputs(p: CustomerConfig, capacity_margin: float = 1.0) -> WeekInputs:
    """Fixed inputs close to a default model's week 30 (``stationary_inputs``); each stage's
    capacity is ``capacity_margin`` × the expected weekly flow of journey starts: at 1.0 queues
    form and clear (about 94% of stage occupants served each week)."""
    return stationary_inputs(p, capacity_margin)


def main(argv: list[str]) -> None:
    n = int(argv[0]) if argv else 10_000
    weeks = int(argv[1]) if len(argv) > 1 else 20
    p = CustomerConfig(n=n)
    t0 = time.perf_counter()
    model = ReferenceJourney(p, default_inputs(p), seed=0)
    t1 = time.perf_counter()
    for _ in range(weeks):
        model.step()
    t2 = time.perf_counter()
    rate = n * weeks / (t2 - t1)
    print(f"reference: {n} customers × {weeks} weeks: build {t1 - t0:.2f} s, steps {t2 - t1:.2f} s, {rate:,.0f} customer-steps/s")
    last = model.history[-1]
    print(f"last week: completions {last.completions}, churned {last.churned}, acquisitions {last.acquisitions}, asa {last.asa:.1f} s")


if __name__ == "__main__":
    main(sys.argv[1:])
