"""Everything that can go wrong with a typed expression, under one base class.

Every message is one line that names the construct and says why, e.g.
`refused: attribute '_x' at column 3: names starting with '_' are never available`.
`code` is a stable tag (the diagnosis codes of `nntutor check` and `nntutor shape --json`);
`to_dict()`/`error_from_dict()` carry an error across the sandbox pipe unchanged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from nntutor.shapes.fix import Fix  # noqa: F401  (the one Fix type; imported from here too)

DimName = str | int


def one_line(text: str) -> str:
    """Collapse any line breaks (NumPy's messages have some) so a message stays one line."""
    return re.sub(r"\s*\n\s*", " ", str(text)).strip()


class ExpressionError(Exception):
    """Base class of every error about a typed expression."""

    code = "error"

    def __init__(self, message: str, *, column: int | None = None):
        self.message = one_line(message)
        self.column = column
        super().__init__(self.message)

    def __str__(self) -> str:
        return self.message

    def to_dict(self) -> dict:
        return {"error": self.code, "message": self.message, "column": self.column}


class ExpressionRefused(ExpressionError):
    """The expression asks for something exercises never allow, or would cost too much."""

    code = "refused"


class ExpressionSyntaxError(ExpressionError):
    """The text is not one well-formed Python expression."""

    code = "syntax_error"


class InvalidArgument(ExpressionError):
    """A known function or operator used the wrong way: `np.ones(X)`, `X[1.5]`, `X.shape + 1`."""

    code = "invalid_argument"


class NumericError(ExpressionError):
    """Plain-number arithmetic that cannot give a number: `1 / 0`, `10.0 ** 400`."""

    code = "numeric_error"


class UnknownName(ExpressionError):
    """A name that is neither a lesson variable nor `np`."""

    code = "unknown_name"

    def __init__(self, name: str, available: list[str], *, column: int | None = None,
                 suggestion: str | None = None):
        self.name = name
        self.available = list(available)
        self.suggestion = suggestion
        listed = ", ".join(self.available) if self.available else "none"
        hint = f"; did you mean '{suggestion}'?" if suggestion else ""
        where = f" at column {column}" if column else ""
        super().__init__(f"unknown name '{name}'{where} (available: {listed}){hint}", column=column)

    def to_dict(self) -> dict:
        return {**super().to_dict(), "name": self.name, "available": self.available,
                "suggestion": self.suggestion}


@dataclass(frozen=True)
class Clash:
    """The two dims that disagree: `dims[i]` is axis `axes[i]` of operand number `operands[i]`."""

    dims: tuple[DimName, DimName]
    axes: tuple[int, int]
    operands: tuple[int, int]


class ShapeMismatch(ExpressionError):
    """Operands whose shapes cannot meet: which operation, which operands, which dims, why.

    `operands` is a list of (source text, dims); `fixes` a ranked list of `Fix`.
    """

    code = "shape_mismatch"

    def __init__(self, message: str, *, op: str, node_text: str,
                 operands: list[tuple[str, tuple[DimName, ...]]], clash: Clash | None,
                 fixes: list[Fix] | tuple[Fix, ...] = (), column: int | None = None,
                 span: tuple[int, int] | None = None,
                 operand_spans: tuple[tuple[int, int], ...] = ()):
        super().__init__(message, column=column)
        self.op = op
        self.node_text = node_text
        self.operands = [(text, tuple(dims)) for text, dims in operands]
        self.clash = clash
        self.fixes = list(fixes)
        self.span = span  # character span of node_text in the expression, for fixes
        self.operand_spans = tuple(operand_spans)
        self.raw_shapes: list | None = None  # the operands' dims as the rules saw them

    def to_dict(self) -> dict:
        return {
            **super().to_dict(),
            "op": self.op,
            "node": self.node_text,
            "operands": [{"expr": t, "shape": list(d)} for t, d in self.operands],
            "clash": None if self.clash is None else {
                "dims": list(self.clash.dims), "axes": list(self.clash.axes),
                "operands": list(self.clash.operands)},
            "fixes": [f.to_dict() for f in self.fixes],
        }


_BY_CODE = {cls.code: cls for cls in (ExpressionRefused, ExpressionSyntaxError, InvalidArgument,
                                      NumericError)}


def error_from_dict(data: dict) -> ExpressionError:
    """Rebuild an error sent as `to_dict()` (the sandbox worker's replies)."""
    code, message, column = data.get("error"), data.get("message", ""), data.get("column")
    if code == "unknown_name":
        return UnknownName(data["name"], data.get("available", []), column=column,
                           suggestion=data.get("suggestion"))
    if code == "shape_mismatch":
        c = data.get("clash")
        clash = None if c is None else Clash(tuple(c["dims"]), tuple(c["axes"]),
                                             tuple(c["operands"]))
        return ShapeMismatch(
            message, op=data.get("op", ""), node_text=data.get("node", ""),
            operands=[(o["expr"], tuple(o["shape"])) for o in data.get("operands", [])],
            clash=clash, fixes=[Fix(**{**f, "shape": tuple(f["shape"]) if f.get("shape") is not None else None}) for f in data.get("fixes", [])], column=column)
    return _BY_CODE.get(code, ExpressionError)(message, column=column)
