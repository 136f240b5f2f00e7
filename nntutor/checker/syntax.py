"""From typed text to a checked syntax tree, shared by the evaluator and shape inference.

In order, before anything is interpreted:
1. the text: a string, at most `max_chars` long, printable ASCII only (a Cyrillic `Х` or a
   Unicode minus is named with its column and the ASCII key to use), brackets at most
   `max_depth` deep;
2. Python's own parser, in expression mode (so `# comments` are dropped);
3. an allow-list of syntax: names, numbers, `np.<allowed>`, allowed array attributes,
   calls, indexing, arithmetic, comparisons, tuples and lists. No name or attribute may
   start with `_`; strings only as np.einsum subscripts; at most `max_nodes` nodes and
   `max_depth` levels; integer literals up to `max_int`.
"""

from __future__ import annotations

import ast
import difflib
import functools
import math
import unicodedata
from collections import deque
from dataclasses import dataclass, field

from nntutor.checker import catalog as C
from nntutor.checker.errors import ExpressionError, ExpressionRefused, ExpressionSyntaxError
from nntutor.checker.limits import DEFAULT_LIMITS, Limits, approx

NUMPY_NAMES = ("np", "numpy")

# Look-alikes a keyboard layout or a copy from a web page can slip in, and what to type.
LOOKALIKES = {
    "\u2212": "-", "\u2013": "-", "\u2014": "-", "\u00d7": "*", "\u00b7": "*", "\u22c5": "*",
    "\u2217": "*", "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u00a0": " ",
    "\u2009": " ", "\u200b": "nothing (delete it)", "\u00b2": "**2", "\u1d40": ".T",
}
LOOKALIKES.update(zip("АВЕКМНОРСТХаеорсухіјΑΒΕΖΗΙΚΜΝΟΡΤΥΧον",
                      "ABEKMHOPCTXaeopcyxijABEZHIKMNOPTYXov"))
CONTROL_NAMES = {0: "NUL", 7: "BEL", 8: "BACKSPACE", 11: "VERTICAL TAB", 12: "FORM FEED",
                 27: "ESCAPE", 127: "DELETE"}

FORBIDDEN = {
    ast.Lambda: "lambda", ast.ListComp: "a comprehension", ast.SetComp: "a comprehension",
    ast.DictComp: "a comprehension", ast.GeneratorExp: "a generator expression",
    ast.NamedExpr: "an assignment ':='", ast.JoinedStr: "an f-string",
    ast.FormattedValue: "an f-string", ast.Starred: "'*' unpacking",
    ast.IfExp: "'if ... else' (use np.where(condition, a, b))",
    ast.BoolOp: "'and'/'or' (use & and | between masks)", ast.Dict: "a dict",
    ast.Set: "a set", ast.Await: "await", ast.Yield: "yield", ast.YieldFrom: "yield",
}
STATEMENTS = {ast.Assign: "assignment", ast.AugAssign: "in-place update (+=)",
              ast.AnnAssign: "assignment", ast.Import: "import", ast.ImportFrom: "import",
              ast.FunctionDef: "def", ast.AsyncFunctionDef: "def", ast.ClassDef: "class",
              ast.Delete: "del", ast.Raise: "raise", ast.Assert: "assert", ast.Global: "global",
              ast.Nonlocal: "nonlocal", ast.For: "for", ast.AsyncFor: "for", ast.While: "while",
              ast.With: "with", ast.AsyncWith: "with", ast.Try: "try", ast.If: "if",
              ast.Pass: "pass", ast.Return: "return", ast.Break: "break",
              ast.Continue: "continue"}
BINARY_OPS = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.FloorDiv: "//",
              ast.Mod: "%", ast.Pow: "**", ast.MatMult: "@", ast.BitAnd: "&", ast.BitOr: "|",
              ast.BitXor: "^"}
UNARY_OPS = {ast.USub: "-", ast.UAdd: "+", ast.Invert: "~"}
COMPARE_OPS = {ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=", ast.Eq: "==",
               ast.NotEq: "!="}
ALLOWED = (ast.Name, ast.Constant, ast.Attribute, ast.Call, ast.keyword, ast.Subscript,
           ast.Slice, ast.Tuple, ast.List, ast.BinOp, ast.UnaryOp, ast.Compare)
SUBSCRIPT_CHARS = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ,->. ")


@dataclass(frozen=True, eq=False)
class Parsed:
    """A checked expression: the typed `text`, its tree, and where each node sits in the text."""

    text: str
    tree: ast.expr
    shift: int  # leading whitespace dropped before parsing
    line_starts: tuple[int, ...] = field(repr=False)

    def offset(self, lineno: int, col: int) -> int:
        return self.shift + self.line_starts[lineno - 1] + col

    def span(self, node: ast.AST) -> tuple[int, int]:
        return (self.offset(node.lineno, node.col_offset),
                self.offset(node.end_lineno, node.end_col_offset))

    def segment(self, node: ast.AST) -> str:
        start, end = self.span(node)
        return self.text[start:end]

    def column(self, node: ast.AST) -> int:
        return column_of(self.text, self.span(node)[0])[1]

    def where(self, node: ast.AST) -> str:
        return where(self.text, self.span(node)[0])


def column_of(text: str, index: int) -> tuple[int, int]:
    """(line, column), both from 1, of a character index."""
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def where(text: str, index: int) -> str:
    line, col = column_of(text, index)
    return f"at column {col}" if "\n" not in text else f"at line {line}, column {col}"


def _line_starts(body: str) -> tuple[int, ...]:
    starts, at = [0], body.find("\n")
    while at != -1:
        starts.append(at + 1)
        at = body.find("\n", at + 1)
    return tuple(starts)


def screen_text(text: object, limits: Limits = DEFAULT_LIMITS) -> str:
    """Refuse anything but a short printable-ASCII string with sane bracket nesting."""
    if not isinstance(text, str):
        raise ExpressionSyntaxError(f"an expression must be text, not {type(text).__name__}")
    if len(text) > limits.max_chars:
        raise ExpressionRefused(f"refused: the expression is {approx(len(text))} characters "
                                f"long (limit {limits.max_chars})")
    for i, ch in enumerate(text):
        code = ord(ch)
        if 32 <= code < 127 or ch in "\t\n\r":
            continue
        at = where(text, i)
        if code < 32 or code == 127:
            name = CONTROL_NAMES.get(code, "control character")
            raise ExpressionRefused(f"refused: control character U+{code:04X} ({name}) {at}; "
                                    "exercises use plain ASCII text", column=column_of(text, i)[1])
        name = unicodedata.name(ch, "unnamed character")
        shown = f"'{ch}' " if unicodedata.category(ch)[0] in "LNPS" else ""
        fix = LOOKALIKES.get(ch)
        advice = f"type {fix!r} instead" if fix and len(fix) <= 3 else (
            f"type {fix}" if fix else "exercises use plain ASCII only")
        raise ExpressionRefused(f"refused: non-ASCII character {shown}(U+{code:04X} {name}) "
                                f"{at}; {advice}", column=column_of(text, i)[1])
    _check_brackets(text, limits)
    return text


def _check_brackets(text: str, limits: Limits) -> None:
    depth, quote = 0, None
    for i, ch in enumerate(text):
        if quote:
            quote = None if ch == quote else quote
        elif ch in "'\"":
            quote = ch
        elif ch == "#":
            break
        elif ch in "([{":
            depth += 1
            if depth > limits.max_depth:
                raise ExpressionRefused(f"refused: brackets nested more than {limits.max_depth} "
                                        f"deep {where(text, i)}", column=column_of(text, i)[1])
        elif ch in ")]}":
            depth -= 1


def _syntax_error(body: str, shift: int, text: str, exc: SyntaxError) -> ExpressionError:
    """One line, with the column as typed, and what to do for the usual slips."""
    try:
        module = ast.parse(body, mode="exec")
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        module = None
    if module is not None and module.body:
        for stmt in module.body:
            targets = getattr(stmt, "targets", None) or [getattr(stmt, "target", None)]
            if isinstance(stmt, (ast.Assign, ast.AnnAssign)) and all(
                    isinstance(t, ast.Name) for t in targets):
                continue  # `dW1 = X.T @ d`: a slip, answered below
            if not isinstance(stmt, ast.Expr):
                kind = STATEMENTS.get(type(stmt), type(stmt).__name__.lower())
                return ExpressionRefused(f"refused: {kind} statements are not allowed; an "
                                         "answer is one expression that only reads the "
                                         "lesson's arrays")
        stmt = module.body[0]
        if len(module.body) > 1:
            return ExpressionSyntaxError("syntax error: type one expression, not several "
                                         "statements")
        if isinstance(stmt, (ast.Assign, ast.AugAssign, ast.AnnAssign)) and stmt.value:
            target = body[:stmt.value.col_offset].strip() if stmt.value.lineno == 1 else "x ="
            return ExpressionSyntaxError(f"syntax error: type only the expression, without "
                                         f"'{target}'")
    line, col = exc.lineno or 1, exc.offset or 0
    starts = _line_starts(body)
    message = (exc.msg or "invalid syntax").split("\n")[0]
    if col <= 0 or line > len(starts):  # Python's way of saying "the text ended"
        index = len(text.rstrip())
        message = "the expression ends too early (a missing operand or bracket?)"
    else:
        index = min(shift + starts[line - 1] + col - 1, len(text))
    if message.startswith("invalid syntax. Perhaps you forgot a comma"):
        message = "invalid syntax (a missing operator or comma?)"
    return ExpressionSyntaxError(f"syntax error {where(text, index)}: {message}",
                                 column=column_of(text, index)[1])


@functools.lru_cache(maxsize=512)
def parse(text: str, limits: Limits = DEFAULT_LIMITS) -> Parsed:
    """Screen, parse and validate `text`; every refusal is an ExpressionError of one line."""
    screen_text(text, limits)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    body = text.lstrip()
    shift = len(text) - len(body)
    if not body or body.startswith("#") and "\n" not in body:
        raise ExpressionSyntaxError("syntax error: the expression is empty")
    try:
        tree = ast.parse(body, mode="eval")
    except SyntaxError as exc:
        raise _syntax_error(body, shift, text, exc) from None
    except (RecursionError, MemoryError, ValueError):
        raise ExpressionRefused("refused: the expression is nested too deeply") from None
    parsed = Parsed(text, tree.body, shift, _line_starts(body))
    _validate(parsed, limits)
    return parsed


def _refuse(parsed: Parsed, node: ast.AST, what: str, why: str = "") -> ExpressionRefused:
    tail = f": {why}" if why else ""
    return ExpressionRefused(f"refused: {what} {parsed.where(node)}{tail}",
                             column=parsed.column(node))


def _validate(parsed: Parsed, limits: Limits) -> None:
    queue = deque([(parsed.tree, 1, None)])  # outer constructs are reported first
    count = 0
    while queue:
        node, depth, parent = queue.popleft()
        count += 1
        if count > limits.max_nodes:
            raise ExpressionRefused(f"refused: the expression has more than {limits.max_nodes} "
                                    "parts")
        if depth > limits.max_depth:
            raise _refuse(parsed, node, f"nesting deeper than {limits.max_depth} levels")
        _check_node(parsed, node, parent, limits)
        for child in ast.iter_child_nodes(node):
            if not isinstance(child, (ast.expr_context, ast.operator, ast.unaryop, ast.cmpop)):
                queue.append((child, depth + 1, node))


def _check_node(parsed: Parsed, node: ast.AST, parent: ast.AST | None, limits: Limits) -> None:
    kind = type(node)
    if kind in FORBIDDEN:
        raise _refuse(parsed, node, FORBIDDEN[kind], "exercises allow plain NumPy expressions")
    if not isinstance(node, ALLOWED):
        raise _refuse(parsed, node, f"'{type(node).__name__}' syntax", "not allowed in exercises")
    if isinstance(node, ast.Name):
        if node.id.startswith("_"):
            raise _refuse(parsed, node, f"name '{node.id}'", "names starting with '_' are "
                          "never available")
    elif isinstance(node, ast.Attribute):
        _check_attribute(parsed, node)
    elif isinstance(node, ast.Constant):
        _check_constant(parsed, node, parent, limits)
    elif isinstance(node, ast.keyword) and node.arg is None:
        raise _refuse(parsed, node, "'**' unpacking", "name each keyword")
    elif isinstance(node, ast.BinOp) and type(node.op) not in BINARY_OPS:
        sign = {ast.LShift: "<<", ast.RShift: ">>"}.get(type(node.op), type(node.op).__name__)
        raise _refuse(parsed, node, f"the '{sign}' operator", "not used in exercises")
    elif isinstance(node, ast.UnaryOp) and type(node.op) not in UNARY_OPS:
        raise _refuse(parsed, node, "'not'", "use ~ to flip a mask")
    elif isinstance(node, ast.Compare):
        if len(node.ops) > 1:
            raise _refuse(parsed, node, "a chained comparison",
                          "write each comparison apart and join masks with &, as in "
                          "(0 < Z) & (Z < 1)")
        if type(node.ops[0]) not in COMPARE_OPS:
            raise _refuse(parsed, node, "'is'/'in' comparisons", "use <, >, == on arrays")


def _check_attribute(parsed: Parsed, node: ast.Attribute) -> None:
    inner = node.value  # in np.linalg.norm, np.linalg is what to name
    while isinstance(inner, ast.Attribute):
        if isinstance(inner.value, ast.Name) and inner.value.id in NUMPY_NAMES:
            _check_attribute(parsed, inner)
        inner = inner.value
    attr = node.attr
    at = parsed.span(node)[1] - len(attr)  # point at the attribute's own name
    column, place = column_of(parsed.text, at)[1], where(parsed.text, at)
    if attr.startswith("_"):
        raise ExpressionRefused(f"refused: attribute '{attr}' {place}: names starting with '_' "
                                "are never available", column=column)
    base = node.value
    if (isinstance(base, ast.Attribute) and base.attr == "linalg"
            and isinstance(base.value, ast.Name) and base.value.id in NUMPY_NAMES):
        if attr not in C.NP_LINALG:
            at = parsed.span(base)[1] - len("linalg")
            raise ExpressionRefused(f"refused: np.linalg {where(parsed.text, at)} is not "
                                    "available in exercises (only np.linalg.multi_dot is)",
                                    column=column_of(parsed.text, at)[1])
        return
    if isinstance(base, ast.Name) and base.id in NUMPY_NAMES:
        if attr not in C.NP_NAMES:
            close = difflib.get_close_matches(attr, sorted(C.NP_FUNCTIONS), n=1, cutoff=0.75)
            hint = f" (did you mean np.{close[0]}?)" if close else ""
            raise ExpressionRefused(f"refused: np.{attr} {place} is not available in "
                                    f"exercises{hint}", column=column)
    elif attr not in C.ATTRIBUTE_NAMES:
        raise ExpressionRefused(f"refused: attribute '.{attr}' {place} is not available in "
                                "exercises (arrays allow .T, .shape, .sum(), .mean(), "
                                ".reshape(), .dot(), .astype() and a few more)", column=column)


def _check_constant(parsed: Parsed, node: ast.Constant, parent, limits: Limits) -> None:
    value = node.value
    if isinstance(value, bool) or value is None or value is Ellipsis:
        return
    if isinstance(value, int):
        if abs(value) > limits.max_int:
            digits = len(str(abs(value))) if value.bit_length() < 10_000 else "thousands of"
            raise _refuse(parsed, node, f"a {digits}-digit integer",
                          f"integers in exercises stay below {approx(limits.max_int)}")
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise _refuse(parsed, node, f"the number {parsed.segment(node)}", "it is too large "
                          "to be a float (use np.inf if you mean infinity)")
    elif isinstance(value, str):
        is_subscripts = (isinstance(parent, ast.Call) and parent.args and parent.args[0] is node
                         and isinstance(parent.func, ast.Attribute)
                         and parent.func.attr == "einsum"
                         and isinstance(parent.func.value, ast.Name)
                         and parent.func.value.id in NUMPY_NAMES)
        if not is_subscripts:
            raise _refuse(parsed, node, "a text string",
                          "strings are only allowed as np.einsum subscripts")
        if len(value) > 64 or not set(value) <= SUBSCRIPT_CHARS:
            raise _refuse(parsed, node, "these einsum subscripts",
                          "use at most 64 letters, commas and '->'")
    elif isinstance(value, complex):
        raise _refuse(parsed, node, "a complex number", "gradients here are real numbers")
    else:
        raise _refuse(parsed, node, f"a {type(value).__name__} literal", "not used in exercises")
