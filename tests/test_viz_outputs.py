"""What the page gives a debrief: the exports (a 16:9 slide, the weekly CSV, the levers), from the
page's code and from ``python -m cxsim.viz --export`` (bad input: one line, nothing written), the
replicate bands of the Debrief tab, the event log, and the Info text shared with the guide."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
from PIL import Image

from cxsim.viz.model import WorkshopModel

pytestmark = pytest.mark.filterwarnings("ignore")
ROOT = Path(__file__).resolve().parents[1]
SMALL = 400




def _run(preset="lure", weeks=20, **levers):
    m = WorkshopModel(preset=preset, customers=SMALL, **levers)
    for _ in range(weeks):
        m.step()
    return m


def check_exports(files: dict, weeks: int):
    """Every exported file is what it says: a 1920×1080 PNG, a CSV of every week, the levers."""
    slide, csv, levers = (next(v for k, v in files.items() if k.endswith(end)) for end in ("_slide.png", "_weekly.csv", "_levers.json"))
    with Image.open(io.BytesIO(slide)) as im:
        assert im.format == "PNG" and im.size == (1920, 1080)
        pixels = np.asarray(im.convert("L"))
        assert (pixels < 200).mean() > 0.02  # not a blank page
    df = pd.read_csv(io.BytesIO(csv))
    assert list(df["week"]) == list(range(weeks + 1)) and {"nps", "customer_friction", "sponsorship"} <= set(df.columns)
    data = json.loads(levers)
    assert data["week"] == weeks and data["command"].startswith("python -m cxsim ") and data["overrides"]
    return data


def test_exports_of_a_run(tmp_path):
    from cxsim.viz.export import export_files, write_files

    m = _run(budget="1")
    files = export_files(m)
    data = check_exports(files, 20)
    assert data["overrides"] == ["leader=lure", "leader.budget=1"] and data["levers"] == {"budget": "1"}
    assert data["config"]["leader"]["budget"] == 1.0
    paths = write_files(files, tmp_path / "out")
    assert sorted(p.name for p in paths) == sorted(files) and not list((tmp_path / "out").glob(".*"))


def test_the_levers_file_repeats_the_run_from_the_command_line():
    from cxsim.cli.scenarios import compose
    from cxsim.viz.export import levers_json

    m = _run("marketing_influencer", 5, strategy="organic")
    data = json.loads(levers_json(m))
    args = data["command"].split()[3:]
    assert compose(args) == m.config


def test_a_directory_that_cannot_be_written_is_one_error_and_nothing_is_written(tmp_path):
    from cxsim.viz.export import ExportError, write_files

    blocker = tmp_path / "file"
    blocker.write_text("x")
    for bad in (Path("/proc/x"), blocker, blocker / "below"):
        with pytest.raises(ExportError) as info:
            write_files({"a.csv": b"1"}, bad)
        assert "\n" not in str(info.value) and str(bad) in str(info.value)
    assert blocker.read_text() == "x"


@pytest.mark.parametrize("args, word", [
    (["--export", "/proc/x"], "/proc/x"),
    (["--weeks", "-5"], "--weeks"),
    (["--weeks", "157"], "--weeks"),
    (["--weeks", "2.5"], "--weeks"),
    (["--seed", "-1"], "--seed"),
    (["--customers", "0"], "--customers"),
    (["--preset", "nope"], "--preset"),
    (["--lever", "board=1"], "--lever"),
    (["--export", "{tmp}/out", "--lever", "budget=lots"], "budget"),
])
def test_bad_command_lines_are_refused_in_one_line(tmp_path, args, word):
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    proc = subprocess.run([sys.executable, "-m", "cxsim.viz", *args], capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert proc.returncode == 2, proc
    assert proc.stdout == "" and len(proc.stderr.strip().splitlines()) == 1 and word in proc.stderr
    assert "Traceback" not in proc.stderr
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_export_from_the_command_line_with_bands(tmp_path):
    out = tmp_path / "slides"
    proc = subprocess.run([sys.executable, "-m", "cxsim.viz", "--export", str(out), "--preset", "no_leader", "--weeks", "12",
                           "--customers", str(SMALL), "--replicates", "3"], capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert proc.returncode == 0, proc.stderr
    files = {p.name: p.read_bytes() for p in out.iterdir()}
    assert len(files) == 3 and sorted(Path(x).name for x in proc.stdout.split()) == sorted(files)
    check_exports(files, 12)


def test_bands_hold_the_mean_and_the_room_is_set_against_them():
    from cxsim.viz.debrief import DebriefJob, typical_rows

    m = _run("no_leader", 12)
    m.config.steps = 12
    progress, done = [], []
    job = DebriefJob([("no leader", m.config)], 4, lambda d, t: progress.append((d, t)), done.extend)
    job.run()
    assert progress == [(0, 4), (1, 4), (2, 4), (3, 4), (4, 4)]
    (band,) = done
    assert band.n == 4 and list(band.weeks) == list(range(13))
    for name in band.mean:
        assert np.all(band.lo[name] <= band.mean[name] + 1e-12) and np.all(band.mean[name] <= band.hi[name] + 1e-12)
    rows = typical_rows(band, m.metrics, 12)
    assert {r["metric"] for r in rows} == set(band.mean)
    for r in rows:
        assert r["mean_lo"] <= r["mean"] <= r["mean_hi"] and r["band_lo"] <= r["mean"] <= r["band_hi"]
        assert r["typical"] == (r["band_lo"] <= r["room"] <= r["band_hi"])


def test_a_cancelled_debrief_reports_nothing():
    from cxsim.viz.debrief import DebriefJob

    m = _run("no_leader", 0)
    done = []
    job = DebriefJob([("x", m.config)], 50, lambda d, t: job.cancel() if d == 1 else None, done.extend)
    job.run()
    assert done == []


def test_events_are_read_by_their_attribute_names_only():
    from cxsim.viz.events import describe, marked_weeks, read_events, timeline_png

    Event = SimpleNamespace
    m = SimpleNamespace(events=[
        Event(week=13, kind="programme_start", actor="cx_leader", target="", detail={}),
        Event(week=14, kind="conflict", actor="cx_leader", target="billing", detail={"outcome": "won"}),
        Event(week=26, kind="sponsorship_review", actor="ceo", target="", detail={"sponsorship": 0.95}),
        Event(week=30, kind="leader_sidelined", actor="cx_leader", target="", detail={}),
        SimpleNamespace(note="not an event"),
    ])
    events = read_events(m)
    assert [e.week for e in events] == [13, 14, 26, 30]
    assert describe(events[1]) == "week 14 · conflict: cx leader → billing (won)"
    assert describe(events[2]) == "week 26 · sponsorship review: ceo · sponsorship 0.95"
    assert [w for w, _ in marked_weeks(events)] == [14, 30]
    assert read_events(SimpleNamespace()) == []
    png = timeline_png(events, 156, (600, 200), 12)
    with Image.open(io.BytesIO(png)) as im:
        assert im.size == (600, 200)


def test_kpi_plots_mark_the_notable_events():
    from cxsim.viz.kpis import KPIPicture

    m = _run("marketing_influencer", 20)
    m.events = [SimpleNamespace(week=15, kind="conflict", actor="cx_leader", target="sales", detail={}),
                SimpleNamespace(week=16, kind="target_change", actor="cx_leader", target="purchase", detail={})]
    pic = KPIPicture(m)
    pic.render_png(m)
    for scatter in pic.markers:
        assert scatter.get_offsets().tolist() == [[15.0, 1.0]]


def test_the_guide_holds_the_info_tab_text():
    from cxsim.viz import guide

    assert guide.main(["--check"]) == 0
    text = guide.GUIDE.read_text()
    for title, body in guide.SECTIONS:
        assert f"### {title}" in text and body in text


def test_the_guide_reports_every_scenario_it_names():
    from cxsim.viz import numbers

    assert numbers.main(["--check"]) == 0
