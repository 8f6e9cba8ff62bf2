"""``python -m cxsim.workshop``: serve the participatory workshop (``make workshop``).

    python -m cxsim.workshop                          # loopback only: http://127.0.0.1:8766/
    python -m cxsim.workshop --port 9000              # another port
    python -m cxsim.workshop --host 0.0.0.0 --url http://192.168.1.20:8766
                                                      # the room's network (explicit): phones join

The facilitator opens ``/`` (the console), creates a session and shows its join code; players
open ``/play`` on their phones. By default only this computer can reach the server; serving on
the room's network is an explicit choice (``--host``), each session then protected by its join
code and each seat by its token. ``--url`` is the address players type (shown on the console and
in the QR code); without it the console shows http://HOST:PORT.
"""

from __future__ import annotations

import sys

from ..viz.__main__ import OneLineParser, bounded_int, serve, server_env

DEFAULT_PORT = 8766


def command(host: str, port: int) -> list[str]:
    return [sys.executable, "-m", "uvicorn", "cxsim.workshop.server:app", "--host", host, "--port", str(port), "--workers", "1",
            "--log-level", "warning"]


def environment(url: str) -> dict:
    env = server_env()
    env["SOLARA_APP"] = "cxsim.workshop.app"
    env["CXSIM_WORKSHOP_URL"] = url
    env["SOLARA_THEME_TITLE"] = "cxsim participatory workshop"
    return env


def main(argv: list[str] | None = None) -> int:
    parser = OneLineParser(prog="python -m cxsim.workshop", description="Serve the participatory workshop (console at /, players at /play).")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1: this computer only; 0.0.0.0: the room's network)")
    parser.add_argument("--port", type=bounded_int("--port", 1, 65535), default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT})")
    parser.add_argument("--url", default=None, help="the address players use, e.g. http://192.168.1.20:8766 (default http://HOST:PORT)")
    args = parser.parse_args(argv)
    url = args.url or f"http://{args.host}:{args.port}"
    if not url.startswith(("http://", "https://")):
        parser.error(f"--url {url!r} must start with http:// or https://")
    print(f"cxsim workshop: console {url}/  players {url}/play  (Ctrl-C to stop)", flush=True)
    if args.host not in ("127.0.0.1", "localhost", "::1"):
        print(f"serving on {args.host}: anyone on this network can open the pages; each session is protected by its join code", flush=True)
    return serve(args.port, args.host, command(args.host, args.port), environment(url))


__all__ = ["DEFAULT_PORT", "command", "environment", "main"]

if __name__ == "__main__":
    sys.exit(main())
