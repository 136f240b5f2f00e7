"""`nntutor` (or `nntutor tutor`): open the lesson picker in the terminal."""

from __future__ import annotations

import argparse
import os

from nntutor.errors import UsageError

THEME_ALIASES = {"dark": "textual-dark", "light": "textual-light"}


def theme_name(name: str | None) -> str | None:
    """`light`/`dark` or any Textual theme name; UsageError naming the choices otherwise."""
    if name is None:
        return None
    name = THEME_ALIASES.get(name, name)
    from textual.theme import BUILTIN_THEMES

    if name not in BUILTIN_THEMES:
        choices = ", ".join(["light", "dark", *sorted(BUILTIN_THEMES)])
        raise UsageError(f"--theme {name}: unknown theme (choose from {choices})")
    return name


def add_theme(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--theme", default=None, metavar="NAME",
                        help="colour theme: light, dark (default) or any Textual theme name "
                             "(also NNTUTOR_THEME)")


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "tutor", help="open the lesson picker (what plain `nntutor` does)",
        description="Open the tutor: pick a lesson, step through its network one operation at "
                    "a time, solve its exercises. Progress is kept in NNTUTOR_HOME or your user "
                    "data folder.",
    )
    p.add_argument("--lessons-dir", action="append", default=argparse.SUPPRESS, metavar="DIR",
                   help="add a folder of lesson files (also NNTUTOR_LESSONS)")
    add_theme(p)


def run(args: argparse.Namespace) -> int:
    from nntutor.commands.lesson import extra_dirs

    theme = theme_name(getattr(args, "theme", None) or os.environ.get("NNTUTOR_THEME") or None)
    dirs = extra_dirs(args)
    from nntutor.tui.app import make_app

    make_app(extra_dirs=tuple(dirs), theme=theme).run()
    return 0
