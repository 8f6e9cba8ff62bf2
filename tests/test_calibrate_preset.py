"""The example's calibrated company is a preset like the others: run, sweep, explore and the
browser accept it, through the same composition (``cxsim.cli.scenarios.compose``).

``configs/company/example_telecom.yaml`` was written by the walkthrough's calibration of the
example data (docs/calibration_walkthrough.md, ``install=true``); nothing here runs the model.
"""

from __future__ import annotations

import pytest
import yaml

from cxsim.calibrate import preset
from cxsim.cli.preflight import groups, preflight
from cxsim.cli.scenarios import CONFIG_DIR, compose
from cxsim.config import flatten

NAME = "example_telecom"
FILE = CONFIG_DIR / "company" / f"{NAME}.yaml"


def _written() -> dict:
    """The preset's values, dotted, as the calibration wrote them."""
    def leaves(d, prefix=""):
        for k, v in d.items():
            yield from leaves(v, f"{prefix}{k}.") if isinstance(v, dict) else [(f"{prefix}{k}", v)]

    return dict(leaves(yaml.safe_load(FILE.read_text())))


def test_the_preset_was_written_by_a_calibration_and_frees_what_it_fitted():
    text = FILE.read_text()
    assert preset.MARKER in text  # so a later calibration may replace it, and a person's preset is never overwritten
    written = _written()
    assert written["company.name"] == NAME
    assert {"customers.expectation", "customers.churn_max"} <= set(written)


def test_a_run_composes_it_with_the_programme_levers():
    cfg = flatten(compose([f"company={NAME}", "leader=decision_maker", "reporting=ceo"]))
    for key, value in _written().items():
        assert cfg[key] == pytest.approx(value) if isinstance(value, float) else cfg[key] == value, key
    alone = flatten(compose(["leader=decision_maker", "reporting=ceo"]))
    assert all(cfg[k] == alone[k] for k in cfg if k.startswith("leader."))  # the preset leaves the programme alone


def test_the_command_line_and_a_sweep_accept_it():
    assert NAME in groups()["company"]  # also what `--help` and the browser's company list show
    preflight([f"company={NAME}", "leader=influencer"])
    checked = preflight(["--multirun", f"company={NAME},siloed_telecom", "leader=none,decision_maker"])
    assert checked.multirun


def test_explore_composes_it_as_its_base():
    from cxsim.explore.plan import compose_scenarios

    configs, _ = compose_scenarios([f"company={NAME}"], {"none": ["leader=none"], "ceo": ["leader=decision_maker", "reporting=ceo"]})
    for cfg in configs.values():
        assert cfg["customers"]["expectation"] == pytest.approx(_written()["customers.expectation"])
        assert cfg["company"]["name"] == NAME


def test_the_browser_offers_it_and_composes_it():
    pytest.importorskip("solara")
    from cxsim.viz.presets import LEVERS, scenario_config

    assert NAME in LEVERS["company"].options
    cfg, warnings = scenario_config(company=NAME)
    assert cfg.company.name == NAME and not warnings
    assert cfg.customers.expectation == pytest.approx(_written()["customers.expectation"])
