"""Bad input to an exploration: one line naming the key, the value and what is allowed, before
anything runs (and nothing written)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from cxsim.config import ConfigError
from cxsim.explore.__main__ import compose_config
from cxsim.explore.plan import preflight

BASE = ["experiment=tiny"]

CASES = [
    # (overrides, fragments the message must hold)
    (["space.include=[company.sillo]"], ["space.include", "company.sillo", "did you mean company.silo"]),
    (["space.exclude=[levers.nope]"], ["space.exclude", "levers.nope", "not a numeric parameter"]),
    (["space.ranges.company.silo.hi=1.5"], ["space.ranges.company.silo", "[0.7, 1.5]", "[0, 0.99]"]),
    (["space.ranges.company.silo={lo: 0.9, hi: 0.8}"], ["space.ranges.company.silo", "lo < hi"]),
    (["space.ranges.company.silo=high"], ["space.ranges.company.silo", "high", "[lo, hi]"]),
    (["space.include=[]"], ["space", "no factor to vary"]),
    (["design.n=0"], ["design.n=0", "≥ 1"]),
    (["design=sobol", "design.n=1000"], ["design.n=1000", "power of 2", "512", "1024"]),
    (["design.levels=3"], ["design.levels=3", "even"]),
    (["design=fractal"], ["design", "fractal"]),
    (["outcomes.nps_20.metric=npss"], ["outcomes.nps_20.metric", "npss", "did you mean nps"]),
    (["outcomes.top_down_minus_organic_nps_20.minus=orgnic"],
     ["outcomes.top_down_minus_organic_nps_20.minus.scenario", "orgnic", "did you mean organic", "defined are top_down, organic"]),
    (["outcomes.nps_20.week=-3"], ["outcomes.nps_20.week", "-3", "[0, 5200]"]),
    (["+outcomes.nps_20.expect=up"], ["outcomes.nps_20.expect", "up", "positive, negative, equivalent"]),
    (["scenarios.organic=['change=sideways']"], ["scenarios.organic", "change=sideways", "hybrid, organic, top_down"]),
    (["replicate=3"], ["replicate", "allowed at the top level", "replicates"]),
    (["execution.chunks=3"], ["execution.chunks", "allowed under 'execution'", "chunk_size"]),
    (["discover=[{outcome: nps_52}]"], ["discover[0].outcome", "nps_52", "nps_20"]),
    (["execution.launcher=ray"], ["execution.launcher", "ray", "joblib, local, slurm"]),
    (["execution.n_jobs=0"], ["execution.n_jobs=0", "-1"]),
    (["replicates=0"], ["replicates=0", "≥ 1"]),
    (["seeds=shared"], ["seeds='shared'", "independent, common"]),
    (["base=['leader.authority=1.5']"], ["base", "leader.authority=1.5", "[0.0, 1.0]"]),
    (["space.top=3"], ["space.top", "space.top_from"]),
    (["space.top=3", "space.top_from=/nonexistent/morris"], ["space.top_from=/nonexistent/morris", "indices.csv"]),
    (["+speed=fast"], ["speed", "not an exploration setting"]),
]


@pytest.mark.parametrize("overrides,fragments", CASES, ids=[" ".join(c[0]) for c in CASES])
def test_bad_input_is_one_line_naming_key_value_and_allowed(overrides, fragments, tmp_path):
    with pytest.raises(ConfigError) as err:
        preflight(compose_config([*BASE, f"out_dir={tmp_path / 'out'}", *overrides]))
    message = str(err.value)
    assert "\n" not in message
    for fragment in fragments:
        assert fragment in message, (fragment, message)
    assert not (tmp_path / "out").exists()


def test_a_factor_every_scenario_sets_cannot_vary(tmp_path):
    cfg = compose_config([*BASE, "scenarios.top_down=['company.silo=0.9']",
                          "scenarios.organic=['change=organic','company.silo=0.5']"])
    with pytest.raises(ConfigError, match="company.silo is set by every scenario"):
        preflight(cfg)


def test_another_exploration_in_the_same_directory_is_refused(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "manifest.json").write_text('{"fingerprint": "something else"}')
    with pytest.raises(ConfigError, match="holds an exploration with other settings"):
        preflight(compose_config([*BASE, f"out_dir={out}"]))


def test_command_line_exits_2_with_one_line_and_writes_nothing(tmp_path):
    out = tmp_path / "out"
    proc = subprocess.run([sys.executable, "-m", "cxsim.explore", *BASE, f"out_dir={out}", "space.include=[company.sillo]"],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("cxsim.explore: error: space.include: company.sillo")
    assert "Traceback" not in proc.stderr and not out.exists()
