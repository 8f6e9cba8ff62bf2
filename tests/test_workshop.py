"""The participatory session's logic (cxsim.workshop), without a browser: seats and tokens, rounds
and the countdown, defaults, validation of hostile input, isolation of sessions, the debrief."""

from __future__ import annotations

import threading

import numpy as np
import pandas as pd
import pytest

from cxsim.workshop.hub import Hub
from cxsim.workshop.roles import CEO, LEADER, ROLES, WorkshopError, form, parse_decision, rule_values
from cxsim.workshop.session import CLOSED, DEBRIEF, MAX_SUBMISSIONS, Session

pytestmark = pytest.mark.xdist_group("workshop")

CUSTOMERS = 300  # small and shared: every session on seed 0 reuses one run-in
HEAD = {"mandate": "resist", "budget": "guard", "champions": "no", "community": "no", "forum": "yes"}


class Clock:
    def __init__(self):
        self.t = 1000.0

    def __call__(self):
        return self.t


def session(**kw) -> Session:
    kw.setdefault("customers", CUSTOMERS)
    kw.setdefault("rounds", 2)
    kw.setdefault("round_weeks", 13)
    return Session(**kw)


@pytest.fixture(scope="module")
def base():
    return session()


# ------------------------------------------------------------------ forms and validation
@pytest.mark.parametrize("role", ROLES)
def test_each_roles_default_form_values_parse(role, base):
    values, decision = parse_decision(role, rule_values(role, base.config))
    assert set(values) == {f.name for f in form(role)}
    assert decision is not None


@pytest.mark.parametrize("payload, words", [
    ({**HEAD, "mandate": "sabotage"}, "mandate='sabotage' is not allowed"),
    ({**HEAD, "mandate": "x" * 5000}, "malformed"),
    ({**HEAD, "champions": True}, "malformed"),
    ({k: v for k, v in HEAD.items() if k != "budget"}, "missing budget"),
    ({**HEAD, "sponsorship": 1}, "does not decide sponsorship"),
    (["resist"], "must be a set of fields"),
    ("resist", "must be a set of fields"),
])
def test_malformed_department_decisions_are_refused_with_the_field(payload, words):
    with pytest.raises(WorkshopError, match=words):
        parse_decision("billing", payload)


@pytest.mark.parametrize("value", ["1.5", -0.1, "nan", "inf", "lots", None, [0.2]])
def test_out_of_range_or_malformed_numbers_are_refused(value):
    payload = {"targets": "billing", "ex_share": value, "voc_share": 0.2, "redesign_share": 0.1}
    with pytest.raises(WorkshopError, match="ex_share"):
        parse_decision(LEADER, payload)


def test_unknown_role_is_refused():
    with pytest.raises(WorkshopError, match="not a role"):
        parse_decision("janitor", {})


# ------------------------------------------------------------------ seats and tokens
def test_join_gives_a_token_that_rejoins_and_the_code_alone_does_not(base):
    s = session()
    token = s.join(s.code, "billing", "Ann")
    assert s.rejoin(token) == "billing" and s.rejoin(token) == "billing"
    assert [e.action for e in s.log].count("rejoined") == 1  # the first opening follows the join
    with pytest.raises(WorkshopError, match="taken"):
        s.join(s.code, "billing", "Mallory")
    with pytest.raises(WorkshopError, match="wrong join code"):
        s.join("ZZZZZZ", "sales")
    with pytest.raises(WorkshopError, match="not a seat"):
        s.rejoin("guess")
    assert s.join(s.code.lower(), "sales") != token  # the code is case-blind


def test_a_player_who_holds_a_seat_cannot_take_a_second_one():
    hub = Hub()
    _, s = hub.create(customers=CUSTOMERS, rounds=1)
    _, token = hub.join(s.code, "billing")
    with pytest.raises(WorkshopError, match="already play Head of billing"):
        hub.join(s.code, "sales", holding=token)
    assert "sales" not in s.seats


def test_a_token_acts_only_for_its_own_role():
    s = session()
    token = s.join(s.code, "billing")
    s.start_round()
    with pytest.raises(WorkshopError, match="cannot act for sales"):
        s.submit(token, HEAD, role="sales")
    assert s.pending == {}


def test_decisions_only_while_a_round_is_open():
    clock = Clock()
    s = session(clock=clock)
    token = s.join(s.code, "billing")
    with pytest.raises(WorkshopError, match="not started"):
        s.submit(token, HEAD)
    s.start_round()
    s.pause()
    s.submit(token, HEAD)  # a paused countdown still takes decisions
    s.resume()
    s.close_round()
    with pytest.raises(WorkshopError, match="closed"):
        s.submit(token, HEAD)


def test_flood_is_refused_and_the_last_accepted_decision_stands():
    s = session()
    token = s.join(s.code, "billing")
    s.start_round()
    for i in range(MAX_SUBMISSIONS):
        s.submit(token, {**HEAD, "mandate": ("comply", "negotiate")[i % 2]})
    with pytest.raises(WorkshopError, match="too many"):
        s.submit(token, {**HEAD, "mandate": "resist"})
    assert s.pending["billing"][0]["mandate"] == ("comply", "negotiate")[(MAX_SUBMISSIONS - 1) % 2]


# ------------------------------------------------------------------ rounds
def test_countdown_pauses_and_comes_due():
    clock = Clock()
    s = session(clock=clock, decide_seconds=60)
    s.start_round()
    clock.t += 20
    assert s.remaining() == pytest.approx(40)
    s.pause()
    clock.t += 500
    assert s.remaining() == pytest.approx(40) and not s.due()
    s.resume()
    clock.t += 39
    assert not s.due()
    clock.t += 2
    assert s.due()


def test_closing_applies_each_decision_once_and_defaults_the_rest():
    s = session()
    a = s.join(s.code, "billing")
    s.join(s.code, "sales")  # joined, never decides
    s.start_round()
    s.submit(a, HEAD)
    s.close_round()
    heads = s.room.decisions.heads
    assert heads[list(ROLES).index("billing")].mandate == "resist"
    assert all(h.mandate is None for i, h in enumerate(heads) if ROLES[i] != "billing")
    assert any(e.actor == "sales" and "default applied" in e.action for e in s.log)
    with pytest.raises(WorkshopError, match="no round is open"):
        s.close_round()  # the same round cannot close twice
    week = s.week
    s.run_round()
    assert s.week == week + 13 and s.phase == CLOSED
    with pytest.raises(WorkshopError, match="no round is running"):
        s.run_round()  # nor run twice
    assert s.week == week + 13


def test_concurrent_closes_run_the_round_once():
    hub = Hub()
    _, s = hub.create(customers=CUSTOMERS, rounds=2)
    s.start_round()
    threads = [t for t in (hub.advance(s) for _ in range(5)) if t is not None]
    for t in threads:
        t.join(timeout=120)
    assert len(threads) == 1 and s.week == 13 and s.round == 1


def test_nobody_playing_the_room_is_the_model_alone():
    s = session(rounds=2)
    s.join(s.code, "billing")  # a seat that never decides: the rule
    for _ in range(2):
        s.start_round()
        s.advance()
    assert s.phase == DEBRIEF
    a = s.room.datacollector.get_model_vars_dataframe()
    b = s.autonomous.datacollector.get_model_vars_dataframe()
    assert a.equals(b)


def test_a_resisting_department_fights_where_the_rule_may_not():
    s = session(rounds=3, preset="ceo_decision_maker")
    token = {r: s.join(s.code, r) for r in ("sales", "billing", "logistics", "field_service", "customer_service", CEO)}
    for _ in range(3):
        s.start_round()
        for r in token:
            s.submit(token[r], {"arbitration": "department", "sponsorship": 0.2} if r == CEO else HEAD)
        s.advance()
    fights = sum(d.conflicts_total for d in s.room.departments)
    assert fights >= 5  # each played department fights its budget at least once a round after the start
    assert sum(d.conflicts_total for d in s.autonomous.departments) != fights
    assert s.room.executive.sponsorship != s.autonomous.executive.sponsorship


def test_sessions_are_isolated():
    hub = Hub()
    _, one = hub.create(customers=CUSTOMERS, rounds=1)
    _, two = hub.create(customers=CUSTOMERS, rounds=1)
    assert one.code != two.code
    s1, token = hub.join(one.code, "billing")
    assert s1 is one
    with pytest.raises(WorkshopError):
        two.seat_of(token)
    two.start_round()
    with pytest.raises(WorkshopError, match="not started"):
        hub.by_token(token).submit(token, HEAD)  # the token reaches its own session only
    assert two.pending == {}


def test_no_cx_leader_to_play_without_one():
    s = session(preset="no_leader", rounds=1)
    with pytest.raises(WorkshopError, match="no CX leader"):
        s.join(s.code, LEADER)
    assert s.join(s.code, CEO)


def test_bad_session_settings_are_refused_in_one_line():
    for kw, words in (({"preset": "nope"}, "not a preset"), ({"rounds": 0}, "rounds"), ({"round_weeks": "x"}, "round_weeks"),
                      ({"rounds": 12, "round_weeks": 26}, "at most 156")):
        with pytest.raises(WorkshopError, match=words):
            Session(customers=CUSTOMERS, **kw)


def test_parallel_submissions_lose_nothing():
    s = session()
    tokens = {r: s.join(s.code, r) for r in ROLES[:8]}
    s.start_round()
    errors = []

    def play(role):
        try:
            for _ in range(5):
                s.submit(tokens[role], HEAD)
        except WorkshopError as err:  # pragma: no cover - would fail the test below
            errors.append(err)

    threads = [threading.Thread(target=play, args=(r,)) for r in tokens]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors and sorted(s.pending) == sorted(tokens)
    assert all(s.seats[r].submissions == 5 for r in tokens)


def test_debrief_table_sets_the_room_against_the_model_alone_and_the_band():
    from cxsim.viz.debrief import bands
    from cxsim.workshop.debrief import table

    s = session(rounds=1)
    t = s.join(s.code, "billing")
    s.start_round()
    s.submit(t, HEAD)
    s.advance()
    rows = table(s)
    assert rows and all("band_lo" not in r for r in rows)
    ts = s.autonomous.datacollector.get_model_vars_dataframe().assign(replicate=0)
    s.band = bands("x", pd.concat([ts, ts.assign(replicate=1)], ignore_index=True))
    rows = table(s)
    assert all(r["band_lo"] <= r["model alone"] + 1e-9 for r in rows if r["model alone"] is not None)
    assert np.isfinite([r["room"] for r in rows if r["room"] is not None]).all()


def test_the_hub_closes_a_round_whose_countdown_ran_out():
    clock = Clock()
    hub = Hub()
    _, s = hub.create(customers=CUSTOMERS, rounds=2, decide_seconds=30, clock=clock)
    token = s.join(s.code, "billing")
    s.start_round()
    s.submit(token, HEAD)
    hub.tick()
    assert s.round == 0  # not yet due
    clock.t += 31
    hub.tick()
    for t in threading.enumerate():
        if t.name == f"cxsim-round-{s.code}":
            t.join(timeout=120)
    assert s.round == 1 and s.week == 13 and s.phase == CLOSED
    hub.tick()
    assert s.round == 1  # nothing to close twice


def test_an_ended_session_is_gone_for_everyone():
    hub = Hub(max_sessions=1)
    key, s = hub.create(customers=CUSTOMERS, rounds=1)
    _, token = hub.join(s.code, "billing")
    hub.end(key)
    with pytest.raises(WorkshopError, match="facilitator key"):
        hub.facilitated(key)
    with pytest.raises(WorkshopError, match="wrong join code"):
        hub.join(s.code, "sales")
    with pytest.raises(WorkshopError, match="unknown token"):
        hub.by_token(token)
    hub.create(customers=CUSTOMERS, rounds=1)  # its slot is free again
