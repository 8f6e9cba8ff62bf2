"""The participatory workshop's pages (Solara): the facilitator's console at ``/`` and the
players' page at ``/play`` (phone-sized). ``python -m cxsim.workshop`` serves them.

Nothing here holds state at module level except what the room must share, the
:data:`~cxsim.workshop.hub.HUB` of sessions; each page finds its session through its URL: the
console by its facilitator key (``/?key=…``), a player by its seat's token (``/play?token=…``),
so a reload, or the same link on another device, comes back to the same seat. Every page polls
its session twice a second (a thread per page, stopped when the page closes) and redraws when the
session changed or the countdown moved.
"""

from __future__ import annotations

import logging
import threading
from urllib.parse import parse_qs

import solara

from cxsim.workshop.console import Console
from cxsim.workshop.hub import HUB
from cxsim.workshop.player import Player

_log = logging.getLogger(__name__)


def query(router) -> dict:
    return {k: v[0] for k, v in parse_qs(router.search or "").items()}


def pulse_loop(session, stop: threading.Event, on_change) -> None:
    """Every half second: close rounds that are due; call ``on_change`` when ``session`` changed
    or its countdown moved."""
    last = None
    while not stop.wait(0.5):
        try:
            HUB.tick()
            if session is not None:
                now = (session.version, int(session.remaining()))
                if now != last:
                    last = now
                    on_change(now)
        except Exception:  # a page that closed mid-set; the next one starts its own
            _log.exception("cxsim.workshop: page pulse failed")
            return


def use_pulse(session) -> tuple:
    """Redraw the calling page when ``session`` changes or its countdown moves (and close rounds
    whose countdown ran out: any open page does it, none needs to be the facilitator's). The
    thread is created during the render, so it carries the page's kernel context (Solara's
    patched Thread), and started by the effect, which stops it when the page goes."""
    pulse = solara.use_reactive((0, 0))
    stop = solara.use_memo(threading.Event, [id(session)])
    thread = solara.use_memo(lambda: threading.Thread(target=pulse_loop, args=(session, stop, pulse.set), daemon=True,
                                                      name="cxsim-workshop-pulse"), [id(session)])

    def start():
        thread.start()
        return stop.set

    solara.use_effect(start, [id(session)])
    return pulse.value  # read during the render: the page subscribes to it


@solara.component
def ConsolePage():
    router = solara.use_router()
    key = query(router).get("key")
    try:
        session = HUB.facilitated(key) if key else None
    except Exception:
        session = None
    pulse = use_pulse(session)
    Console(session, key, router.push, pulse)  # the pulse as a prop: Solara redraws a child whose props changed


@solara.component
def PlayerPage():
    router = solara.use_router()
    q = query(router)
    token = q.get("token")
    try:
        session = HUB.by_token(token) if token else None
    except Exception:
        session = None
    pulse = use_pulse(session)
    solara.use_effect(lambda: session.rejoin(token) and None if session is not None else None, [id(session)])
    Player(session, token, q.get("code", ""), router.push, pulse)


@solara.component
def Layout(children=[]):  # noqa: B006 - Solara's layout signature
    """No app bar: the pages draw their own header."""
    return solara.Column(children=children, gap="0px", style={"padding": "0", "margin": "0"})


routes = [
    solara.Route(path="/", component=ConsolePage, label="Facilitator", layout=Layout),
    solara.Route(path="play", component=PlayerPage, label="Player", layout=Layout),
]
