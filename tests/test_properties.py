"""Property-based: any valid configuration runs without NaN/inf and within documented ranges."""

import math

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cxsim.config import DEPARTMENTS, CXConfig, walk
from cxsim.metrics import METRICS
from cxsim.model import CXModel

# Keep examples small and fast: caps on the size parameters (ranges otherwise as documented).
CAPS = {
    "steps": (1, 20),
    "replicates": (1, 1),
    "company.employees": (40, 120),
    "company.dims_per_stage": (1, 6),
    "company.promise_dims": (1, 6),
    "customers.n": (1, 1500),
    "leader.start_week": (0, 15),
}


def _strategy(key, f):
    meta = f.metadata
    if "options" in meta:
        return st.sampled_from(meta["options"])
    if meta.get("unit") == "bool":
        return st.booleans()
    if "lo" in meta:
        lo, hi = CAPS.get(key, (meta["lo"], meta["hi"]))
        if meta["integer"]:
            return st.integers(int(lo), int(hi))
        return st.floats(float(lo), float(hi), allow_nan=False)
    return st.just(getattr(CXConfig(), key.split(".")[0], None)) if "." not in key else st.just("x")


STRATEGIES = {key: _strategy(key, f) for key, f, _ in walk(CXConfig())}


@st.composite
def configs(draw):
    overrides = {key: draw(s) for key, s in STRATEGIES.items() if key != "company.name"}
    shares = overrides["leader.voc_share"] + overrides["leader.redesign_share"]
    if shares > 1:
        overrides["leader.redesign_share"] = max(0.0, 1.0 - overrides["leader.voc_share"])
    if not any(overrides[f"company.headcount.{d}"] for d in DEPARTMENTS):  # validate refuses all-zero shares
        overrides["company.headcount.hr"] = 1.0
    if overrides["company.engagement"] <= 0 and overrides["company.engagement_output"] >= 1:  # refused too
        overrides["company.engagement_output"] = 0.5
    return overrides


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(configs())
def test_any_valid_config_stays_finite_and_in_range(overrides):
    model = CXModel(overrides=overrides)
    for _ in range(model.config.steps):
        model.step()
    df = model.datacollector.get_model_vars_dataframe()
    if not model.config.money.baseline:  # documented: no no-programme twin, no gain to measure
        undefined = [m.name for m in METRICS if "NaN when money.baseline=false" in m.doc]
        assert undefined and not np.isinf(df[undefined].to_numpy(dtype=float)).any()  # NaN, never ±inf
        df = df.drop(columns=undefined)
    assert np.isfinite(df.to_numpy(dtype=float)).all()
    for m in METRICS:
        if m.name not in df:
            continue
        col = df[m.name].to_numpy(dtype=float)
        tol = 1e-6  # the customers' state is float32 (about 7 significant digits): a mean of ones can read 1 + 2e-8
        assert col.min() >= m.lo - tol and col.max() <= (m.hi if math.isfinite(m.hi) else np.inf) + tol, (m.name, col.min(), col.max())
