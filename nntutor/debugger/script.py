"""The learner's script: checked before it runs, then run as `__main__` with its own argv.

Running it the way `python SCRIPT ARGS...` would: `__name__ == "__main__"`, `sys.argv`
is `[SCRIPT, *ARGS]`, the script's folder comes first on `sys.path`, and everything is put
back afterwards (the debugger may run inside a test or the TUI process).
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
import tokenize
import types
from dataclasses import dataclass

import nntutor
from nntutor import files


class ScriptError(Exception):
    """The script cannot be run at all (missing, unreadable, not Python): one line for the user."""


@dataclass(frozen=True)
class Script:
    """A script checked and compiled, ready to run."""

    path: str  # absolute
    shown: str  # as the user typed it
    text: str
    code: types.CodeType

    @property
    def folder(self) -> str:
        return os.path.dirname(self.path)


def load(path: str) -> Script:
    """Read and compile the script, or raise ScriptError saying what is wrong and where."""
    shown = path
    full = os.path.abspath(path)
    if not os.path.exists(full):
        hint = "" if path.endswith(".py") else " (did you mean a .py file?)"
        raise ScriptError(f"script not found: {shown}{hint}")
    if os.path.isdir(full):
        raise ScriptError(f"{shown} is a folder, not a Python script")
    try:
        raw = files.read_bytes(full, files.SCRIPT_LIMIT, "Python script")
    except files.FileRefused as exc:
        raise ScriptError(f"{shown}: {exc.reason}") from None
    except OSError as exc:
        raise ScriptError(f"cannot read {shown}: {exc.strerror or exc}") from None
    if b"\0" in raw[:8192]:
        raise ScriptError(f"{shown} is not a Python script (it looks like a binary file)")
    text = _decoded(raw, shown)
    try:
        code = compile(text, full, "exec", dont_inherit=True)
    except SyntaxError as exc:
        where = f"{shown}:{exc.lineno}" + (f":{exc.offset}" if exc.offset else "")
        raise ScriptError(f"{where}: not valid Python: {exc.msg}") from None
    except ValueError as exc:  # e.g. source with null bytes
        raise ScriptError(f"{shown} is not a Python script: {exc}") from None
    return Script(full, shown, text, code)


def _decoded(raw: bytes, shown: str) -> str:
    """The script's text, decoded as Python would: a BOM or a PEP 263 coding declaration
    (`# -*- coding: latin-1 -*-` on line 1 or 2), else UTF-8."""
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(raw).readline)
    except SyntaxError as exc:
        message = str(exc.msg if hasattr(exc, "msg") else exc)
        if "missing encoding declaration" not in message:  # unknown, or contradicts the BOM
            raise ScriptError(f"{shown} is not a Python script: {message}") from None
        encoding = "utf-8"  # undeclared and not UTF-8: say which byte, below
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        name = "UTF-8" if encoding.startswith("utf-8") else encoding
        hint = "" if encoding != "utf-8" else (
            "; save it as UTF-8 or declare its encoding on line 1: # -*- coding: latin-1 -*-")
        raise ScriptError(f"{shown} is not a Python script: byte {exc.start} is not valid "
                          f"{name} (line {line}){hint}") from None


def _library_folders() -> tuple[str, ...]:
    import site
    import sysconfig

    folders = {sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix}
    paths = sysconfig.get_paths()
    for key in ("stdlib", "platstdlib", "purelib", "platlib"):
        with contextlib.suppress(KeyError):
            folders.add(paths[key])
    with contextlib.suppress(Exception):
        folders.update(site.getsitepackages())
    with contextlib.suppress(Exception):
        folders.add(site.getusersitepackages())
    folders.add(os.path.dirname(os.path.abspath(nntutor.__file__)))
    return tuple(os.path.normcase(os.path.abspath(f)) + os.sep for f in folders if f)


class LearnerFiles:
    """Which files are the learner's own: the script and files under its folder,
    never the standard library, installed packages or nntutor itself."""

    def __init__(self, script: Script):
        self.script = os.path.normcase(script.path)
        self.root = os.path.normcase(script.folder) + os.sep
        self._library: tuple[str, ...] | None = None  # (only asked for files beside the script)
        self._cache: dict[str, bool] = {}

    def __contains__(self, filename: str) -> bool:
        known = self._cache.get(filename)
        if known is None:
            known = self._cache[filename] = self._decide(filename)
        return known

    def _decide(self, filename: str) -> bool:
        if not filename or filename[0] == "<":
            return False
        path = os.path.normcase(os.path.abspath(filename))
        if path == self.script:
            return True
        if not path.startswith(self.root):
            return False
        parts = path.split(os.sep)
        if "site-packages" in parts or "dist-packages" in parts:
            return False
        return not any(path.startswith(lib) and not self.root.startswith(lib)
                       for lib in self._libraries())

    def _libraries(self) -> tuple[str, ...]:
        if self._library is None:
            self._library = _library_folders()
        return self._library


@contextlib.contextmanager
def as_main(script: Script, args: list[str] | tuple[str, ...]):
    """Install a fresh `__main__` module, argv and sys.path for the script; undo afterwards."""
    module = types.ModuleType("__main__")
    module.__dict__.update(
        {"__file__": script.path, "__builtins__": __builtins__, "__spec__": None,
         "__loader__": None, "__package__": None, "__cached__": None}
    )
    saved_main = sys.modules.get("__main__")
    saved_argv = sys.argv
    saved_path = list(sys.path)
    sys.modules["__main__"] = module
    sys.argv = [script.shown, *args]
    sys.path.insert(0, script.folder)
    try:
        yield module.__dict__
    finally:
        if saved_main is not None:
            sys.modules["__main__"] = saved_main
        sys.argv = saved_argv
        sys.path[:] = saved_path
