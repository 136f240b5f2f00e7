"""The textual-serve server around the tutor: one tutor process per browser connection.

textual-serve runs a shell command for every websocket; ours is `session.py` with the server's
own data folder and lesson folders, quoted here, so nothing a visitor sends reaches it. The
page's websocket address is taken from the address the browser used, so a class reaching the
machine by its network name or IP gets a page that connects back to the same place.
"""

from __future__ import annotations

import ipaddress
import logging
import os
import shlex
import socket
import sys
from pathlib import Path
from typing import Sequence

import aiohttp_jinja2
from textual_serve.server import Server

import nntutor

LOOPBACK_NAMES = {"localhost", "ip6-localhost"}


def is_loopback(host: str) -> bool:
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def session_command(data_dir: Path, extra_dirs: Sequence[str | Path] = (),
                    theme: str | None = None) -> str:
    """The shell command textual-serve runs per connection (every part quoted)."""
    parts = [sys.executable, "-m", "nntutor.serve.session", "--data", str(data_dir)]
    for d in extra_dirs:
        parts += ["--lessons-dir", str(Path(d).expanduser().resolve())]
    if theme:
        parts += ["--theme", theme]
    return shlex.join(parts)


def check_can_listen(host: str, port: int) -> None:
    """Bind and release the address now, so a taken port is reported before the URL is
    printed; OSError (socket.gaierror for an unknown host name) otherwise."""
    family, kind, proto, _, address = socket.getaddrinfo(
        host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        probe.bind(address)


def url_for(host: str, port: int) -> str:
    """The address to open; for a wildcard bind, this machine's name."""
    if host in ("0.0.0.0", "::", ""):
        host = socket.gethostname()
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"
    return f"http://{host}:{port}"


class TutorServer(Server):
    """textual-serve's Server with a one-line start message and same-origin websockets."""

    def __init__(self, command: str, host: str, port: int) -> None:
        super().__init__(command, host=host, port=port, title="nntutor")
        self.url = url_for(host, port)

    def initialize_logging(self) -> None:
        logging.basicConfig(level=logging.WARNING, format="nntutor serve: %(message)s")

    async def on_startup(self, app) -> None:
        print(f"nntutor serve: open {self.url} in a browser (Ctrl+C stops the server)",
              flush=True)

    @aiohttp_jinja2.template("app_index.html")
    async def handle_index(self, request):
        base = f"{request.scheme}://{request.host}"
        ws = ("wss://" if request.scheme == "https" else "ws://") + request.host
        return {
            "font_size": 16,
            "app_websocket_url": ws + str(request.app.router["websocket"].url_for()),
            "config": {"static": {"url": base + "/static/"}},
            "application": {"name": self.title},
        }


def make_server(data_dir: Path, host: str = "127.0.0.1", port: int = 8000,
                extra_dirs: Sequence[str | Path] = (), theme: str | None = None) -> TutorServer:
    # the session processes import this nntutor even when it is not installed
    root = str(Path(nntutor.__file__).resolve().parents[1])
    paths = os.environ.get("PYTHONPATH", "").split(os.pathsep)
    if root not in paths:
        os.environ["PYTHONPATH"] = os.pathsep.join([root, *filter(None, paths)])
    return TutorServer(session_command(data_dir, extra_dirs, theme), host, port)
