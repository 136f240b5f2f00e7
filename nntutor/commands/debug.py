"""`nntutor debug [--plain] SCRIPT [ARGS...]`: step through your own NumPy script."""

from __future__ import annotations

import argparse
import importlib
import sys

from nntutor.errors import UsageError


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "debug",
        help="step through your own NumPy script, with every array's shape",
        description=(
            "Run SCRIPT (with ARGS) under the step debugger: every line with the arrays it "
            "creates or changes, and NumPy shape errors explained with a suggested fix."
        ),
    )
    parser.add_argument("--plain", action="store_true",
                        help="print a trace instead of opening the debugger screen")
    parser.add_argument("--ops", action="store_true",
                        help="(--plain) also show each operation of a line with its shapes")
    parser.add_argument("--show", type=_iterations, default=3, metavar="N",
                        help="(--plain) iterations of each loop traced in full (default 3; 'all')")
    parser.add_argument("script", metavar="SCRIPT", help="the Python script to run")
    parser.add_argument("args", nargs=argparse.REMAINDER, metavar="ARGS",
                        help="arguments passed to the script as sys.argv[1:]")


def _iterations(text: str) -> int | None:
    if text == "all":
        return None
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number or 'all', got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def run(args) -> int:
    from nntutor.debugger.script import ScriptError, load

    try:
        if not args.plain:
            load(args.script)  # a bad script is reported the same way in both modes
            return _open_screen(args)
        from nntutor.debugger.plain import run_plain

        return run_plain(args.script, args.args, operations=args.ops, show_iterations=args.show)
    except ScriptError as exc:
        raise UsageError(str(exc)) from None


def _open_screen(args) -> int:
    try:
        screen = importlib.import_module("nntutor.tui.debugger_app")
    except ModuleNotFoundError as exc:
        if exc.name not in ("nntutor.tui.debugger_app", "nntutor.tui"):
            raise
        print(
            "nntutor debug: the debugger screen is not available yet; "
            f"use `nntutor debug --plain {args.script}` for a trace",
            file=sys.stderr,
        )
        return 2
    return int(screen.run(args.script, args.args) or 0)
