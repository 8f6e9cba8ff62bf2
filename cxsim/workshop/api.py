"""A small JSON API beside the pages, for phones without the page, scripts and the load test.

Every endpoint calls the same :class:`~cxsim.workshop.hub.Hub` and
:class:`~cxsim.workshop.session.Session` methods as the Solara pages, so the API validates and
refuses exactly as the pages do (a refused action: HTTP 400 with ``{"error": message}``).

    POST /api/join        {"code", "role", "name"?, "holding"?}  → {"token", "role"}
    POST /api/decide      {"token", "decision": {...}, "role"?}   → {"accepted": {...}}
    GET  /api/state?token=…                                        → {"status", "view", "form"}
    POST /api/facilitate  {"key", "action"}  action: status | start | pause | resume | close | reveal  → {"status"}

A body larger than ``MAX_BODY`` bytes or that is not a JSON object is refused (413 / 400).
"""

from __future__ import annotations

import json
from dataclasses import asdict

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from .hub import HUB
from .roles import WorkshopError, form

MAX_BODY = 4096


class TooLarge(WorkshopError):
    """A request body over MAX_BODY bytes (HTTP 413)."""


async def _body(request: Request) -> dict:
    raw = await request.body()
    if len(raw) > MAX_BODY:
        raise TooLarge(f"request body of {len(raw)} bytes; at most {MAX_BODY}")
    try:
        data = json.loads(raw or b"{}")
    except (ValueError, UnicodeDecodeError):
        raise WorkshopError("the request body is not JSON") from None
    if not isinstance(data, dict):
        raise WorkshopError("the request body must be a JSON object")
    return data


def _refused(err: WorkshopError) -> JSONResponse:
    return JSONResponse({"error": str(err)}, status_code=413 if isinstance(err, TooLarge) else 400)


async def join(request: Request) -> JSONResponse:
    try:
        data = await _body(request)
        HUB.tick()
        session, token = HUB.join(data.get("code"), data.get("role"), data.get("name", ""), data.get("holding"))
        return JSONResponse({"token": token, "role": session.seat_of(token).role})
    except WorkshopError as err:
        return _refused(err)


async def decide(request: Request) -> JSONResponse:
    try:
        data = await _body(request)
        HUB.tick()
        token = data.get("token")
        values = HUB.by_token(token).submit(token, data.get("decision"), role=data.get("role"))
        return JSONResponse({"accepted": values})
    except WorkshopError as err:
        return _refused(err)


async def state(request: Request) -> JSONResponse:
    try:
        HUB.tick()
        token = request.query_params.get("token")
        session = HUB.by_token(token)
        role = session.seat_of(token).role
        return JSONResponse({"status": session.status(), "role": role, "view": session.views["roles"][role],
                             "form": [asdict(f) for f in form(role)]})
    except WorkshopError as err:
        return _refused(err)


async def facilitate(request: Request) -> JSONResponse:
    try:
        data = await _body(request)
        session = HUB.facilitated(data.get("key"))
        action = data.get("action")
        if action == "close":
            if HUB.advance(session) is None:
                raise WorkshopError("no round is open")
        elif action == "status":
            pass
        elif action in ("start", "pause", "resume", "reveal"):
            {"start": session.start_round, "pause": session.pause, "resume": session.resume, "reveal": session.reveal}[action]()
        else:
            raise WorkshopError(f"action={str(action)[:40]!r} is not one of status, start, pause, resume, close, reveal")
        return JSONResponse({"status": session.status()})
    except WorkshopError as err:
        return _refused(err)


ROUTES = [
    Route("/api/join", join, methods=["POST"]),
    Route("/api/decide", decide, methods=["POST"]),
    Route("/api/state", state, methods=["GET"]),
    Route("/api/facilitate", facilitate, methods=["POST"]),
]

__all__ = ["MAX_BODY", "ROUTES"]
