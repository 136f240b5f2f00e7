"""What the debugger needs to know about a source file, read once from its syntax tree.

A trace event names a raw line number; a learner thinks in statements. `SourceIndex` maps
every line to the innermost statement covering it, knows where each loop starts and ends
(for summarising loops) and which lines can hold a breakpoint.
"""

from __future__ import annotations

import ast
import io
import linecache
import tokenize
from dataclasses import dataclass

_COMPOUND = (
    ast.For, ast.AsyncFor, ast.While, ast.If, ast.With, ast.AsyncWith, ast.Try,
    ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Match,
)
if hasattr(ast, "TryStar"):
    _COMPOUND = (*_COMPOUND, ast.TryStar)


@dataclass(frozen=True)
class LoopSpan:
    """A `for` or `while` loop: its header line, last line, and its body's first statement.

    An iteration starts when the first body statement begins coming from outside that
    statement (a nested loop jumping back to its own header is not a new outer iteration).
    """

    header: int
    last: int
    body_first: int
    body_first_last: int
    # a one-line simple first statement: every event on it starts an iteration
    always_counts: bool

    def contains(self, lineno: int) -> bool:
        return self.header <= lineno <= self.last

    def starts_iteration(self, lineno: int, previous: int) -> bool:
        if lineno != self.body_first:
            return False
        return self.always_counts or not (self.body_first <= previous <= self.body_first_last)


class SourceIndex:
    """Statements, loops and breakable lines of one file."""

    def __init__(self, path: str, text: str):
        self.path = path
        self.text = text
        self.lines = text.splitlines()
        self.tree = ast.parse(text, filename=path)
        self._statement: dict[int, ast.stmt] = {}
        self.loops: dict[int, LoopSpan] = {}
        self._assigned: dict[str, list[tuple[int, ast.expr]]] | None = None
        self._body_indent: dict[int, int] = {}  # a def's first line -> its body's column
        self._map(self.tree.body)
        self.breakable = sorted({s.lineno for s in self._statement.values()})

    def _map(self, body: list[ast.stmt]) -> None:
        for stmt in body:
            for line in range(stmt.lineno, (stmt.end_lineno or stmt.lineno) + 1):
                self._statement[line] = stmt  # children, visited later, overwrite their lines
            if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                first = min([d.lineno for d in stmt.decorator_list] + [stmt.lineno])
                self._body_indent[first] = stmt.body[0].col_offset
            if isinstance(stmt, (ast.For, ast.AsyncFor, ast.While)) and stmt.body:
                first = stmt.body[0]
                first_last = first.end_lineno or first.lineno
                self.loops[stmt.lineno] = LoopSpan(
                    header=stmt.lineno,
                    last=stmt.end_lineno or stmt.lineno,
                    body_first=first.lineno,
                    body_first_last=first_last,
                    always_counts=not isinstance(first, _COMPOUND) and first_last == first.lineno,
                )
            for field in ("body", "orelse", "finalbody"):
                self._map(getattr(stmt, field, None) or [])
            for handler in getattr(stmt, "handlers", None) or []:
                self._map(handler.body)
            for case in getattr(stmt, "cases", None) or []:
                self._map(case.body)

    def statement(self, lineno: int) -> ast.stmt | None:
        """The innermost statement covering `lineno` (None for blank lines and comments)."""
        return self._statement.get(lineno)

    def statement_line(self, lineno: int) -> int:
        stmt = self._statement.get(lineno)
        return stmt.lineno if stmt is not None else lineno

    def line(self, lineno: int) -> str:
        return self.lines[lineno - 1] if 0 < lineno <= len(self.lines) else ""

    def statement_text(self, lineno: int, limit: int = 120) -> str:
        """The statement starting at `lineno` as one line: a compound statement's header only."""
        stmt = self._statement.get(lineno)
        if stmt is None or stmt.lineno != lineno:
            return self.line(lineno).strip()
        last = stmt.end_lineno or lineno
        if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant) and last > lineno:
            return self.line(lineno).strip() + " …"  # a docstring: its first line
        if isinstance(stmt, _COMPOUND):
            body = getattr(stmt, "body", None)
            last = lineno if not body else max(lineno, body[0].lineno - 1)
            while last > lineno and self.line(last).strip()[:1] in ("", "#"):
                last -= 1  # comment lines between the header and the body
        text = " ".join(_without_comment(self.line(n)).strip() for n in range(lineno, last + 1))
        return text if len(text) <= limit else text[: limit - 1] + "…"

    def indent(self, lineno: int, first_line: int) -> int:
        """Indentation of the statement at `lineno` inside the function (or class) whose code
        starts at `first_line` (the module: first_line 1)."""
        stmt = self._statement.get(lineno)
        if stmt is None:
            return 0
        return max(stmt.col_offset - self._body_indent.get(first_line, 0), 0)

    def breakable_line(self, lineno: int) -> int | None:
        """`lineno` itself if a statement starts there, else the next line where one does."""
        for line in self.breakable:
            if line >= lineno:
                return line
        return None

    def assignments(self, name: str) -> list[tuple[int, ast.expr]]:
        """Every `name = ...` (or `name += ...`) in the file: (line, value expression), in order."""
        if self._assigned is None:
            self._assigned = _collect_assignments(self.tree)
        return self._assigned.get(name, [])


def _without_comment(line: str) -> str:
    """The line without its trailing `# comment` (a `#` inside a string stays)."""
    if "#" not in line:
        return line
    try:
        for token in tokenize.generate_tokens(io.StringIO(line).readline):
            if token.type == tokenize.COMMENT:
                return line[: token.start[1]].rstrip()
    except (tokenize.TokenError, IndentationError, SyntaxError):
        pass
    return line


def _collect_assignments(tree: ast.Module) -> dict[str, list[tuple[int, ast.expr]]]:
    found: dict[str, list[tuple[int, ast.expr]]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign):
            for target in node.targets:
                for name in _target_names(target):
                    found.setdefault(name, []).append((node.lineno, node.value))
        elif isinstance(node, (ast.AugAssign, ast.AnnAssign)) and node.value is not None:
            for name in _target_names(node.target):
                found.setdefault(name, []).append((node.lineno, node.value))
    for lines in found.values():
        lines.sort(key=lambda item: item[0])
    return found


def _target_names(target: ast.expr) -> list[str]:
    if isinstance(target, ast.Name):
        return [target.id]
    if isinstance(target, (ast.Tuple, ast.List)):
        return [n for elt in target.elts for n in _target_names(elt)]
    if isinstance(target, (ast.Attribute, ast.Subscript)):
        return [ast.unparse(target)]
    return []


_INDEXES: dict[str, SourceIndex | None] = {}


def index_for(path: str) -> SourceIndex | None:
    """The index of a file the trace runs through, or None if it cannot be read or parsed."""
    if path not in _INDEXES:
        lines = linecache.getlines(path)
        try:
            _INDEXES[path] = SourceIndex(path, "".join(lines)) if lines else None
        except (SyntaxError, ValueError):
            _INDEXES[path] = None
    return _INDEXES[path]


def forget(path: str) -> None:
    """Drop a cached index (the script changed on disk between two runs)."""
    _INDEXES.pop(path, None)
    linecache.checkcache(path)
