"""`nntutor serve`: the tutor in a browser for a class (textual-serve, one process per visitor)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from nntutor.commands.lesson import add_lessons_dir, extra_dirs
from nntutor.commands.tutor import add_theme, theme_name
from nntutor.errors import UsageError

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def default_data_dir() -> Path:
    from nntutor.store import default_home

    return default_home() / "classroom"


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "serve", help="serve the tutor to a class in the browser",
        description="Serve the tutor over HTTP: each browser gets its own tutor; each visitor "
                    "types a name and gets their own progress under the data folder. Binds to "
                    "this machine only unless --host says otherwise.",
    )
    p.add_argument("--host", default=DEFAULT_HOST,
                   help=f"address to listen on (default {DEFAULT_HOST}: this machine only; "
                        "0.0.0.0 for the whole network)")
    p.add_argument("--port", type=int, default=DEFAULT_PORT,
                   help=f"port to listen on (default {DEFAULT_PORT})")
    p.add_argument("--data", default=None, metavar="DIR",
                   help="where the students' progress is kept (default: classroom/ in "
                        "NNTUTOR_HOME or your user data folder)")
    add_lessons_dir(p)
    add_theme(p)


def run(args: argparse.Namespace) -> int:
    import errno
    import socket

    from nntutor.serve.server import check_can_listen, is_loopback, make_server

    if not 0 < args.port < 65536:
        raise UsageError(f"--port {args.port}: must be from 1 to 65535")
    theme = theme_name(args.theme)
    dirs = extra_dirs(args)
    data = Path(args.data).expanduser() if args.data else default_data_dir()
    try:
        data.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"--data {data}: cannot create it ({exc.strerror or exc})") from None
    try:
        check_can_listen(args.host, args.port)
    except socket.gaierror:
        raise UsageError(f"--host {args.host}: not an address of this machine") from None
    except OSError as exc:
        fix = (f"another server is using that port: try --port {args.port + 1}"
               if exc.errno == errno.EADDRINUSE else "is it an address of this machine?")
        raise UsageError(f"cannot listen on {args.host}:{args.port} ({exc.strerror or exc}); "
                         f"{fix}") from None
    if not is_loopback(args.host):
        print(f"nntutor serve: warning: listening on {args.host}: anyone who can reach port "
              f"{args.port} can use the tutor (there are no passwords)", file=sys.stderr)
    server = make_server(data.resolve(), args.host, args.port, dirs, theme)
    print(f"nntutor serve: progress kept in {data}", flush=True)
    try:
        server.serve()
    except OSError as exc:  # taken between the check and now
        raise UsageError(f"cannot listen on {args.host}:{args.port} ({exc.strerror or exc})"
                         ) from None
    return 0
