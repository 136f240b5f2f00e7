"""`nntutor shape EXPR NAME=DIMS...`: the shape of an expression in named dimensions.

Exit 0 with the shape, 1 on a shape clash (the explanation and ranked fixes), 2 when the
expression is refused or malformed, or an argument is bad.
"""

from __future__ import annotations

import argparse
import json
import sys

from nntutor.errors import UsageError

EPILOG = """examples:
  nntutor shape "X.T @ d" X=n,in d=n,out          -> (in, out)
  nntutor shape "X @ W2" X=100,2 W2=3,1           -> exit 1, with the clash and fixes
  nntutor shape "d.sum(0) / n" d=n,out n=         -> (out,)   (n= or n=() is a scalar)
"""


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "shape", help="infer an expression's shape in named dimensions",
        description="Infer the shape of a NumPy expression from its variables' named "
                    "dimensions, without any numbers; on a clash, say which operation, "
                    "operands and dims, and suggest fixes.",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("expr", metavar="EXPR", help="the expression, e.g. 'X.T @ d'")
    p.add_argument("dims", metavar="NAME=DIMS", nargs="*",
                   help="a variable and its dims: names or sizes separated by commas "
                        "(X=n,in or W=4,3); empty or () for a scalar")
    p.add_argument("--expect", metavar="DIMS", help="the shape you want, to rank fixes")
    p.add_argument("--json", action="store_true", help="print one JSON object")


def parse_dims(text: str, what: str) -> tuple[str | int, ...]:
    body = text.strip()
    if body.startswith("(") and body.endswith(")"):
        body = body[1:-1]
    parts = [p.strip() for p in body.split(",")]
    if parts and parts[-1] == "":
        parts.pop()  # "n," is a one-dim shape
    out: list[str | int] = []
    for part in parts:
        if part.isdigit():
            out.append(int(part))
        elif part.isidentifier():
            out.append(part)
        else:
            raise UsageError(f"bad dims '{text}' for {what}: use names or sizes separated by "
                             "commas, e.g. X=n,in or W=4,3")
    return tuple(out)


def parse_assignments(items: list[str]) -> dict[str, tuple[str | int, ...]]:
    dims: dict[str, tuple[str | int, ...]] = {}
    for item in items:
        name, sep, value = item.partition("=")
        name = name.strip()
        if not sep or not name.isidentifier():
            raise UsageError(f"bad argument '{item}': expected NAME=DIMS such as X=n,in")
        if name in dims:
            raise UsageError(f"'{name}' is given twice")
        dims[name] = parse_dims(value, name)
    return dims


def _shape_text(shape) -> str:
    items = [str(d) for d in shape]
    return f"({items[0]},)" if len(items) == 1 else "(" + ", ".join(items) + ")"


def run(args) -> int:
    from nntutor.checker.errors import ExpressionError, ShapeMismatch
    from nntutor.checker.shapes import infer_shape

    try:
        dims = parse_assignments(args.dims)
        expected = parse_dims(args.expect, "--expect") if args.expect else None
    except UsageError as exc:
        if not args.json:
            raise
        print(json.dumps({"error": "usage", "message": str(exc)}))
        return 2
    try:
        shape = infer_shape(args.expr, dims, expected=expected)
    except ShapeMismatch as exc:
        if args.json:
            print(json.dumps(exc.to_dict()))
        else:
            print(f"shape error: {exc.message}")
            if exc.fixes:
                print("likely fixes, best first:")
                for i, fix in enumerate(exc.fixes, 1):
                    print(f"  {i}. {fix.expr}    ({fix.reason})")
        return 1
    except (ExpressionError, ValueError) as exc:
        code = getattr(exc, "code", "invalid")
        if args.json:
            print(json.dumps({"error": code, "message": str(exc)}))
        else:
            print(f"nntutor shape: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps({"shape": list(shape)}))
    else:
        print(_shape_text(shape))
    return 0
