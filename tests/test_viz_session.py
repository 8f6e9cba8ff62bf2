"""The session's worker (cxsim.viz.session.Runner) without a browser: actions are taken in order,
a Reset followed at once by Play plays the new model, Step is one week, sessions are independent,
compare steps both runs on one seed. Timeouts only stop a hung test; nothing asserts speed."""

from __future__ import annotations

import threading
import time

import pytest

from cxsim.viz.session import Runner

pytestmark = pytest.mark.filterwarnings("ignore")
SMALL = {"customers": "400"}
HANG = 120.0  # seconds: only a hang gets near this




class Frames:
    """Collects a runner's frames; ``wait(cond)`` until a frame satisfies ``cond``."""

    def __init__(self):
        self.frames, self.cv = [], threading.Condition()

    def __call__(self, frame):
        with self.cv:
            self.frames.append(frame)
            self.cv.notify_all()

    def wait(self, cond, timeout: float = HANG):
        deadline = time.monotonic() + timeout
        with self.cv:
            while not (self.frames and cond(self.frames[-1])):
                left = deadline - time.monotonic()
                assert left > 0, f"no frame satisfied the condition; last: week {self.frames[-1].week if self.frames else None}"
                self.cv.wait(left)
            return self.frames[-1]


@pytest.fixture
def session():
    frames = Frames()
    runner = Runner(frames, dict(SMALL)).start()
    runner.submit("speed", delay=0.0, every=1)
    yield runner, frames
    runner.close()
    runner.thread.join(HANG)
    assert not runner.thread.is_alive()


def test_a_new_session_starts_at_week_0_of_the_default_preset(session):
    from cxsim.viz.presets import DEFAULT_PRESET, PRESETS

    runner, frames = session
    frame = frames.wait(lambda f: True)
    assert frame.week == 0 and frame.a.label == PRESETS[DEFAULT_PRESET].label and not frame.playing
    assert set(frame.pngs) == {"journey", "organisation", "kpis"}


def test_step_advances_exactly_one_week(session):
    runner, frames = session
    frames.wait(lambda f: f.week == 0)
    for week in (1, 2, 3):
        runner.submit("step")
        assert frames.wait(lambda f, w=week: f.week >= w).week == week


def test_reset_then_play_at_once_plays_the_new_model(session):
    runner, frames = session
    for _ in range(5):
        runner.submit("step")
    frames.wait(lambda f: f.week == 5)
    for attempt in range(4):
        runner.submit("reset", a={**SMALL, "preset": "lure" if attempt % 2 else "no_leader"})
        runner.submit("play")  # queued behind the Reset: it must play the new run, from week 0
        frame = frames.wait(lambda f: f.playing and f.week >= 3)
        assert frame.a.label.startswith("The lure" if attempt % 2 else "No CX leader")
        runner.submit("pause")
        assert not frames.wait(lambda f: not f.playing).playing


def test_play_runs_to_the_end_and_stops(session):
    runner, frames = session
    runner.submit("reset", a={**SMALL, "preset": "no_leader"})
    frames.wait(lambda f: f.a.label == "No CX leader")  # the worker has built the new model and waits
    runner.model.config.steps = 6  # a short horizon
    runner.submit("play")
    frame = frames.wait(lambda f: not f.running)
    assert frame.week == 6 and not frame.playing
    runner.submit("step")
    runner.submit("play")
    runner.submit("draw")
    assert frames.wait(lambda f: f.seq > frame.seq + 1).week == 6  # nothing moves past the end


def test_two_sessions_have_independent_models():
    a_frames, b_frames = Frames(), Frames()
    a, b = Runner(a_frames, dict(SMALL)).start(), Runner(b_frames, dict(SMALL)).start()
    try:
        for _ in range(3):
            a.submit("step")
        a_frames.wait(lambda f: f.week == 3)
        b.submit("draw")
        assert b_frames.wait(lambda f: True).week == 0
        assert a.model is not b.model
    finally:
        a.close(), b.close()


def test_compare_steps_both_runs_on_the_same_seed(session):
    runner, frames = session
    runner.submit("view", view="compare", size=(1280, 720))
    runner.submit("reset", a={**SMALL, "preset": "lure", "seed": "7"}, b={"preset": "no_leader"})
    for _ in range(4):
        runner.submit("step")
    frame = frames.wait(lambda f: f.week == 4 and f.b is not None)
    assert set(frame.pngs) == {"journey", "journey_b", "kpis_compare"}
    assert runner.model_b.week == 4 and runner.model_b.config.seed == 7
    assert frame.b.label == "No CX leader"


def test_a_bad_control_value_is_a_message_and_the_preset_runs(session):
    runner, frames = session
    runner.submit("reset", a={"preset": "lure", "customers": "lots"})
    frame = frames.wait(lambda f: f.a.error is not None)
    assert "customers" in frame.a.error and "\n" not in frame.a.error
    runner.submit("step")
    assert frames.wait(lambda f: f.week == 1).a.label.startswith("The lure")


def test_events_reach_the_frame(session, monkeypatch):
    from types import SimpleNamespace

    runner, frames = session
    frames.wait(lambda f: True)
    runner.model.events = [SimpleNamespace(week=14, kind="conflict", actor="cx_leader", target="sales", detail={"outcome": "lost"})]
    runner.submit("view", view="events", size=(1280, 720))
    frame = frames.wait(lambda f: "timeline" in f.pngs)
    assert frame.events == ("week 14 · conflict: cx leader → sales (lost)",)
