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

from nntutor.shapes import pairs

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
        self._assigned: dict[tuple[int, str], list[tuple[int, ast.expr]]] | None = None
        self._body_indent: dict[int, int] = {}  # a def's first line -> its body's column
        self._functions: dict[tuple[int, int], int] = {}  # (first, last line) -> def line
        self._starting: dict[int, list[ast.stmt]] = {}  # line -> the statements starting on it
        self._updates: dict[str, str] | None = None
        self._elementwise: dict[str, int] | None = None
        self._map(self.tree.body)
        self.breakable = sorted({s.lineno for s in self._statement.values()})

    def _map(self, body: list[ast.stmt]) -> None:
        claimed: set[int] = set()  # `a = 1; b = 2`: the line belongs to its first statement
        for stmt in body:
            self._starting.setdefault(stmt.lineno, []).append(stmt)
            lines = range(stmt.lineno, (stmt.end_lineno or stmt.lineno) + 1)
            for line in lines:
                if line not in claimed:
                    self._statement[line] = stmt  # children, visited later, overwrite lines
            claimed.update(lines)
            if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                first = min([d.lineno for d in stmt.decorator_list] + [stmt.lineno])
                self._body_indent[first] = stmt.body[0].col_offset
                if not isinstance(stmt, ast.ClassDef):
                    self._functions[(stmt.lineno, stmt.end_lineno or stmt.lineno)] = stmt.lineno
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

    def elementwise_uses(self, name: str) -> int:
        """On how many lines `name` is an operand of an element-wise operation (`out - y`,
        `(pred - y) ** 2`): each would broadcast a flat `y` the same way (at least 1)."""
        if self._elementwise is None:
            found: dict[str, set[int]] = {}
            for node in ast.walk(self.tree):
                if isinstance(node, ast.BinOp) and not isinstance(node.op, ast.MatMult):
                    for side in (node.left, node.right):
                        if isinstance(side, ast.Name):
                            found.setdefault(side.id, set()).add(node.lineno)
            self._elementwise = {n: len(lines) for n, lines in found.items()}
        return max(self._elementwise.get(name, 0), 1)

    def update_pairs(self) -> dict[str, str]:
        """The file's gradient -> parameter pairs (`W -= lr * dW`), worked out once."""
        if self._updates is None:
            self._updates = pairs.update_pairs(self.tree)
        return self._updates

    def statements_on(self, lineno: int) -> list[ast.stmt]:
        """The statements starting on `lineno`, in order (`a = 1; b = 2`: two)."""
        return list(self._starting.get(lineno, []))

    def statement_at(self, lineno: int, col: int | None) -> ast.stmt | None:
        """The statement running at column `col` of `lineno`: `vb = beta * vb - lr * db;
        b += vb` holds two (UTF-8 byte columns, as code positions give them)."""
        found = self._starting.get(lineno, [])
        if col is not None and len(found) > 1:
            for stmt in found:
                if stmt.end_lineno == lineno and stmt.col_offset <= col < \
                        (stmt.end_col_offset or 0):
                    return stmt
        return self.statement(lineno)

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
        text = " ".join(_joined(_without_comment(self.line(n)).strip())
                        for n in range(lineno, last + 1))
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

    def assignments(self, name: str, scope: int = 0) -> list[tuple[int, ast.expr]]:
        """Every `name = ...` (or `name += ...`) in one scope, in order: (line, value).

        `scope` is the first line of the function holding them (0: the module's top level),
        as `scope_of` gives it: a name in one function is not the same name in another.
        """
        if self._assigned is None:
            self._assigned = {}
            _collect_assignments(self.tree.body, 0, self._assigned)
        return self._assigned.get((scope, name), [])

    def scope_of(self, lineno: int) -> int:
        """The first line of the innermost function around `lineno` (0 at the top level)."""
        best = 0
        for (first, last), head in self._functions.items():
            if first <= lineno <= last and head > best:
                best = head
        return best


def _joined(part: str) -> str:
    """A line continued with a backslash, without the backslash (the lines are joined)."""
    return part[:-1].rstrip() if part.endswith("\\") else part


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


def _collect_assignments(body: list[ast.stmt], scope: int, found: dict) -> None:
    """Fill found[(scope, name)] with (line, value) of each assignment, scope by scope."""
    for stmt in body:
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
            _collect_assignments(stmt.body, stmt.lineno, found)
            continue
        if isinstance(stmt, ast.ClassDef):
            continue  # class attributes are not the variables a line reads
        targets = []
        if isinstance(stmt, ast.Assign):
            targets = stmt.targets
        elif isinstance(stmt, (ast.AugAssign, ast.AnnAssign)) and stmt.value is not None:
            targets = [stmt.target]
        for target in targets:
            for name in _target_names(target):
                found.setdefault((scope, name), []).append((stmt.lineno, stmt.value))
        for field in ("body", "orelse", "finalbody"):
            _collect_assignments(getattr(stmt, field, None) or [], scope, found)
        for handler in getattr(stmt, "handlers", None) or []:
            _collect_assignments(handler.body, scope, found)
        for case in getattr(stmt, "cases", None) or []:
            _collect_assignments(case.body, scope, found)


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
