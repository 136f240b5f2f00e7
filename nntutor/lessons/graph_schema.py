"""A `[walkthrough]` written as forward lines: check its keys and build a GraphWalkthrough.

    [walkthrough]
    dataset = "iris"                   # or data = "points.csv" (targets = [...]) or "random"
    forward = '''
    Z1 = X @ W1 + b1
    ...
    L  = cross_entropy(P, Y)
    '''
    [walkthrough.inputs]   X = ["n", "in"]  Y = ["n", "out"]
    [walkthrough.params]   W1 = { dims = ["in", "h"], init = "glorot_uniform" }
    [walkthrough.sizes]    h = 8

The lines themselves are parsed by the engine (nntutor.engine.graph, through the checker's
allow-list); its errors are placed at their own line and column inside the forward string.
"""

from __future__ import annotations

import ast

from nntutor.lessons.model import GraphWalkthrough, Param
from nntutor.lessons.schema import (
    DEFAULT_TRACE_ROWS,
    NAME,
    _Context,
    _type_ok,
    _unknown,
    check_keys,
)

GRAPH = {"forward": ("string", True), "dataset": ("string", False), "data": ("string", False),
         "targets": ("list of strings", False), "inputs": ("table", True),
         "params": ("table", True), "sizes": ("table", False), "lr": ("number", True),
         "epochs": ("whole number", True), "seed": ("whole number", False),
         "trace_rows": ("whole number", False), "standardize": ("true or false", False),
         "test_fraction": ("number", False)}
PARAM = {"dims": ("list of strings", True), "init": ("string", False)}
# Limits on the forward text, checked before the engine parses it.
MAX_LINES = 60
MAX_LINE_CHARS = 200
MAX_SIZE = 100_000  # one named size; the engine budget bounds their products


def is_graph(raw: dict) -> bool:
    return isinstance(raw, dict) and "forward" in raw


def forward_start(text: str, line: int, col: int) -> tuple[int, int]:
    """Where the forward string's content starts, given where its key is (1-based)."""
    lines = text.splitlines()
    rest = lines[line - 1][col - 1:] if line - 1 < len(lines) else ""
    eq = rest.find("=")
    value = rest[eq + 1:].lstrip() if eq >= 0 else ""
    start = len(rest) - len(value) + col
    for quote in ('"""', "'''"):
        if value.startswith(quote):
            if not value[3:].strip():  # the newline after an opening """ is not content
                return line + 1, 1
            return line, start + 3
    return line, start + 1


def parse_graph(ctx: _Context, data: dict, raw: dict) -> GraphWalkthrough | None:
    where = ("walkthrough",)
    before = len(ctx.errors)
    check_keys(ctx, data, raw, GRAPH, where)
    if "layer" in raw:
        return None  # reported by check_keys as an unknown key: one kind of walkthrough only
    kind, name = _data_source(ctx, raw, where)
    inputs = _dim_table(ctx, raw.get("inputs"), where + ("inputs",), param=False)
    params = _params(ctx, raw.get("params"), where + ("params",))
    sizes = _sizes(ctx, raw.get("sizes"), where + ("sizes",))
    lines = _lines(ctx, raw.get("forward"), where)
    loss = _loss(ctx, lines, where) if lines else None
    for key, low in (("lr", None), ("epochs", 0), ("trace_rows", 1)):
        value = raw.get(key)
        if key == "lr" and _type_ok("number", value) and not value > 0:
            ctx.error(where + (key,), f"lr must be positive, not {value}; try lr = 0.1")
        if low is not None and _type_ok("whole number", value) and value < low:
            ctx.error(where + (key,), f"{key} must be {low} or more, not {value}")
    if inputs is not None and "X" not in dict(inputs):
        ctx.error(where + ("inputs",), 'declare the input data, e.g. X = ["n", "in"] (and Y '
                  "for the targets)")
    for input_name, _ in inputs or ():
        if input_name not in ("X", "Y"):
            ctx.error(where + ("inputs", input_name), f"input {input_name!r}: the data gives "
                      "X (the features) and Y (the targets) only; compute other arrays in a "
                      "forward line, or make them parameters")
            inputs = None
            break
    if len(ctx.errors) > before or None in (inputs, params, sizes, lines, loss):
        return None
    line, col = ctx.positions.find(where + ("forward",))
    first = forward_start(ctx.positions.text, line, col)
    csv_path = (ctx.path.parent / name) if kind == "csv" else None
    frac = raw.get("test_fraction")
    return GraphWalkthrough(
        forward=tuple(lines), first_line=first[0], first_col=first[1], inputs=inputs,
        params=params, sizes=sizes, data=name, csv_path=csv_path,
        targets=tuple(raw.get("targets", ())), loss=loss, lr=float(raw["lr"]),
        epochs=raw["epochs"], seed=raw.get("seed", 0),
        trace_rows=raw.get("trace_rows", DEFAULT_TRACE_ROWS),
        standardize=raw.get("standardize"),
        test_fraction=float(frac) if _type_ok("number", frac) else None)


def _data_source(ctx: _Context, raw: dict, where: tuple) -> tuple[str, str]:
    """("dataset" | "csv" | "random", name) from `dataset = NAME` or `data = ...`."""
    from nntutor.engine.datasets import DATASETS

    dataset, data = raw.get("dataset"), raw.get("data")
    if dataset is not None and data is not None:
        ctx.error(where + ("data",), "give either dataset = NAME (a built-in dataset) or data = "
                  '"file.csv" / "random", not both')
        return "", ""
    if isinstance(dataset, str):
        if "targets" in raw:
            ctx.error(where + ("targets",), f"targets name a CSV file's columns; the {dataset} "
                      "dataset has its own targets: remove this key")
        if dataset not in DATASETS:
            ctx.error(where + ("dataset",), _unknown("dataset", dataset, list(DATASETS)))
        return "dataset", dataset
    if not isinstance(data, str):
        if dataset is None and data is None:
            ctx.error(where, 'a graph walkthrough needs its data: dataset = "iris" (built in), '
                      'data = "points.csv" (a file beside the lesson) or data = "random"')
        return "", ""
    if data == "random":
        if "targets" in raw:
            ctx.error(where + ("targets",), "targets name CSV columns; random data has none")
        return "random", data
    if not data.endswith(".csv") or "/" in data or "\\" in data or data.startswith("."):
        ctx.error(where + ("data",), f'data = {data!r}: give "random" or the name of a .csv '
                  "file in the lesson's own folder, e.g. data = \"points.csv\"")
        return "", ""
    if not raw.get("targets"):
        ctx.error(where + ("data",), 'name the CSV\'s target columns, e.g. targets = ["label"]')
    return "csv", data


def _dim_table(ctx: _Context, raw, where: tuple, param: bool):
    if not isinstance(raw, dict):
        return None
    out = []
    for name, dims in raw.items():
        if not NAME.match(name):
            ctx.error(where + (name,), f"{name!r} must be an identifier such as X")
            return None
        if not _type_ok("list of strings", dims) or not all(NAME.match(d) or d == "1"
                                                            for d in dims):
            ctx.error(where + (name,), f'{name} must be its named dims, e.g. {name} = ["n", "in"]')
            return None
        out.append((name, tuple(dims)))
    return tuple(out)


def _params(ctx: _Context, raw, where: tuple) -> tuple[Param, ...] | None:
    from nntutor.engine.init import ALIASES, INITS

    if not isinstance(raw, dict):
        return None
    out = []
    known = list(INITS) + list(ALIASES) + ["zeros"]
    for name, spec in raw.items():
        pwhere = where + (name,)
        if isinstance(spec, list):
            spec = {"dims": spec}
        if not isinstance(spec, dict) or not NAME.match(name):
            ctx.error(pwhere, f'parameter {name} must be {{ dims = ["in", "h"], init = '
                      '"glorot_uniform" }')
            return None
        if not check_keys(ctx, {}, spec, PARAM, pwhere):
            return None
        init = spec.get("init", "zeros" if spec["dims"][:1] == ["1"] else "glorot_uniform")
        if init not in known:
            ctx.error(pwhere + ("init",), _unknown("init", init, known))
            return None
        out.append(Param(name, tuple(spec["dims"]), init))
    if not out:
        ctx.error(where, "declare at least one parameter to train, e.g. W1 = "
                  '{ dims = ["in", "h"] }')
        return None
    return tuple(out)


def _sizes(ctx: _Context, raw, where: tuple) -> tuple[tuple[str, int], ...] | None:
    if raw is None:
        return ()
    if not isinstance(raw, dict):
        return None
    out = []
    for name, size in raw.items():
        if not _type_ok("whole number", size) or not 1 <= size <= MAX_SIZE:
            ctx.error(where + (name,), f"size {name} must be a whole number from 1 to "
                      f"{MAX_SIZE:,}, not {size!r}")
            return None
        out.append((name, size))
    return tuple(out)


def _lines(ctx: _Context, text, where: tuple) -> list[str] | None:
    if not isinstance(text, str):
        return None
    lines = text.split("\n")
    while lines and not lines[-1].strip():
        lines.pop()
    if len(lines) > MAX_LINES:
        ctx.error(where + ("forward",), f"the forward pass has {len(lines)} lines; at most "
                  f"{MAX_LINES} are allowed")
        return None
    for i, line in enumerate(lines):
        if len(line) > MAX_LINE_CHARS:
            ctx.error(where + ("forward",), f"forward line {i + 1} is {len(line)} characters; "
                      f"at most {MAX_LINE_CHARS}")
            return None
    if not any(line.strip() and not line.lstrip().startswith("#") for line in lines):
        ctx.error(where + ("forward",), "the forward pass is empty; write one line per step, "
                  "e.g. Z1 = X @ W1 + b1")
        return None
    return lines


def loss_names() -> tuple[str, ...]:
    """The losses a forward line may call: the graph engine's own list."""
    from nntutor.engine.graph import FUNCTIONS

    return tuple(name for name, (op, *_) in FUNCTIONS.items() if op.key.startswith("loss_"))


def _loss(ctx: _Context, lines: list[str], where: tuple) -> str | None:
    """The loss the last line computes: `L = cross_entropy(P, Y)` -> "cross_entropy"."""
    last = [line for line in lines if line.strip() and not line.lstrip().startswith("#")][-1]
    try:
        node = ast.parse(last.strip(), mode="exec").body[0]
    except SyntaxError:
        return "?"  # the engine's parser reports the syntax error at its place
    call = getattr(node, "value", None)
    name = getattr(getattr(call, "func", None), "id", None)
    losses = loss_names()
    if name not in losses:
        ctx.error(where + ("forward",), "the last forward line must compute the loss, e.g. "
                  f"L = mse(Yhat, Y) (losses: {', '.join(losses)})")
        return None
    return name

