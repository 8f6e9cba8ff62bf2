"""The sessions a workshop server holds, found by join code (players) or by token (a seat).

One :class:`Hub` per server process (:data:`HUB`): a plain object, deliberately shared by every
browser session and HTTP client of the process, because a room's players must meet in one
:class:`~cxsim.workshop.session.Session`. What isolates sessions is that every lookup goes
through a session's own join code, its own tokens or its facilitator key: a token of one session
is unknown to every other, and nothing of the ordinary page (``cxsim.viz``) lives here.

The facilitator's key (returned when the session is created) is what the console holds; players
never see it. Rounds run on a thread per session (:meth:`Hub.advance`), so a page or a request
never waits for the model.
"""

from __future__ import annotations

import secrets
import threading

from .roles import WorkshopError, role_label
from .session import OPEN, PAUSED, Session, new_code

MAX_SESSIONS = 16  # sessions one server holds (a room needs one)


class Hub:
    def __init__(self, max_sessions: int = MAX_SESSIONS):
        self.max_sessions = max_sessions
        self.sessions: dict[str, Session] = {}  # facilitator key → session
        self.lock = threading.Lock()

    def create(self, **kw) -> tuple[str, Session]:
        """A new session (arguments of :class:`Session`); returns (facilitator key, session)."""
        with self.lock:
            if len(self.sessions) >= self.max_sessions:
                raise WorkshopError(f"this server already holds {self.max_sessions} sessions; end one first")
        session = Session(**kw)
        with self.lock:
            while any(s.code == session.code for s in self.sessions.values()):
                session.code = new_code()
            key = secrets.token_urlsafe(16)
            self.sessions[key] = session
        return key, session

    def end(self, key: str) -> None:
        with self.lock:
            self.sessions.pop(key, None)

    def facilitated(self, key) -> Session:
        if isinstance(key, str):
            with self.lock:
                for k, s in self.sessions.items():
                    if secrets.compare_digest(k, key):
                        return s
        raise WorkshopError("unknown facilitator key")

    def by_code(self, code) -> Session:
        if isinstance(code, str):
            wanted = code.strip().upper()[:16]
            with self.lock:
                for s in self.sessions.values():
                    if secrets.compare_digest(s.code.encode(), wanted.encode()):
                        return s
        raise WorkshopError("wrong join code: no session has it")

    def by_token(self, token) -> Session:
        if isinstance(token, str):
            with self.lock:
                sessions = list(self.sessions.values())
            for s in sessions:
                try:
                    s.seat_of(token)
                except WorkshopError:
                    continue
                return s
        raise WorkshopError("unknown token: join with the session's code")

    def join(self, code, role, name="", holding=None) -> tuple[Session, str]:
        session = self.by_code(code)
        if holding:
            try:
                other = self.by_token(holding)
            except WorkshopError:
                other = None
            if other is not None:
                raise WorkshopError(f"you already play {role_label(other.seat_of(holding).role)} in a session; one role per player")
        return session, session.join(code, role, name)

    def tick(self) -> None:
        """Close every round whose countdown has run out (the pages call this on their timer)."""
        with self.lock:
            sessions = list(self.sessions.values())
        for s in sessions:
            if s.due():
                self.advance(s)

    @staticmethod
    def advance(session: Session) -> threading.Thread | None:
        """Close the session's open round and run it on a thread of its own (None if none is open)."""
        with session.lock:
            if session.phase not in (OPEN, PAUSED):
                return None
            session.close_round()
        thread = threading.Thread(target=session.run_round, daemon=True, name=f"cxsim-round-{session.code}")
        thread.start()
        return thread


HUB = Hub()

__all__ = ["HUB", "MAX_SESSIONS", "Hub"]
