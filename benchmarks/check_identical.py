"""Are two versions of the journey kernel bit-identical? (the rule for performance changes)

    git show HEAD:cxsim/kernels/journey.py > /tmp/journey_old.py
    python benchmarks/check_identical.py /tmp/journey_old.py cxsim/kernels/journey.py

1. the kernels alone, same seed, 48 settings (parameters and weekly inputs, including
   binding capacity, high incident rates, extreme NPS, tiny bases) × 40 weeks: every byte of
   every customer array, every count of WeekCounts and the generator's final state equal;
2. the whole model run with each kernel (monkeypatched into cxsim.model), five
   configurations × 2 replicates: the hash of the weekly time series equal.

Exits 1 at the first difference.
"""

from __future__ import annotations

import dataclasses
import hashlib
import importlib.util
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from reference_agents import default_inputs  # noqa: E402

from cxsim.config import CustomerConfig  # noqa: E402

SETTINGS = [dict(), dict(churn_exponent=1.7), dict(churn_exponent=0.5, acquisition_rate=0.05),
            dict(churn_exponent=4.0, disconfirmation_gain=3.0, active_weight=0.5),
            dict(wait_penalty=0.2, incident_penalty=0.5, abandon_threshold=0.5), dict(n=1, initial_active=1.0), dict(n=7),
            dict(contact_rate=0.5, aht_s=3000)]
INPUTS = [dict(), dict(capacity=0.3), dict(incident=3.0), dict(nps=80.0), dict(nps=-100.0), dict(capacity=0.0, agents=1)]
MODEL_CASES = [dict(), dict(customers__n=20000, steps=60), dict(leader__strategy="organic", leader__reporting_line="marketing", steps=80),
               dict(leader__enabled=False, steps=60, customers__capacity_margin=0.5),
               dict(customers__n=3000, customers__churn_exponent=3.0, customers__abandon_threshold=0.5, steps=60)]


def load(path: str, name: str):
    spec = importlib.util.spec_from_file_location(name, path)
    mod = importlib.util.module_from_spec(spec)
    mod.__package__ = "cxsim"
    sys.modules[name] = mod
    spec.loader.exec_module(mod)
    return mod


def kernels(a, b) -> int:
    steps = 0
    for k, extra in enumerate(SETTINGS):
        for j, change in enumerate(INPUTS):
            p = CustomerConfig(**{"n": 20000, **extra})
            w = default_inputs(p, capacity_margin=0.9)
            w.capacity = w.capacity * change.get("capacity", 1.0)
            w.incident_prob = np.minimum(1, w.incident_prob * change.get("incident", 1.0))
            w.nps = change.get("nps", w.nps)
            w.agents = change.get("agents", w.agents)
            ra, rb = np.random.default_rng(100 * k + j), np.random.default_rng(100 * k + j)
            ca, cb = a.init_customers(p, ra, 0.56), b.init_customers(p, rb, 0.56)
            for week in range(40):
                oa, ob = a.journey_step(ca, w, p, ra), b.journey_step(cb, w, p, rb)
                for f in ("state", "sat", "expect", "wait", "weeks", "incidents"):
                    xa, xb = getattr(ca, f), getattr(cb, f)
                    if xa.dtype != xb.dtype or not np.array_equal(xa.view(np.uint8), xb.view(np.uint8)):
                        sys.exit(f"DIFFERENT: setting {extra} {change}, week {week}: array {f}")
                da, db = dataclasses.asdict(oa), dataclasses.asdict(ob)
                for key in da:
                    if type(da[key]) is not type(db[key]) or not np.array_equal(np.asarray(da[key]), np.asarray(db[key])):
                        sys.exit(f"DIFFERENT: setting {extra} {change}, week {week}: count {key}: {da[key]} vs {db[key]}")
                steps += 1
            if ra.bit_generator.state != rb.bit_generator.state:
                sys.exit(f"DIFFERENT: setting {extra} {change}: generator state")
    return steps


def models(a, b) -> None:
    import pandas as pd

    import cxsim.model.model as cm
    from cxsim.runner import run

    saved = cm.journey_step, cm.init_customers
    try:
        for case in MODEL_CASES:
            digests = []
            for mod in (a, b):
                cm.journey_step, cm.init_customers = mod.journey_step, mod.init_customers
                ts = run(seed=7, replicates=2, **case).timeseries
                digests.append(hashlib.sha256(pd.util.hash_pandas_object(ts, index=True).values.tobytes()).hexdigest()[:16])
            if digests[0] != digests[1]:
                sys.exit(f"DIFFERENT: model time series {case or 'default'}: {digests}")
            print(f"  model {case or 'default'}: identical time series ({digests[0]})")
    finally:
        cm.journey_step, cm.init_customers = saved


def main(argv: list[str]) -> None:
    if len(argv) != 2:
        sys.exit(__doc__)
    a, b = load(argv[0], "cxsim._journey_a"), load(argv[1], "cxsim._journey_b")
    steps = kernels(a, b)
    print(f"kernels: {len(SETTINGS) * len(INPUTS)} settings × 40 weeks = {steps} weekly steps, every array byte, count and generator state equal")
    models(a, b)
    print("IDENTICAL")


if __name__ == "__main__":
    import logging

    logging.getLogger("MESA").setLevel(logging.WARNING)
    main(sys.argv[1:])
