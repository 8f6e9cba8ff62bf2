"""The page's pictures: they render for every preset, blitting equals a full redraw, the KPI panels
come from the metric registry, every text obeys the layout's font rule (presenter mode: ≥ 24 px
at 1280×720), and the layout fills the screen."""

from __future__ import annotations

import io

import numpy as np
import pytest
from matplotlib.text import Text
from PIL import Image

from cxsim.viz import presets as pr
from cxsim.viz.journey import JourneyPicture
from cxsim.viz.kpis import KPIPicture
from cxsim.viz.layout import font_px, slots
from cxsim.viz.model import WorkshopModel
from cxsim.viz.organisation import OrganisationPicture
from cxsim.viz.style import DPI

pytestmark = pytest.mark.filterwarnings("ignore")
SMALL = 400
PICTURES = {"organisation": OrganisationPicture, "journey": JourneyPicture, "kpis": KPIPicture}




def _png_ok(data) -> bool:
    data = bytes(data)
    return data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 1000


def _rgb(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=int)


@pytest.mark.parametrize("key", list(pr.PRESETS))
def test_pictures_render_for_every_preset(key):
    m = WorkshopModel(preset=key, customers=SMALL)
    views = {name: cls(m) for name, cls in PICTURES.items()}
    first = {name: view.render_png(m) for name, view in views.items()}
    for _ in range(15):  # past the programme start
        m.step()
    for name, view in views.items():
        again = view.render_png(m)
        assert _png_ok(first[name]) and _png_ok(again)
        assert again != first[name], f"{name} did not change after 15 weeks"


def test_blitted_frame_equals_a_full_redraw():
    """The cached background plus blitted data must show the same picture as drawing afresh."""
    m = WorkshopModel(preset="marketing_influencer", customers=SMALL)
    views = {name: cls(m, size=(600, 400), font_px=13) for name, cls in PICTURES.items()}
    for _ in range(20):  # a frame every week, as Play draws them
        m.step()
        for view in views.values():
            view.render_png(m)
    for name, cls in PICTURES.items():
        blitted = _rgb(views[name].render_png(m))
        full = _rgb(cls(m, size=(600, 400), font_px=13).render_png(m))
        assert blitted.shape == full.shape == (400, 600, 3)
        assert np.mean(np.abs(blitted - full) > 8) < 0.002, name


def _text_px(fig) -> list[float]:
    return [t.get_fontsize() * DPI / 72.0 for t in fig.findobj(Text) if t.get_text().strip() and t.get_visible()]


@pytest.mark.parametrize("presenter", [False, True])
@pytest.mark.parametrize("viewport", [(1280, 720), (1920, 1080)])
def test_every_text_of_a_picture_obeys_the_font_rule(presenter, viewport):
    m = WorkshopModel(preset="marketing_influencer", customers=SMALL)
    for _ in range(20):
        m.step()
    for main in ("kpis", "organisation"):
        for name, slot in slots("run", *viewport, presenter, main).items():
            pic = PICTURES[name](m, size=(slot.width, slot.height), font_px=slot.font, columns=slot.columns) if name == "kpis" else \
                PICTURES[name](m, size=(slot.width, slot.height), font_px=slot.font)
            png = pic.render_png(m)
            assert _rgb(png).shape[:2] == (slot.height, slot.width)
            sizes = _text_px(pic.fig)
            assert sizes and min(sizes) >= slot.font - 1e-6, (name, min(sizes), slot.font)
            if presenter:
                assert min(sizes) >= 24.0 * viewport[1] / 720.0 - 1e-6


def test_presenter_rule_is_24_px_at_720_and_grows_with_the_screen():
    assert font_px(720, True) == 24.0 and font_px(1080, True) == 36.0
    assert font_px(500, True) == 24.0  # never below the rule
    assert 11.0 <= font_px(720, False) < 24.0


@pytest.mark.parametrize("view", ["run", "compare", "debrief", "events"])
def test_the_layout_uses_the_width_of_a_large_screen(view):
    for presenter in (False, True):
        widths = [s.width for s in slots(view, 1920, 1080, presenter).values()]
        assert max(widths) >= 0.8 * 1920 - (0 if presenter else 300)
    run = slots("run", 1920, 1080)
    assert run["organisation"].width + run["kpis"].width >= 0.8 * (1920 - 300)


def test_kpi_panels_come_from_the_metric_registry():
    from cxsim.metrics import metrics_in
    from cxsim.viz.kpis import kpi_panels

    shown = metrics_in("browser")
    panels = kpi_panels()
    assert [t for t, _ in panels] == list(dict.fromkeys(m.panel for m in shown))
    assert sorted(m.name for _, ms in panels for m in ms) == sorted(m.name for m in shown)
    m = WorkshopModel(customers=SMALL)
    kpi = KPIPicture(m)
    assert [metric.name for metric, _, _ in kpi.series] == [x.name for _, ms in panels for x in ms]
    for metric, line, _ in kpi.series:
        assert line.get_label().startswith(metric.title)
    assert [ax.get_title() for ax in kpi.axes if ax.get_visible()] == [t for t, _ in panels]


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
    assert len(pic.series[names.index("engagement")][1].get_xdata()) == 4


@pytest.mark.parametrize("current, lo, hi, expected", [
    (None, -37.0, -20.0, (-50.0, 0.0)),
    ((-50.0, 0.0), -37.0, 10.0, (-50.0, 25.0)),
    ((-50.0, 25.0), -120.0, 10.0, (-100.0, 25.0)),  # never beyond the metric's range
    ((0.0, 0.25), 0.1, 0.2, (0.0, 0.25)),  # never shrinks
])
def test_axis_limits_only_grow_in_whole_steps(current, lo, hi, expected):
    from cxsim.viz.kpis import grow_limits

    assert grow_limits(current, lo, hi, 25.0 if abs(hi) > 1 else 0.125, -100.0, 100.0) == expected


def test_compare_draws_the_second_run_dashed():
    a, b = WorkshopModel(preset="lure", customers=SMALL), WorkshopModel(preset="ceo_decision_maker", customers=SMALL)
    for _ in range(30):
        a.step(), b.step()
    pic = KPIPicture(a, ghost=b)
    pic.render_png(a)
    nps = [i for i, (metric, _, _) in enumerate(pic.series) if metric.name == "nps"][0]
    solid, dashed = pic.series[nps][1], pic.ghost_lines[nps]
    assert len(dashed.get_xdata()) == len(solid.get_xdata()) == 30
    assert list(dashed.get_ydata()) == list(b.datacollector.model_vars["nps"][1:])
    assert dashed.get_linestyle() != solid.get_linestyle()


def test_no_leader_legend_explains_no_mandates():
    m = WorkshopModel(preset="no_leader", customers=SMALL)
    pic = OrganisationPicture(m)
    pic.render_png(m)
    labels = [t.get_text() for t in pic.fig.legends[0].get_texts()]
    assert labels == ["ties (width = density)", "ties at a handoff"]
    assert "no CX leader" in pic.status2.get_text()


def test_conflicts_of_the_week_are_shown_on_the_department():
    """Conflicts since the previous frame are read from the running totals
    (Department.conflicts_total), so a frame the browser skipped does not hide one."""
    from matplotlib.colors import to_rgba

    from cxsim.viz.style import CONFLICT_COLOUR

    m = WorkshopModel(preset="marketing_influencer", customers=SMALL)
    assert m.config.leader.start_week > 1  # no real conflict can happen in week 1
    pic = OrganisationPicture(m)
    pic.render_png(m)
    m.step()
    m.departments[2].conflicts_total += 1  # billing fought the leader this week
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
