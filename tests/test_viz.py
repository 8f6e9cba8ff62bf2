"""The workshop page, headless: presets, the model factory, the pictures, and the SolaraViz page
rendered with ``solara.render`` (Step, a control plus Reset, bad input). No result values are
hard-coded: the model's parameters are still being tuned."""

from __future__ import annotations

import time
import warnings

import pytest

solara = pytest.importorskip("solara")
v = pytest.importorskip("ipyvuetify")

from cxsim.config import ConfigError  # noqa: E402
from cxsim.viz import presets as pr  # noqa: E402
from cxsim.viz.model import WorkshopModel  # noqa: E402

SMALL = 400  # customers: small runs keep the tests fast


@pytest.fixture(autouse=True)
def _quiet():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # Mesa's ComponentsView trips a Solara hook-rule warning
        yield


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
    for name in pr.LEVERS:
        for value in pr.lever_values(name):
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


# ------------------------------------------------------------------------------ the pictures


def _png_ok(data) -> bool:
    data = bytes(data)
    return data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 1000


@pytest.mark.parametrize("key", REQUIRED)
def test_pictures_render_for_every_preset(key):
    from cxsim.viz.pictures import PICTURES, render_png

    m = WorkshopModel(preset=key, customers=SMALL)
    first = {name: render_png(m, name) for name in PICTURES}
    for _ in range(15):  # past the programme start
        m.step()
    for name in PICTURES:
        again = render_png(m, name)
        assert _png_ok(first[name]) and _png_ok(again)
        assert again != first[name], f"{name} did not change after 15 weeks"


def test_blitted_frame_equals_a_full_redraw():
    """The cached background plus blitted data must show the same picture as drawing afresh."""
    import io

    import numpy as np
    from PIL import Image

    from cxsim.viz.pictures import PICTURES, picture

    m = WorkshopModel(preset="marketing_influencer", customers=SMALL)
    for name in PICTURES:
        picture(m, name).render_png(m)
    # a frame every week, as Play draws them: the organisation marks the conflicts since the
    # previous frame, which a fresh picture (one frame) only sees for the current week
    for _ in range(20):
        m.step()
        for name in PICTURES:
            picture(m, name).render_png(m)
    for name, cls in PICTURES.items():
        blitted = np.asarray(Image.open(io.BytesIO(picture(m, name).render_png(m))).convert("RGB"), dtype=int)
        fresh = cls(m, animated=True).render_png(m)
        full = np.asarray(Image.open(io.BytesIO(fresh)).convert("RGB"), dtype=int)
        assert blitted.shape == full.shape
        assert np.mean(np.abs(blitted - full) > 8) < 0.002, name


def test_export_figures_for_slides(tmp_path):
    from cxsim.viz.export import export_figures

    m = WorkshopModel(preset="ceo_organic", customers=SMALL)
    for _ in range(20):
        m.step()
    paths = export_figures(m, tmp_path)
    assert [p.name for p in paths] == ["organisation_week020.png", "journey_week020.png", "kpis_week020.png"]
    for p in paths:
        assert _png_ok(p.read_bytes()) and p.stat().st_size < 1 << 20


def test_kpi_panels_come_from_the_metric_registry():
    from cxsim.metrics import metrics_in
    from cxsim.viz.kpis import kpi_panels
    from cxsim.viz.pictures import picture

    shown = metrics_in("browser")
    panels = kpi_panels()
    assert [m for _, ms in panels for m in ms] == sorted(shown, key=lambda m: [p.panel for p in shown].index(m.panel))
    assert [t for t, _ in panels] == list(dict.fromkeys(m.panel for m in shown))
    m = WorkshopModel(customers=SMALL)
    kpi = picture(m, "kpis")
    labels = [line.get_label() for _, line, _ in kpi.series]
    assert [metric.name for metric, _, _ in kpi.series] == [x.name for _, ms in panels for x in ms]
    for metric, label in zip((metric for metric, _, _ in kpi.series), labels):
        assert label.startswith(metric.title)
    titles = [ax.get_title() for ax in kpi.axes if ax.get_visible()]
    assert titles == [t for t, _ in panels]


def test_a_metric_added_to_the_browser_view_gets_a_line(monkeypatch):
    from dataclasses import replace

    from cxsim import metrics
    from cxsim.viz import kpis

    extra = replace(metrics.BY_NAME["engagement"], views=frozenset({"browser"}), panel="Employees")
    monkeypatch.setattr(kpis, "metrics_in", lambda view: (*metrics.metrics_in(view), extra))
    m = WorkshopModel(customers=SMALL)
    pic = kpis.KPIPicture(m)
    for _ in range(3):
        m.step()
    pic.render_png(m)
    names = [metric.name for metric, _, _ in pic.series]
    assert "engagement" in names and [ax.get_title() for ax in pic.axes if ax.get_visible()][-1] == "Employees"
    line = pic.series[names.index("engagement")][1]
    assert len(line.get_xdata()) == 4


@pytest.mark.parametrize("current, lo, hi, expected", [
    (None, -37.0, -20.0, (-50.0, 0.0)),
    ((-50.0, 0.0), -37.0, 10.0, (-50.0, 25.0)),
    ((-50.0, 25.0), -120.0, 10.0, (-100.0, 25.0)),  # never beyond the metric's range
    ((0.0, 0.25), 0.1, 0.2, (0.0, 0.25)),  # never shrinks
])
def test_axis_limits_only_grow_in_whole_steps(current, lo, hi, expected):
    from cxsim.viz.kpis import grow_limits

    assert grow_limits(current, lo, hi, 25.0 if abs(hi) > 1 else 0.125, -100.0, 100.0) == expected


# ------------------------------------------------------------------------------ the page


def _render(model):
    """Render the page inside an AppLayout (Mesa puts its controls in the sidebar portal)."""
    from cxsim.viz import app

    reactive = solara.reactive(model)

    @solara.component
    def Page():
        with solara.AppLayout():
            app.make_page(reactive)

    _, rc = solara.render(Page(), handle_error=False)
    return reactive, rc


def _texts(rc) -> str:
    """All visible text of the page: Vue Html children plus Solara HTML blocks."""
    out = []
    for w in rc.find(v.Html, tag="span").widgets:  # solara.Text
        out.extend(str(c) for c in w.children if isinstance(c, str))
    out.extend(w.unsafe_innerHTML for w in rc.find(solara.widgets.HTML).widgets)
    return " ".join(out)


def _images(rc):
    import ipywidgets

    return [w for w in rc.find(ipywidgets.Image).widgets]


@pytest.mark.parametrize("key", REQUIRED)
def test_page_builds_for_every_preset(key):
    from cxsim.viz.style import TITLES

    reactive, rc = _render(WorkshopModel(preset=key, customers=SMALL))
    text = _texts(rc)
    for title in TITLES.values():
        assert title in text
    assert "Step: 0" in text
    import html

    assert html.escape(pr.PRESETS[key].label) in text
    images = _images(rc)
    assert len(images) == 3 and all(_png_ok(img.value) for img in images)
    assert not rc.find(v.Alert, type="error").widgets


def test_grid_layout_is_applied():
    from cxsim.viz import app

    _, rc = _render(WorkshopModel(customers=SMALL))
    grid = rc.find(solara.widgets.GridLayout).widget
    assert grid.grid_layout == app.GRID_LAYOUT


def test_step_button_advances_the_model_and_the_pictures():
    reactive, rc = _render(WorkshopModel(customers=SMALL))
    before = [img.value for img in _images(rc)]
    step = rc.find(v.Btn, children=["Step"]).widget
    step.click()
    step.click()
    assert reactive.value.week == 2
    rc.find(children=["Step: 2"]).assert_single()
    after = [img.value for img in _images(rc)]
    assert all(bytes(a) != bytes(b) for a, b in zip(after, before))


def _select(rc, label: str, value: str):
    widget = rc.find(v.Select, label=label).widget
    assert value in widget.items
    widget.v_model = value


def _type(rc, label: str, text: str):
    widget = rc.find(v.TextField, label=label).widget
    widget.v_model = text
    widget.fire_event("keyup.enter", None)


def test_changing_controls_and_reset_rebuilds_the_model():
    from cxsim.viz.app import MODEL_PARAMS

    reactive, rc = _render(WorkshopModel(customers=SMALL))
    rc.find(v.Btn, children=["Step"]).widget.click()
    old = reactive.value
    _select(rc, MODEL_PARAMS["preset"]["label"], pr.PRESETS["lure"].label)
    _select(rc, MODEL_PARAMS["reporting_line"]["label"], "marketing")
    _select(rc, MODEL_PARAMS["strategy"]["label"], "organic")
    _type(rc, MODEL_PARAMS["seed"]["label"], "11")
    _type(rc, MODEL_PARAMS["customers"]["label"], str(SMALL))
    rc.find(v.Btn, children=["Reset"]).widget.click()
    new = reactive.value
    assert new is not old and new.week == 0 and new.error is None
    assert new.preset.key == "lure"
    assert (new.config.leader.reporting_line, new.config.leader.strategy) == ("marketing", "organic")
    assert (new.config.seed, new.config.customers.n) == (11, SMALL)
    rc.find(children=["Step: 0"]).assert_single()
    assert "reports to <b>marketing</b>" in _texts(rc)


def test_bad_control_value_shows_an_error_not_a_traceback():
    from cxsim.viz.app import MODEL_PARAMS

    reactive, rc = _render(WorkshopModel(customers=SMALL))
    _type(rc, MODEL_PARAMS["customers"]["label"], "lots")
    rc.find(v.Btn, children=["Reset"]).widget.click()
    assert reactive.value.error and "customers" in reactive.value.error
    alerts = rc.find(v.Alert, type="error").widgets
    assert alerts and any("customers" in str(a.children) for a in alerts)
    rc.find(v.Btn, children=["Step"]).widget.click()  # the fallback model still runs
    assert reactive.value.week == 1


# ------------------------------------------------------------------------------ the launcher


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


def test_conflicts_of_the_week_are_shown_on_the_department():
    """Conflicts since the previous frame are read from the running totals
    (Department.conflicts_total), so a frame the browser skipped does not hide one."""
    from matplotlib.colors import to_rgba

    from cxsim.viz.pictures import picture
    from cxsim.viz.style import CONFLICT_COLOUR

    m = WorkshopModel(preset="marketing_influencer", customers=SMALL)
    assert m.config.leader.start_week > 1  # no real conflict can happen in week 1
    pic = picture(m, "organisation")
    pic.render_png(m)
    m.step()
    m.departments[2].conflicts_total += 1  # billing fought the leader this week (as CXLeader._conflict records it)
    pic.render_png(m)
    assert pic.fights(m).tolist() == [0, 0, 1, 0, 0, 0, 0, 0]
    assert pic.bolts[2].get_visible() and not pic.bolts[3].get_visible()
    assert "CONFLICT" in pic.labels[2].get_text()
    assert tuple(pic.nodes.get_edgecolors()[2]) == to_rgba(CONFLICT_COLOUR)
    assert "1 this week" in pic.status.get_text()
    m.step()
    pic.render_png(m)
    assert pic.fights(m)[2] == 0 and not pic.bolts[2].get_visible()  # next week: gone, the total stays
    assert "1 in total" in pic.status.get_text()
