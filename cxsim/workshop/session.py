"""One participatory session: its room's model, the seats, the rounds, the log of who did what.

A :class:`Session` is plain Python (no browser, no server): the Solara pages and the HTTP API call
the same methods, and the unit tests call them directly with a fake clock. It owns two models on
the same seed, built from the same scenario: the ROOM's, whose decisions the players make, and the
AUTONOMOUS one, where every role follows the model's own rule (:mod:`cxsim.model.decisions`);
both advance together, one round at a time, so the debrief can set one against the other.

Rules a room relies on (each tested):

* a role is taken by its first joiner, who gets a secret token; only the token acts for the role
  (the join code alone never gives a taken role); a token can rejoin from any device;
* decisions are accepted only while the round is open, only for the token's own role, only when
  every field is valid; a player may change its decision until the round closes (the last one
  counts), at most ``MAX_SUBMISSIONS`` times a round (a flood is refused, the last accepted
  decision stands);
* closing a round applies each role's decision exactly once: a played role that has not decided
  gets the model's rule (a "default applied" entry in the log), and the round's weeks run once
  (a second close of the same round is refused).
"""

from __future__ import annotations

import secrets
import threading
import time
from dataclasses import dataclass, field, replace

from ..config import ConfigError
from ..model import CXModel
from ..viz.presets import DEFAULT_CUSTOMERS, DEFAULT_PRESET, MAX_CUSTOMERS, PRESETS, preset_key, scenario_config
from .views import kpis, snapshot
from .roles import CEO, LEADER, ROLES, WorkshopError, check_role, parse_decision, role_label

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read from a projector
CODE_LENGTH = 6
MAX_SUBMISSIONS = 20  # accepted decisions per seat and round (more is a flood)
MAX_NAME = 40

LOBBY, OPEN, PAUSED, RUNNING, CLOSED, DEBRIEF = "lobby", "open", "paused", "running", "closed", "debrief"


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


@dataclass
class Seat:
    role: str
    name: str
    token: str
    submissions: int = 0  # accepted this round
    opened: int = 0  # pages opened with the seat's token


@dataclass(frozen=True)
class LogEntry:
    seconds: float  # since the session was created
    round: int
    week: int
    actor: str  # a role, or "facilitator"
    action: str
    detail: dict = field(default_factory=dict)

    def text(self) -> str:
        who = role_label(self.actor) if self.actor in ROLES else self.actor
        extra = ", ".join(f"{k} {v}" for k, v in self.detail.items())
        return f"round {self.round} (week {self.week}): {who} {self.action}" + (f" ({extra})" if extra else "")


def whole(name: str, value, lo: int, hi: int) -> int:
    try:
        x = float(value)
    except (TypeError, ValueError):
        raise WorkshopError(f"{name}={str(value)[:40]!r} must be a whole number between {lo} and {hi}") from None
    if not x.is_integer() or not lo <= x <= hi:
        raise WorkshopError(f"{name}={str(value)[:40]!r} must be a whole number between {lo} and {hi}")
    return int(x)


class Session:
    """A room's session. ``clock`` gives seconds (``time.monotonic`` by default; tests pass a fake).

    Args: ``preset`` (a key of :data:`cxsim.viz.presets.PRESETS`), ``seed``, ``round_weeks``
    (weeks a round covers, 13: a quarter), ``rounds`` (how many; rounds × weeks ≤ 156),
    ``decide_seconds`` (the countdown of a round), ``customers`` (the customer base)."""

    def __init__(self, preset: str = DEFAULT_PRESET, seed=0, round_weeks=13, rounds=8, decide_seconds=180,
                 customers=DEFAULT_CUSTOMERS, clock=time.monotonic, code: str | None = None):
        try:
            key = preset_key(str(preset))
        except ConfigError:
            raise WorkshopError(f"preset={str(preset)[:40]!r} is not a preset; one of {', '.join(PRESETS)}") from None
        self.round_weeks = whole("round_weeks", round_weeks, 1, 52)
        self.rounds = whole("rounds", rounds, 1, 12)
        if self.rounds * self.round_weeks > 156:
            raise WorkshopError(f"rounds × round_weeks = {self.rounds * self.round_weeks} weeks; at most 156 (three years)")
        self.decide_seconds = whole("decide_seconds", decide_seconds, 10, 3600)
        self.seed = whole("seed", seed, 0, 2**32 - 1)
        customers = whole("customers", customers, 100, MAX_CUSTOMERS)
        try:
            cfg, _ = scenario_config(key, seed=self.seed, customers=customers)
        except ConfigError as err:  # pragma: no cover - the scenario files themselves are broken
            raise WorkshopError(str(err)) from None
        self.preset = PRESETS[key]
        self.config = replace(cfg, steps=self.rounds * self.round_weeks)
        self.clock = clock
        self.created = clock()
        self.code = code or new_code()
        self.lock = threading.RLock()
        self.seats: dict[str, Seat] = {}
        self.pending: dict[str, tuple[dict, object]] = {}  # role → (values, decision) of the open round
        self.log: list[LogEntry] = []
        self.phase = LOBBY
        self.round = 0  # rounds closed so far; the open one is round + 1
        self.deadline: float | None = None
        self.left: float | None = None  # seconds left when paused
        self.revealed = 0  # last round whose results the projector shows
        self.version = 0  # bumped at every change (pages redraw when it moves)
        self.room = CXModel(self.config)
        self.autonomous = CXModel(self.config)
        self.band = None  # the debrief's replicates (set by cxsim.workshop.debrief)
        self.band_progress = (0, 0)  # replicates done, of how many
        self.views = snapshot(self.room)  # what the pages show, taken between rounds
        self.results = [(0, self.week, kpis(self.room), kpis(self.autonomous))]  # (round, week, room's KPIs, autonomous KPIs)

    # ------------------------------------------------------------------ helpers
    @property
    def week(self) -> int:
        return self.room.week

    def _note(self, actor: str, action: str, **detail) -> None:
        self.log.append(LogEntry(round(self.clock() - self.created, 1), self.round + (self.phase in (OPEN, PAUSED)), self.week, actor, action, detail))
        self.version += 1

    def seat_of(self, token) -> Seat:
        if isinstance(token, str):
            for seat in self.seats.values():
                if secrets.compare_digest(seat.token, token):
                    return seat
        raise WorkshopError("this token is not a seat of this session (join with the code, or ask the facilitator)")

    # ------------------------------------------------------------------ players
    def join(self, code, role, name="") -> str:
        """Take ``role`` with the join ``code``; returns the seat's token (keep it to rejoin). A
        player who already holds a seat, here or in another session, is refused by
        :meth:`cxsim.workshop.hub.Hub.join`, which knows every session."""
        with self.lock:
            if not isinstance(code, str) or not secrets.compare_digest(code.strip().upper().encode(), self.code.encode()):
                raise WorkshopError("wrong join code")
            check_role(role)
            if role in self.seats:
                raise WorkshopError(f"{role_label(role)} is taken; its player rejoins with their own link (token)")
            if role == LEADER and not self.config.leader.enabled:
                raise WorkshopError(f"this scenario ({self.preset.label}) has no CX leader to play")
            if self.phase == DEBRIEF:
                raise WorkshopError("the session has ended")
            name = str(name or "").strip()[:MAX_NAME] or role_label(role)
            seat = self.seats[role] = Seat(role, name, secrets.token_urlsafe(16))
            self._note(role, "joined", name=name)
            return seat.token

    def rejoin(self, token) -> str:
        """The role of a token whose page opens (a player back after a disconnect, from any
        device, from the second opening on: the first follows the join)."""
        with self.lock:
            seat = self.seat_of(token)
            seat.opened += 1
            if seat.opened > 1:
                self._note(seat.role, "rejoined")
            return seat.role

    def submit(self, token, payload, role: str | None = None) -> dict:
        """Accept a decision of the token's role for the open round; returns the cleaned values.
        ``role``: the role the client claims to act for (refused unless it is the token's)."""
        with self.lock:
            seat = self.seat_of(token)
            if role is not None and role != seat.role:
                raise WorkshopError(f"this token plays {role_label(seat.role)}; it cannot act for {str(role)[:40]}")
            if self.phase not in (OPEN, PAUSED):
                raise WorkshopError(self._closed_message())
            if seat.submissions >= MAX_SUBMISSIONS:
                raise WorkshopError(f"too many submissions this round ({MAX_SUBMISSIONS}); your last decision stands")
            values, decision = parse_decision(seat.role, payload)
            changed = seat.role in self.pending
            self.pending[seat.role] = (values, decision)
            seat.submissions += 1
            self._note(seat.role, "changed its decision" if changed else "decided", **values)
            return values

    def _closed_message(self) -> str:
        if self.phase == LOBBY:
            return "the first round has not started yet"
        if self.phase == DEBRIEF:
            return "the session has ended"
        return f"round {self.round} is closed; wait for the next one"

    # ------------------------------------------------------------------ facilitator
    def start_round(self) -> int:
        """Open the next round for decisions, with its countdown."""
        with self.lock:
            if self.phase not in (LOBBY, CLOSED):
                raise WorkshopError(f"cannot start a round now (the session is {self.phase})")
            if self.round >= self.rounds:
                raise WorkshopError("every round has been played")
            for seat in self.seats.values():
                seat.submissions = 0
            self.pending.clear()
            self.phase, self.deadline, self.left = OPEN, self.clock() + self.decide_seconds, None
            self._note("facilitator", "opened the round", seconds=self.decide_seconds)
            return self.round + 1

    def pause(self) -> None:
        with self.lock:
            if self.phase != OPEN:
                raise WorkshopError("only an open round can be paused")
            self.left, self.deadline, self.phase = self.remaining(), None, PAUSED
            self._note("facilitator", "paused the countdown")

    def resume(self) -> None:
        with self.lock:
            if self.phase != PAUSED:
                raise WorkshopError("the countdown is not paused")
            self.deadline, self.left, self.phase = self.clock() + (self.left or 0.0), None, OPEN
            self._note("facilitator", "resumed the countdown")

    def remaining(self) -> float:
        if self.phase == PAUSED:
            return float(self.left or 0.0)
        if self.phase != OPEN or self.deadline is None:
            return 0.0
        return max(0.0, self.deadline - self.clock())

    def due(self) -> bool:
        """True when the open round's countdown has run out (the caller then closes it)."""
        with self.lock:
            return self.phase == OPEN and self.remaining() <= 0.0

    def close_round(self) -> int:
        """Close the open round: its decisions, the rule for whoever has not decided, into the
        room's model. Returns the round number; the weeks run in :meth:`run_round`."""
        with self.lock:
            if self.phase not in (OPEN, PAUSED):
                raise WorkshopError("no round is open")
            heads, leader, executive = {}, None, None
            for role in ROLES:
                if role in self.pending:
                    decision = self.pending[role][1]
                else:
                    decision = None
                    if role in self.seats:
                        self._note(role, "default applied (the model's own rule)")
                if decision is None:
                    continue
                if role == LEADER:
                    leader = decision
                elif role == CEO:
                    executive = decision
                else:
                    heads[ROLES.index(role)] = decision
            self.room.decisions.set_round(heads, leader, executive)
            self.pending.clear()
            self.round += 1
            self.phase = RUNNING
            self._note("facilitator", "closed the round")
            return self.round

    def run_round(self) -> None:
        """Run the closed round's weeks in both models (only the thread that closed it calls this)."""
        if self.phase != RUNNING:
            raise WorkshopError("no round is running")
        for _ in range(self.round_weeks):
            self.room.step()
            self.autonomous.step()
        with self.lock:
            self.views = snapshot(self.room)
            self.results.append((self.round, self.week, kpis(self.room), kpis(self.autonomous)))
            self.phase = DEBRIEF if self.round >= self.rounds else CLOSED
            self._note("model", "ran the round", weeks=self.round_weeks)

    def advance(self) -> int:
        """Close the open round and run it (what "apply defaults and run" does)."""
        n = self.close_round()
        self.run_round()
        return n

    def reveal(self) -> None:
        with self.lock:
            if self.round == 0 or self.phase == RUNNING:
                raise WorkshopError("no round's results to reveal yet")
            self.revealed = self.round
            self._note("facilitator", "revealed the results")

    # ------------------------------------------------------------------ what the pages show
    def status(self) -> dict:
        with self.lock:
            return {"code": self.code, "phase": self.phase, "round": self.round + (self.phase in (OPEN, PAUSED)), "rounds": self.rounds,
                    "week": self.week, "remaining": round(self.remaining(), 1), "revealed": self.revealed,
                    "joined": {r: s.name for r, s in self.seats.items()}, "decided": sorted(self.pending),
                    "preset": self.preset.label, "seed": self.seed, "version": self.version}


__all__ = ["CLOSED", "DEBRIEF", "LOBBY", "MAX_SUBMISSIONS", "OPEN", "PAUSED", "RUNNING", "LogEntry", "Seat", "Session", "new_code", "whole"]
