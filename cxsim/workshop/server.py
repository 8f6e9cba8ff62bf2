"""The workshop server's ASGI app: Solara's own app serving the workshop pages
(``cxsim.workshop.app``), with the JSON API (:mod:`cxsim.workshop.api`) routed before the pages.

    SOLARA_APP=cxsim.workshop.app uvicorn cxsim.workshop.server:app --host 127.0.0.1 --port 8766

(what ``python -m cxsim.workshop`` runs). Solara's documented deployment is its Starlette app under
uvicorn; the API's routes are inserted at the head of that app's routes, so Solara's middleware,
lifespan and websocket stay as they are.
"""

from __future__ import annotations

import os

os.environ.setdefault("SOLARA_APP", "cxsim.workshop.app")

import solara.server.starlette as solara_server  # noqa: E402 - reads SOLARA_APP when imported

from .api import ROUTES  # noqa: E402

app = solara_server.app
for route in reversed(ROUTES):
    if route not in app.router.routes:
        app.router.routes.insert(0, route)

__all__ = ["app"]
