"""The workshop page's scenarios and model factory, and its launcher: presets composed by Hydra,
levers read from the schema, bad input as one-line messages. No result values are hard-coded:
the model's parameters are still being tuned. (Pictures: test_viz_pictures.py; the session's
worker: test_viz_session.py; exports, debrief and events: test_viz_outputs.py; the page in
Chromium: test_browser.py.)"""

from __future__ import annotations

import time

import pytest

solara = pytest.importorskip("solara")

from cxsim.config import ConfigError  # noqa: E402
from cxsim.viz import presets as pr  # noqa: E402
from cxsim.viz.model import WorkshopModel  # noqa: E402

pytestmark = pytest.mark.filterwarnings("ignore")
SMALL = 400  # customers: small runs keep the tests fast




# ------------------------------------------------------------------------------ presets


REQUIRED = ("no_leader", "marketing_influencer", "ceo_decision_maker", "ceo_organic", "lure",
            "lack_of_weight", "lack_of_transversality", "lack_of_vision")


def test_workshop_presets_exist():
    assert set(REQUIRED) <= set(pr.PRESETS)
    for p in pr.PRESETS.values():
        assert p.label and p.question and p.watch
        assert pr.preset_key(p.label) == p.key == pr.preset_key(p.key)


@pytest.mark.parametrize("key", REQUIRED)
def test_presets_are_the_command_line_scenarios(key):
    """A preset is its Hydra overrides composed from configs/, as `python -m cxsim <overrides>` runs it."""
    from cxsim.cli.scenarios import compose

    cfg, warns = pr.scenario_config(key, seed=5, customers=SMALL)
    assert cfg == compose([*pr.PRESETS[key].overrides, "seed=5", f"customers.n={SMALL}"])
    assert warns == []


def test_lever_options_come_from_the_schema_and_the_config_groups():
    from dataclasses import fields

    from cxsim.cli.preflight import CONFIG_DIR
    from cxsim.config import LeaderConfig

    meta = {f.name: f.metadata for f in fields(LeaderConfig)}
    for name, lever in pr.LEVERS.items():
        values = pr.lever_values(name)
        assert values[0] == pr.AS_PRESET
        if lever.group:
            assert values[1:] == sorted(p.stem for p in (CONFIG_DIR / lever.group).glob("*.yaml"))
        elif lever.kind == "choice":
            assert tuple(values[1:]) == meta[lever.key.split(".")[1]]["options"]
        else:
            lo, hi = meta[lever.key.split(".")[1]]["lo"], meta[lever.key.split(".")[1]]["hi"]
            numbers = [float(v) for v in values[1:]]
            assert numbers[0] == lo and numbers[-1] == hi and numbers == sorted(numbers)


def test_preset_semantics():
    cfg = lambda key: pr.scenario_config(key, customers=SMALL)[0]  # noqa: E731
    assert not cfg("no_leader").leader.enabled
    lure = cfg("lure").leader
    assert lure.enabled and lure.authority == 0 and lure.budget == 0
    mkt = cfg("marketing_influencer").leader
    dm = cfg("ceo_decision_maker").leader
    assert mkt.reporting_line == "marketing" and dm.reporting_line == "ceo"
    assert mkt.authority < dm.authority
    assert dm.strategy == "top_down" and cfg("ceo_organic").leader.strategy == "organic"
    for situation in ("lack_of_weight", "lack_of_transversality", "lack_of_vision"):
        assert cfg(situation).company.name == situation


def test_levers_override_the_preset():
    cfg, warns = pr.scenario_config(
        "ceo_decision_maker", seed="7", customers="1,000", reporting_line="marketing", authority="0.3 (influencer)",
        budget="4", strategy="hybrid", focus="broad", ex_share="0.5", executive="absent", company="lack_of_transversality",
    )
    assert (cfg.seed, cfg.customers.n) == (7, 1000)
    lead = cfg.leader
    assert (lead.reporting_line, lead.authority, lead.budget, lead.strategy, lead.focus, lead.ex_share) == (
        "marketing", 0.3, 4.0, "hybrid", "broad", 0.5)
    assert cfg.company.name == "lack_of_transversality"
    from cxsim.cli.scenarios import compose

    assert cfg.executive == compose(["executive=absent"]).executive
    assert warns == []
    same, _ = pr.scenario_config("ceo_decision_maker", **{name: pr.AS_PRESET for name in pr.LEVERS})
    assert same == pr.scenario_config("ceo_decision_maker")[0]


def test_every_lever_value_offered_is_valid():
    for name, lever in pr.LEVERS.items():
        values = pr.lever_values(name)
        if lever.kind == "number":  # the grid's ends and middle (each value is a Hydra composition)
            values = [values[0], values[1], values[len(values) // 2], values[-1]]
        for value in values:
            pr.scenario_config("ceo_decision_maker", customers=SMALL, **{name: value})


def test_levers_without_a_leader_warn():
    _, warns = pr.scenario_config("no_leader", reporting_line="marketing")
    assert warns and "no CX leader" in warns[0]


@pytest.mark.parametrize(
    "kwargs, word",
    [
        ({"seed": "abc"}, "seed"),
        ({"seed": "1.5"}, "seed"),
        ({"customers": "0"}, "customers"),
        ({"customers": str(pr.MAX_CUSTOMERS + 1)}, "customers"),
        ({"authority": "lots"}, "authority"),
        ({"reporting_line": "board"}, "reporting_line"),
        ({"company": "startup"}, "company"),
        ({"budget": "51"}, "budget"),
        ({"ex_share": "-0.1"}, "ex_share"),
    ],
)
def test_bad_input_is_a_one_line_config_error(kwargs, word):
    with pytest.raises(ConfigError, match=word) as info:
        pr.scenario_config("ceo_decision_maker", **kwargs)
    assert "\n" not in str(info.value)


# ------------------------------------------------------------------------------ the model factory


def test_workshop_model_arguments_all_have_defaults():
    import inspect

    params = inspect.signature(WorkshopModel.__init__).parameters
    assert all(p.default is not inspect.Parameter.empty for name, p in params.items()
               if p.kind is p.POSITIONAL_OR_KEYWORD and name != "self")
    m = WorkshopModel(customers=SMALL)
    assert m.error is None and m.preset.key == pr.DEFAULT_PRESET
    assert m.overrides == list(pr.PRESETS[pr.DEFAULT_PRESET].overrides)


def test_workshop_model_records_the_overrides_it_ran():
    m = WorkshopModel(preset="lure", customers=SMALL, budget="1", reporting_line=pr.AS_PRESET)
    assert m.overrides == ["leader=lure", "leader.budget=1"] and m.levers == {"budget": "1"}
    assert m.config.leader.budget == 1.0


def test_workshop_model_never_raises_on_bad_input():
    m = WorkshopModel(preset="Marketing-owned influencer", seed="not a number", customers=SMALL)
    assert m.error and "seed" in m.error
    assert m.preset.key == "marketing_influencer"  # fell back to the preset itself
    assert m.config.leader.reporting_line == "marketing"
    m.step()
    assert m.week == 1
    unknown = WorkshopModel(preset="A preset nobody wrote")
    assert unknown.error and unknown.preset.key == pr.DEFAULT_PRESET


def test_workshop_model_stops_at_the_horizon():
    m = WorkshopModel(customers=SMALL)
    m.config.steps = 3
    for _ in range(5):
        m.step()
    assert m.week == 3 and not m.running


def test_seed_makes_runs_reproducible():
    a, b = WorkshopModel(seed="3", customers=SMALL), WorkshopModel(seed=3, customers=SMALL)
    for _ in range(5):
        a.step(), b.step()
    assert a.metrics == b.metrics


def test_launcher_command_and_free_port():
    from cxsim.viz.__main__ import APP, free_port, solara_command

    port = free_port()
    assert 1024 <= port < 65536
    cmd = solara_command(port)
    assert cmd[1:4] == ["-m", "solara", "run"] and cmd[4] == str(APP) and APP.is_file()
    assert cmd[5:] == ["--host", "127.0.0.1", "--port", str(port), "--production", "--no-open"]


@pytest.mark.slow
def test_python_m_cxsim_viz_serves_and_stops_cleanly():
    """What `make viz` runs: prints the URL, serves the page, and SIGTERM takes the server down."""
    import os
    import re
    import signal
    import socket
    import subprocess
    import sys
    import urllib.request
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    proc = subprocess.Popen([sys.executable, "-m", "cxsim.viz"], cwd=root, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True, env=dict(os.environ, PYTHONUNBUFFERED="1"))
    try:
        line = proc.stdout.readline()
        match = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        assert match, line
        url, port = match.group(0), int(match.group(1))
        deadline = time.monotonic() + 60
        while True:
            assert proc.poll() is None, "python -m cxsim.viz exited early"
            try:
                with urllib.request.urlopen(url, timeout=2) as response:
                    assert response.status == 200
                    break
            except OSError:
                assert time.monotonic() < deadline, f"no answer on {url}"
                time.sleep(0.3)
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=20)
        time.sleep(0.5)
        with socket.socket() as s:  # the solara child is gone too: nothing listens any more
            assert s.connect_ex(("127.0.0.1", port)) != 0
    finally:
        if proc.poll() is None:
            proc.terminate()  # SIGTERM: the launcher stops its solara child first
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


