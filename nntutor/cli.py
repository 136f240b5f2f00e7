"""Command-line entry point: argument parsing and dispatch only.

Each sub-command lives in `nntutor/commands/<name>.py` with `register(subparsers)` and
`run(args) -> int`; this file only wires them together.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from nntutor import __version__
from nntutor.errors import UsageError

# Order is the order `--help` lists them in.
COMMANDS = ["tutor", "lesson", "list", "progress", "validate", "train", "trace", "check", "shape",
            "debug", "serve", "grade"]


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, exit 2, never a traceback
        self.exit(2, f"{self.prog}: error: {message} (see `{self.prog} --help`)\n")


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The whole CLI; with `only`, the top level and that one sub-command (what a command
    line naming it needs: the other commands' modules are not even imported)."""
    parser = _Parser(
        prog="nntutor",
        description="A terminal tutor and step debugger for neural-network backpropagation.",
        epilog="Run `nntutor` with no command to open the lesson picker.",
    )
    parser.add_argument("--version", action="version", version=f"nntutor {__version__}")
    parser.add_argument(
        "--lessons-dir",
        action="append",
        default=[],
        metavar="DIR",
        help="add a folder of lesson files to the built-in ones (also NNTUTOR_LESSONS)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in COMMANDS if only is None else [only]:
        try:
            module = importlib.import_module(f"nntutor.commands.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"nntutor.commands.{name}":
                continue  # command not built yet
            raise
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    from nntutor import ascii

    ascii.install()  # a terminal without UTF-8 gets ASCII spellings, never a traceback
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(argv[0] if argv and argv[0] in COMMANDS else None)
    args = parser.parse_args(argv)
    if args.command is None:
        args.command = "tutor"
        args.target = None
    module = importlib.import_module(f"nntutor.commands.{args.command}")
    try:
        return int(module.run(args) or 0)
    except UsageError as exc:
        print(f"nntutor {args.command}: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # the reader went away (`nntutor list --json | head`): stop quietly, as cat does
        import os

        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141
