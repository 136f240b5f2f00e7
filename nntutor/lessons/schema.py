"""Check a parsed lesson file against the format and build the `Lesson` from it.

Every problem becomes a `LessonError` at the line and column of the key at fault, with a fix
when one is likely (the closest known key for a typo, the right type for a wrong one).
Nothing here runs the engine; the computed checks live in `validate.py`.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nntutor.engine.network import ArchitectureError, Layer, default_dims, parse_architecture
from nntutor.lessons.model import (
    Exercise,
    Lesson,
    LessonError,
    Section,
    Variable,
    Walkthrough,
    WrongAnswer,
)
from nntutor.lessons.positions import Positions

LESSON_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
EXERCISE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")

# key -> (expected type, required); the type names are the ones a teacher sees in messages.
TOP = {"id": ("string", True), "title": ("string", True), "summary": ("string", True),
       "prerequisites": ("list of strings", False), "section": ("tables", True),
       "walkthrough": ("table", False), "exercise": ("tables", False)}
SECTION = {"title": ("string", True), "body": ("string", True)}
WALKTHROUGH = {"layer": ("tables", True), "dataset": ("string", True), "loss": ("string", True),
               "lr": ("number", True), "epochs": ("whole number", True),
               "init": ("string", False), "seed": ("whole number", False),
               "batch_size": ("whole number", False), "dims": ("list of strings", False),
               "trace_rows": ("whole number", False), "standardize": ("true or false", False),
               "test_fraction": ("number", False),
               "trace_select": ("list of whole numbers", False)}
LAYER = {"input_dim": ("whole number", True), "output_dim": ("whole number", True),
         "activation": ("string", True)}
EXERCISE = {"id": ("string", True), "prompt": ("string", True), "derive": ("string", True),
            "target": ("string", True), "variables": ("table", True), "answer": ("string", True),
            "hints": ("list of strings", True), "wrong": ("tables", False),
            "result_dims": ("list of strings", False), "explanation": ("string", False),
            "network": ("table", False)}
NETWORK = {"layer": ("tables", True), "loss": ("string", True), "dims": ("list of strings", False)}
VARIABLE = {"dims": ("list of strings", True), "source": ("string", False)}
WRONG = {"answer": ("string", True), "feedback": ("string", True)}

DEFAULT_TRACE_ROWS = 4
# A lesson is read on a screen: far fewer sections and exercises than these, each far shorter.
MAX_SECTIONS = 60
MAX_SECTION_CHARS = 20_000
MAX_EXERCISES = 60


def dataset_features(name: str) -> int | None:
    from nntutor.engine.datasets import features_of  # the engine's registry, not a copy

    return features_of(name)


def targets_of(name: str) -> int | None:
    from nntutor.engine.datasets import targets_of as engine_targets

    return engine_targets(name)


def _type_ok(kind: str, value: Any) -> bool:
    if kind == "string":
        return isinstance(value, str)
    if kind == "whole number":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if kind == "true or false":
        return isinstance(value, bool)
    if kind == "list of strings":
        return isinstance(value, list) and all(isinstance(v, str) for v in value)
    if kind == "list of whole numbers":
        return isinstance(value, list) and all(_type_ok("whole number", v) for v in value)
    if kind == "table":
        return isinstance(value, dict)
    if kind == "tables":
        return isinstance(value, list) and all(isinstance(v, dict) for v in value)
    raise AssertionError(kind)


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return f"{str(value).lower()}"
    if isinstance(value, str):
        return f"the string {value!r}"
    if isinstance(value, int):
        return f"the number {value}"
    if isinstance(value, float):
        return f"the number {value:g}"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list"
    return type(value).__name__


def _type_hint(kind: str, key: str, value: Any) -> str:
    if kind in ("number", "whole number") and isinstance(value, str):
        return f"; write {key} = {value.strip()} without quotes"
    if kind == "string" and not isinstance(value, (dict, list)):
        return f'; put it in quotes: {key} = "{value}"'
    if kind == "list of strings" and isinstance(value, str):
        return f'; write {key} = ["{value}"]'
    if kind == "tables":
        return f"; write each one under its own [[...{key}]] header"
    if kind == "true or false":
        return f"; write {key} = true or {key} = false"
    return ""


@dataclass
class _Context:
    path: Path
    positions: Positions
    errors: list[LessonError]

    def error(self, where: tuple, message: str) -> None:
        line, col = self.positions.find(where)
        self.errors.append(LessonError(self.path, line, col, message))


def _where_name(where: tuple, data: dict) -> str:
    """A readable name for a table: `exercise "dW2"`, `layer 2 of the walkthrough`, ..."""
    if not where:
        return "the lesson"
    if where[0] == "section" and len(where) >= 2:
        return f"section {where[1] + 1}"
    if where[0] == "walkthrough":
        if len(where) >= 3 and where[1] == "layer":
            return f"walkthrough layer {where[2] + 1}"
        return "[walkthrough]"
    if where[0] == "exercise" and len(where) >= 2:
        ex = data.get("exercise", [])[where[1]] if isinstance(data.get("exercise"), list) else {}
        name = f'exercise "{ex.get("id")}"' if isinstance(ex.get("id"), str) else (
            f"exercise {where[1] + 1}")
        if len(where) >= 4 and where[2] == "variables":
            return f"variable {where[3]} of {name}"
        if len(where) >= 4 and where[2] == "wrong":
            return f"wrong answer {where[3] + 1} of {name}"
        if len(where) >= 5 and where[2] == "network" and where[3] == "layer":
            return f"network layer {where[4] + 1} of {name}"
        if len(where) >= 3 and where[2] == "network":
            return f"the network of {name}"
        return name
    return ".".join(str(p) for p in where)


def check_keys(ctx: _Context, data: dict, table: Any, spec: dict, where: tuple) -> bool:
    """Unknown keys, missing keys and wrong types of one table; True if usable."""
    ok = True
    name = _where_name(where, data)
    for key, value in table.items():
        if key not in spec:
            close = difflib.get_close_matches(key, list(spec), n=1, cutoff=0.6)
            fix = f"; did you mean {close[0]!r}?" if close else (
                f" (known keys: {', '.join(spec)})")
            ctx.error(where + (key,), f"unknown key {key!r} in {name}{fix}")
            continue
        kind = spec[key][0]
        if not _type_ok(kind, value):
            ctx.error(where + (key,), f"{key} in {name} must be a {kind}, not {_describe(value)}"
                      + _type_hint(kind, key, value))
            ok = False
    for key, (kind, required) in spec.items():
        if required and key not in table:
            example = {"tables": f"one or more [[{key}]] tables",
                       "table": f"a [{key}] table"}.get(kind, f"{key} = ...")
            what = "a list of tables" if kind == "tables" else f"a {kind}"
            ctx.error(where, f"{name} is missing {key!r} ({what}); add {example}")
            ok = False
    return ok


def parse_lesson(data: dict, path: Path, positions: Positions) -> tuple[Lesson | None,
                                                                        list[LessonError]]:
    """Build a Lesson from tomllib's dict; returns (None, errors) when anything is wrong."""
    ctx = _Context(path, positions, [])
    check_keys(ctx, data, data, TOP, ())
    lesson_id = data.get("id")
    if isinstance(lesson_id, str) and not LESSON_ID.match(lesson_id):
        ctx.error(("id",), f"lesson id {lesson_id!r} may use only lower-case letters, digits "
                  f"and '-' (e.g. {_slug(lesson_id)!r})")
    for key in ("title", "summary"):
        if isinstance(data.get(key), str) and not data[key].strip():
            ctx.error((key,), f"{key} is empty; write one line")
    if isinstance(data.get("summary"), str) and "\n" in data["summary"].strip():
        ctx.error(("summary",), "summary must be one line; move the rest into a section")
    sections = _sections(ctx, data)
    graph = None
    if isinstance(data.get("walkthrough"), dict) and "forward" in data["walkthrough"]:
        from nntutor.lessons.graph_schema import parse_graph

        walkthrough, graph = None, parse_graph(ctx, data, data["walkthrough"])
    else:
        walkthrough = _walkthrough(ctx, data)
    exercises = _exercises(ctx, data, walkthrough or graph)
    if ctx.errors:
        return None, sorted(ctx.errors, key=lambda e: (e.line, e.col))
    lesson = Lesson(
        id=data["id"], title=data["title"].strip(), summary=data["summary"].strip(),
        prerequisites=tuple(data.get("prerequisites", ())), sections=sections,
        walkthrough=walkthrough, exercises=exercises, path=path, graph=graph,
        positions=positions,
    )
    return lesson, []


def reflow(text: str) -> str:
    """Join the hand-wrapped lines of each paragraph (a front end wraps to its own width);
    blank lines still separate paragraphs and indented lines stay as they are."""
    paragraphs = []
    for block in re.split(r"\n\s*\n", _dedent(text)):
        lines = block.splitlines()
        if any(line.startswith((" ", "\t")) for line in lines):
            paragraphs.append(block)
        else:
            paragraphs.append(" ".join(line.strip() for line in lines))
    return "\n\n".join(p for p in paragraphs if p.strip())


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "my-lesson"


def _sections(ctx: _Context, data: dict) -> tuple[Section, ...]:
    out = []
    raw = data.get("section")
    if not _type_ok("tables", raw):
        return ()
    if not raw:
        ctx.error(("section",), "a lesson needs at least one [[section]] of prose")
    if len(raw) > MAX_SECTIONS:
        ctx.error(("section", MAX_SECTIONS), f"the lesson has {len(raw):,} sections; at most "
                  f"{MAX_SECTIONS} are allowed: split it into several lessons")
        return ()
    for i, sec in enumerate(raw):
        body = sec.get("body")
        if isinstance(body, str) and len(body) > MAX_SECTION_CHARS:
            ctx.error(("section", i, "body"), f"section {i + 1} is {len(body):,} characters "
                      f"long; at most {MAX_SECTION_CHARS:,} are allowed: split it into sections")
            continue
        if check_keys(ctx, data, sec, SECTION, ("section", i)):
            out.append(Section(sec["title"].strip(), _dedent(sec["body"])))
    return tuple(out)


def _dedent(text: str) -> str:
    import textwrap

    return textwrap.dedent(text).strip("\n")


def _walkthrough(ctx: _Context, data: dict) -> Walkthrough | None:
    raw = data.get("walkthrough")
    if not isinstance(raw, dict):
        return None
    where = ("walkthrough",)
    before = len(ctx.errors)
    check_keys(ctx, data, raw, WALKTHROUGH, where)
    layers = _layers(ctx, data, raw)
    from nntutor.engine.datasets import DATASETS
    from nntutor.engine.init import ALIASES as INIT_ALIASES, INITS
    from nntutor.engine.losses import ALIASES as LOSS_ALIASES, LOSSES

    for key, known, aliases in (("dataset", DATASETS, {}), ("loss", LOSSES, LOSS_ALIASES),
                                ("init", INITS, INIT_ALIASES)):
        value = raw.get(key)
        if isinstance(value, str) and value not in known and value not in aliases:
            ctx.error(where + (key,), _unknown(key, value, list(known) + list(aliases)))
    lr, epochs = raw.get("lr"), raw.get("epochs")
    if _type_ok("number", lr) and not lr > 0:
        ctx.error(where + ("lr",), f"lr must be positive, not {lr}; try lr = 0.01")
    if _type_ok("whole number", epochs) and epochs < 0:
        ctx.error(where + ("epochs",), f"epochs must be 0 or more, not {epochs}")
    for key in ("batch_size", "trace_rows"):
        value = raw.get(key)
        if _type_ok("whole number", value) and value < 1:
            ctx.error(where + (key,), f"{key} must be 1 or more, not {value}"
                      + ("; leave batch_size out for full-batch training"
                         if key == "batch_size" else ""))
    frac = raw.get("test_fraction")
    if _type_ok("number", frac) and not 0 <= frac < 1:
        ctx.error(where + ("test_fraction",),
                  f"test_fraction must be at least 0 and below 1, not {frac}; e.g. 0.1")
    select = raw.get("trace_select")
    if _type_ok("list of whole numbers", select) and (not select or min(select) < 0):
        ctx.error(where + ("trace_select",), "trace_select lists data row numbers, 0 or more "
                  "(e.g. trace_select = [3, 30, 62, 91])")
    dims = _dims(ctx, raw, layers)
    if len(ctx.errors) > before or layers is None:
        return None
    if not _within_budget(ctx, raw, layers):
        return None
    return Walkthrough(
        architecture=layers, dataset=raw["dataset"], init=raw.get("init", "glorot_uniform"),
        seed=raw.get("seed", 0), loss=raw["loss"], batch_size=raw.get("batch_size"),
        lr=float(raw["lr"]), epochs=raw["epochs"], dims=dims,
        trace_rows=raw.get("trace_rows", len(select) if _type_ok("list of whole numbers", select)
                           else DEFAULT_TRACE_ROWS),
        standardize=raw.get("standardize"),
        test_fraction=(float(frac) if _type_ok("number", frac) else None),
        trace_select=tuple(select) if _type_ok("list of whole numbers", select) else None,
    )


def _within_budget(ctx: _Context, raw: dict, layers: tuple[Layer, ...],
                   where: tuple = ("walkthrough",)) -> bool:
    """The engine's budget (nntutor.engine.budget) for this stack on its data: every array,
    one pass, and epochs x work. False (with the error at the setting to change) if over."""
    from nntutor.engine.budget import BudgetError, check_pass, check_work, dense_cost

    from nntutor.engine.datasets import rows_of

    rows = rows_of(raw.get("dataset")) or 1
    batch = raw.get("batch_size")
    steps = -(-rows // batch) if _type_ok("whole number", batch) and batch > 0 else 1
    widths = [layers[0].input_dim] + [l.output_dim for l in layers]
    cost = dense_cost(rows, widths, steps)
    try:
        check_pass(cost.shapes)
    except BudgetError as exc:
        name = exc.key or ""
        digits = "".join(c for c in name if c.isdigit())
        at = (where + ("layer", 0, "input_dim")) if not digits else (
            where + ("layer", int(digits) - 1, "output_dim"))
        ctx.error(at, f"too large to run: {exc}")
        return False
    epochs = raw.get("epochs")
    if _type_ok("whole number", epochs):
        try:
            check_work(epochs, cost.work_per_epoch)
        except BudgetError as exc:
            ctx.error(where + ("epochs",), f"too much training to run: {exc}")
            return False
    return True


def _unknown(key: str, value: str, known: list[str]) -> str:
    close = difflib.get_close_matches(value, known, n=1, cutoff=0.5)
    fix = f"; did you mean {close[0]!r}?" if close else ""
    return f"unknown {key} {value!r} (known: {', '.join(sorted(set(known)))}){fix}"


def _layers(ctx: _Context, data: dict, raw: dict,
            base: tuple = ("walkthrough",)) -> tuple[Layer, ...] | None:
    specs = raw.get("layer")
    if not _type_ok("tables", specs):
        return None
    if not specs:
        ctx.error(base + ("layer",), f"the network needs at least one "
                  f"[[{'.'.join(str(b) for b in base if isinstance(b, str))}.layer]]")
        return None
    usable = True
    resolved = []
    for i, spec in enumerate(specs):
        usable &= check_keys(ctx, data, _without_features(spec, i), LAYER,
                             base + ("layer", i))
        resolved.append(spec)
    if not usable:
        return None
    if resolved[0].get("input_dim") == "features":
        count = dataset_features(raw.get("dataset")) if isinstance(raw.get("dataset"),
                                                                   str) else None
        if count is None:
            ctx.error(base + ("layer", 0, "input_dim"),
                      'input_dim = "features" needs a known dataset; write the number instead')
            return None
        resolved[0] = {**resolved[0], "input_dim": count}
    try:
        layers = parse_architecture(resolved)
    except ArchitectureError as exc:
        where = base + ("layer",)
        if exc.layer is not None:
            where += (exc.layer,) + ((exc.key,) if exc.key else ())
        message = str(exc)
        if exc.key == "activation" and exc.layer is not None:
            from nntutor.engine.activations import ACTIVATIONS

            value = str(resolved[exc.layer].get("activation"))
            close = difflib.get_close_matches(value, list(ACTIVATIONS), n=1, cutoff=0.5)
            if close and "unknown activation" in message:
                message += f"; did you mean {close[0]!r}?"
        ctx.error(where, message)
        return None
    dataset = raw.get("dataset")
    features = dataset_features(dataset) if isinstance(dataset, str) else None
    if features is not None and layers[0].input_dim != features:
        ctx.error(base + ("layer", 0, "input_dim"),
                  f"layer 1 input_dim is {layers[0].input_dim} but the {dataset} dataset has "
                  f"{features} feature{'s' if features != 1 else ''}; set input_dim = {features}")
    targets = targets_of(dataset) if isinstance(dataset, str) else None
    if targets is not None and layers[-1].output_dim != targets:
        ctx.error(base + ("layer", len(layers) - 1, "output_dim"),
                  f"the last layer's output_dim is {layers[-1].output_dim} but the {dataset} "
                  f"dataset has {targets} target column{'s' if targets != 1 else ''}; "
                  f"set output_dim = {targets}")
    loss = raw.get("loss")
    last = layers[-1].activation
    from nntutor.engine.losses import canonical_loss

    loss = canonical_loss(loss) if isinstance(loss, str) else loss
    if loss == "bce" and last != "sigmoid":
        ctx.error(base + ("layer", len(layers) - 1, "activation"),
                  f"the bce loss needs predictions between 0 and 1, so the last layer must be "
                  f'sigmoid, not {last}; set activation = "sigmoid"')
    if loss == "cross_entropy" and last != "softmax":
        ctx.error(base + ("layer", len(layers) - 1, "activation"),
                  f'the cross_entropy loss needs a softmax last layer, not {last}; set '
                  f'activation = "softmax"')
    if last == "softmax" and loss != "cross_entropy":
        ctx.error(base + ("loss",), "a softmax last layer needs loss = "
                  '"cross_entropy"')
    return layers


def _without_features(spec: dict, index: int) -> dict:
    """`input_dim = "features"` is allowed on the first layer: type-check it as a number."""
    if index == 0 and spec.get("input_dim") == "features":
        return {**spec, "input_dim": 1}
    return spec


def _dims(ctx: _Context, raw: dict, layers, base: tuple = ("walkthrough",)) -> tuple[str, ...]:
    where = base + ("dims",)
    dims = raw.get("dims")
    if layers is None:
        return ()
    if dims is None:
        return default_dims(len(layers))
    if not _type_ok("list of strings", dims):
        return ()
    if len(dims) != len(layers) + 1:
        ctx.error(where, f"{len(layers)} layers need {len(layers) + 1} dimension names "
                  f"(the input width, then each layer's output width), got {len(dims)}: "
                  f"e.g. dims = {list(default_dims(len(layers)))}".replace("'", '"'))
        return ()
    seen = set()
    for i, name in enumerate(dims):
        if not NAME.match(name) or name in ("n", "1"):
            ctx.error(where + (i,), f"dimension name {name!r} must be a short identifier "
                      "other than n (the batch) and 1, e.g. h1")
        elif name in seen:
            ctx.error(where + (i,), f"dimension name {name!r} is used twice; give every width "
                      "its own name (e.g. h1, h2)")
        seen.add(name)
    return tuple(dims)


def _exercises(ctx: _Context, data: dict, walkthrough: Walkthrough | None) -> tuple[Exercise,
                                                                                       ...]:
    raw = data.get("exercise")
    if not _type_ok("tables", raw) or raw is None:
        return ()
    if len(raw) > MAX_EXERCISES:
        ctx.error(("exercise", MAX_EXERCISES), f"the lesson has {len(raw):,} exercises; at most "
                  f"{MAX_EXERCISES} are allowed: split it into several lessons")
        return ()
    out = []
    seen: dict[str, int] = {}
    for i, ex in enumerate(raw):
        where = ("exercise", i)
        ok = check_keys(ctx, data, ex, EXERCISE, where)
        network = None
        if isinstance(ex.get("network"), dict):
            network = _exercise_network(ctx, data, ex["network"], where + ("network",))
            ok &= network is not None
        net = network or walkthrough
        if net is None and ("network" in ex or "walkthrough" in data):
            continue  # the network's own errors are reported; its dims are unknown
        known_dims = ("n", "1", *(net.dims if net else ()))
        ex_id = ex.get("id")
        if isinstance(ex_id, str):
            if not EXERCISE_ID.match(ex_id):
                ctx.error(where + ("id",), f"exercise id {ex_id!r} may use letters, digits, "
                          "'_', '.' and '-' only (it is typed on the command line)")
            elif ex_id in seen:
                line, _ = ctx.positions.find(("exercise", seen[ex_id], "id"))
                ctx.error(where + ("id",), f"duplicate exercise id {ex_id!r} (first used on line "
                          f"{line}); give each exercise its own id")
            seen.setdefault(ex_id, i)
        if "walkthrough" not in data and "network" not in ex:
            ctx.error(where, "exercises are checked on the lesson's network: add a "
                      "[walkthrough] with its [[walkthrough.layer]] tables, or give this "
                      "exercise its own [exercise.network]")
            ok = False
        hints = ex.get("hints")
        if _type_ok("list of strings", hints) and not 1 <= len(hints) <= 5:
            ctx.error(where + ("hints",), f"give 1 to 5 hints, from gentle to explicit "
                      f"(got {len(hints)})")
        variables = _variables(ctx, data, ex, where, known_dims)
        wrong = []
        for j, w in enumerate(ex.get("wrong", []) if _type_ok("tables", ex.get("wrong")) else []):
            if check_keys(ctx, data, w, WRONG, where + ("wrong", j)):
                wrong.append(WrongAnswer(w["answer"].strip(), reflow(w["feedback"])))
        result_dims = ex.get("result_dims")
        if _type_ok("list of strings", result_dims):
            for k, d in enumerate(result_dims):
                if d not in known_dims:
                    ctx.error(where + ("result_dims", k), _unknown_dim(d, known_dims))
        elif ok and net is not None and isinstance(ex.get("target"), str):
            result_dims = target_dims(ex["target"], net)
            if result_dims is None:
                ctx.error(where + ("target",), f"cannot tell the shape of target "
                          f"{ex['target']!r}; add result_dims = [...] with its named dimensions")
        if not ok or variables is None or result_dims is None or net is None:
            continue
        out.append(Exercise(
            id=ex["id"], prompt=_dedent(ex["prompt"]), derive=ex["derive"].strip(),
            target=ex["target"].strip(), variables=variables, answer=ex["answer"].strip(),
            hints=tuple(h.strip() for h in ex["hints"]), wrong=tuple(wrong),
            result_dims=tuple(result_dims), line=ctx.positions.find(where)[0],
            explanation=_dedent(ex.get("explanation", "")), network=network,
        ))
    return tuple(out)


def _exercise_network(ctx: _Context, data: dict, raw: dict, where: tuple) -> Walkthrough | None:
    """An exercise's own small network (layers, loss, dims): checked on random data only."""
    from nntutor.engine.losses import ALIASES as LOSS_ALIASES, LOSSES

    before = len(ctx.errors)
    check_keys(ctx, data, raw, NETWORK, where)
    loss = raw.get("loss")
    if isinstance(loss, str) and loss not in LOSSES and loss not in LOSS_ALIASES:
        ctx.error(where + ("loss",), _unknown("loss", loss, list(LOSSES) + list(LOSS_ALIASES)))
    layers = _layers(ctx, data, raw, where)
    dims = _dims(ctx, raw, layers, where)
    if len(ctx.errors) > before or layers is None:
        return None
    return Walkthrough(architecture=layers, dataset="", init="glorot_uniform", seed=0,
                       loss=loss, batch_size=None, lr=0.0, epochs=0, dims=dims,
                       trace_rows=DEFAULT_TRACE_ROWS, standardize=None, test_fraction=None)


def _unknown_dim(name: str, known: tuple[str, ...]) -> str:
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.5)
    fix = f"; did you mean {close[0]!r}?" if close else ""
    return (f"unknown dimension {name!r}: the network names {', '.join(known[2:])}, "
            f"plus n (the batch) and 1{fix}")


def _variables(ctx: _Context, data: dict, ex: dict, where: tuple,
               known_dims: tuple[str, ...]) -> tuple[Variable, ...] | None:
    raw = ex.get("variables")
    if not isinstance(raw, dict):
        return None
    out = []
    ok = True
    for name, spec in raw.items():
        vwhere = where + ("variables", name)
        if not NAME.match(name):
            ctx.error(vwhere, f"variable name {name!r} must be an identifier such as dZ2")
            ok = False
            continue
        shorthand = isinstance(spec, list)  # A1 = ["n", "h1"]: dims only, source = name
        if shorthand:
            spec = {"dims": spec}
        if not isinstance(spec, dict):
            ctx.error(vwhere, f'variable {name} must be its dims, e.g. {name} = ["n", "h1"], or '
                      f'a table {{ dims = [...], source = "..." }}')
            ok = False
            continue
        if not check_keys(ctx, data, spec, VARIABLE, vwhere):
            ok = False
            continue
        for k, d in enumerate(spec["dims"]):
            if d not in known_dims:
                ctx.error(vwhere + ((k,) if shorthand else ("dims", k)),
                          _unknown_dim(d, known_dims))
                ok = False
        out.append(Variable(name, tuple(spec["dims"]), spec.get("source", name).strip()))
    if not raw:
        ctx.error(where + ("variables",), "list at least one variable the learner may use")
        ok = False
    return tuple(out) if ok else None


def quantity_dims(walkthrough: Walkthrough) -> dict[str, tuple[str, ...]]:
    """The named dims of every quantity a pass records, without running it (as the tape's)."""
    dims = walkthrough.dims
    out: dict[str, tuple[str, ...]] = {"X": ("n", dims[0]), "Y": ("n", dims[-1]), "L": ()}
    for l in range(1, len(walkthrough.architecture) + 1):
        a_prev = "X" if l == 1 else f"A{l - 1}"
        out[f"W{l}"] = out[f"dW{l}"] = (dims[l - 1], dims[l])
        out[f"b{l}"] = out[f"db{l}"] = ("1", dims[l])
        for name in (f"{a_prev}W{l}", f"Z{l}", f"A{l}", f"dZ{l}", f"dA{l}"):
            out[name] = ("n", dims[l])
    return out


def graph_quantity_dims(graph) -> dict[str, tuple[str, ...]]:
    """Dims known without running a graph: its inputs and parameters and their gradients."""
    out: dict[str, tuple[str, ...]] = {"L": ()}
    for name, dims in graph.inputs + tuple((p.name, p.dims) for p in graph.params):
        out[name] = out[f"d{name}"] = dims
    return out


def target_dims(target: str, walkthrough) -> tuple[str, ...] | None:
    """Named dims of `NAME` or `NAME.T` for a quantity of the pass; None otherwise."""
    known = (quantity_dims(walkthrough) if isinstance(walkthrough, Walkthrough)
             else graph_quantity_dims(walkthrough))
    target = target.strip()
    if target in known:
        return known[target]
    if target.endswith(".T") and target[:-2] in known:
        return tuple(reversed(known[target[:-2]]))
    return None
