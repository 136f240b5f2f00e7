"""Running a lesson on the engine: its network, its data, its traced pass, its exercises.

`exercise_instances` is what makes the checking honest: the lesson's architecture is rebuilt
with random, all-different sizes for every named dimension (the batch n included), so an answer
that only works because two sizes happen to be equal (a missing transpose on a square matrix)
fails, and the expected value is the engine's own gradient from a real backward pass.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

import numpy as np

from nntutor.engine.network import Network
from nntutor.lessons.model import Exercise, Lesson, Walkthrough

# Sizes drawn for exercise instances: small enough to read, all different.
SMALLEST, LARGEST = 2, 9


class SourceError(ValueError):
    """A variable's source (or the target) cannot be computed from an engine pass."""

    def __init__(self, message: str, variable: str | None = None):
        super().__init__(message)
        self.variable = variable  # None: the exercise's target


def build_network(walkthrough: Walkthrough, seed: int | None = None) -> Network:
    """The walkthrough's network with its initialisation (seed: the lesson's unless given)."""
    return Network(
        [(l.input_dim, l.output_dim, l.activation) for l in walkthrough.architecture],
        loss=walkthrough.loss, init=walkthrough.init,
        seed=walkthrough.seed if seed is None else seed, dims=walkthrough.dims,
    )


def walkthrough_data(walkthrough: Walkthrough):
    """The lesson's dataset with its split and standardisation (a nntutor Dataset)."""
    from nntutor.engine.datasets import load_dataset

    data = load_dataset(walkthrough.dataset, seed=walkthrough.seed,
                        test_fraction=walkthrough.test_fraction,
                        standardize=walkthrough.standardize)
    width = walkthrough.architecture[0].input_dim
    if data.X_train.shape[1] != width:
        raise ValueError(f"the {data.name} data has {data.X_train.shape[1]} features but the "
                         f"first layer expects input_dim = {width}")
    return data


def trace_indices(total: int, rows: int) -> np.ndarray:
    """`rows` indices spread evenly over the data, so a small batch shows every kind of row
    (iris is sorted by species: its first rows are all one class)."""
    rows = min(rows, total)
    return np.unique(np.linspace(0, total - 1, rows).round().astype(int))


def trace_lesson(lesson: Lesson, rows: int | None = None, lr: float | None = None):
    """One recorded forward and backward pass on `trace_rows` rows of the lesson's data."""
    if lesson.graph is not None:
        from nntutor.lessons import graph_run

        graph_run.check_budget(lesson.graph)
        return graph_run.trace(lesson.graph, rows=rows, lr=lr)
    wt = _walkthrough(lesson)
    data = walkthrough_data(wt)
    if wt.trace_select and rows is None:
        idx = np.asarray(wt.trace_select)
        if idx.max() >= len(data.X_train):
            raise ValueError(f"trace_select row {int(idx.max())} is past the end of the "
                             f"{len(data.X_train)} training rows")
    else:
        idx = trace_indices(len(data.X_train), rows or wt.trace_rows)
    net = build_network(wt)
    return net.trace(data.X_train[idx], data.Y_train[idx], lr=lr)


def training_rows(lesson: Lesson) -> int | None:
    """How many rows the walkthrough network trains on (the step view runs a few of them);
    None for a lesson written as forward lines."""
    if lesson.walkthrough is None:
        return None
    return len(walkthrough_data(lesson.walkthrough).X_train)


def _walkthrough(lesson: Lesson) -> Walkthrough:
    if lesson.walkthrough is None:
        raise ValueError(f"lesson {lesson.id!r} has no walkthrough network")
    return lesson.walkthrough


def describe(lesson: Lesson) -> str:
    """One line naming the lesson's network: `2-4-1 tanh/sigmoid on xor, loss mse`, or for a
    graph `5 forward lines, loss cross_entropy, on iris`."""
    if lesson.graph is not None:
        g = lesson.graph
        lines = len(g.line_names)
        return f"{lines} forward lines, loss {g.loss}, on {g.data}"
    wt = _walkthrough(lesson)
    acts = "/".join(l.activation for l in wt.architecture)
    return f"{wt.sizes} {acts} on {wt.dataset}, loss {wt.loss}"


# -- training ------------------------------------------------------------------------------
@dataclass(frozen=True)
class TrainResult:
    history: Any  # nntutor.engine.train.History
    epochs: int
    lr: float
    final_loss: float
    accuracy: float | None  # classification only
    accuracy_split: str | None  # "test" or "train"
    network: Network
    data: Any


def train_lesson(lesson: Lesson, epochs: int | None = None, lr: float | None = None,
                 seed: int | None = None, callback: Callable[[int, float], Any] | None = None,
                 log_every: int | None = None) -> TrainResult:
    """Train the walkthrough network with the lesson's configuration (overrides optional).

    Accuracy is reported for classification: on the test split when there is one, else on
    the training data.
    """
    from nntutor.engine.train import accuracy, train

    if lesson.graph is not None:
        from nntutor.lessons import graph_run

        graph_run.check_budget(lesson.graph, epochs=lesson.graph.epochs if epochs is None
                               else epochs)
        r = graph_run.train(lesson.graph, epochs=epochs, lr=lr, seed=seed, callback=callback,
                            log_every=log_every)
        return TrainResult(r.history, r.epochs, r.lr, r.final_loss, r.accuracy,
                           r.accuracy_split, r.graph, r.data)
    wt = _walkthrough(lesson)
    data = walkthrough_data(wt)
    epochs = wt.epochs if epochs is None else epochs
    check_training_budget(wt, len(data.X_train), epochs)
    net = build_network(wt, seed=seed)
    lr = wt.lr if lr is None else lr
    history = train(net, data.X_train, data.Y_train, epochs=epochs, lr=lr,
                    batch_size=wt.batch_size, seed=wt.seed if seed is None else seed,
                    log_every=log_every, callback=callback)
    final = net.loss_value(data.X_train, data.Y_train)
    acc = split = None
    if data.task in ("binary", "multiclass"):
        if data.X_test is not None and len(data.X_test):
            acc, split = accuracy(net.predict(data.X_test), data.Y_test), "test"
        else:
            acc, split = accuracy(net.predict(data.X_train), data.Y_train), "train"
    done = history.epochs[-1] if history.epochs else 0
    return TrainResult(history, done, lr, final, acc, split, net, data)


def check_training_budget(wt: Walkthrough, rows: int, epochs: int) -> None:
    """Raise engine.budget.BudgetError (a ValueError) when `epochs` epochs of this network on
    `rows` rows would not finish here: an `--epochs` given on the command line included."""
    from nntutor.engine.budget import check_work, dense_cost

    batch = wt.batch_size
    steps = -(-rows // batch) if batch else 1
    widths = [wt.architecture[0].input_dim] + [l.output_dim for l in wt.architecture]
    check_work(epochs, dense_cost(rows, widths, steps).work_per_epoch)


# -- exercises -----------------------------------------------------------------------------
def random_sizes(names: tuple[str, ...], rng: np.random.Generator) -> dict[str, int]:
    """A different size for every name, from SMALLEST up (no two equal: no square luck)."""
    top = max(LARGEST, SMALLEST + len(names) - 1)
    sizes = rng.choice(np.arange(SMALLEST, top + 1), size=len(names), replace=False)
    return {name: int(s) for name, s in zip(names, sizes)}


def random_targets(loss: str, n: int, out: int, rng: np.random.Generator) -> np.ndarray:
    """Targets suited to the loss: 0/1 for bce, one-hot rows for cross-entropy, else reals."""
    from nntutor.engine.losses import canonical_loss

    loss = canonical_loss(loss)
    if loss == "bce":
        return rng.integers(0, 2, size=(n, out)).astype(np.float64)
    if loss == "cross_entropy":
        return np.eye(out)[rng.integers(0, out, size=n)]
    return rng.standard_normal((n, out))


def random_pass(walkthrough, rng: np.random.Generator):
    """A traced pass of the walkthrough's architecture with random sizes, data and weights."""
    if not isinstance(walkthrough, Walkthrough):  # a graph walkthrough
        from nntutor.lessons import graph_run

        return graph_run.random_pass(walkthrough, rng, SMALLEST, LARGEST)
    sizes = random_sizes(("n", *walkthrough.dims), rng)
    dims = walkthrough.dims
    arch = [(sizes[dims[l]], sizes[dims[l + 1]], layer.activation)
            for l, layer in enumerate(walkthrough.architecture)]
    # glorot weights keep every gradient of ordinary size, whatever the lesson's own init
    net = Network(arch, loss=walkthrough.loss, init="glorot_uniform",
                  seed=int(rng.integers(2**31)), dims=dims)
    X = rng.standard_normal((sizes["n"], sizes[dims[0]]))
    Y = random_targets(walkthrough.loss, sizes["n"], sizes[dims[-1]], rng)
    return net.trace(X, Y), {**sizes, "1": 1}


def compute(expr: str, values: dict[str, Any]) -> Any:
    """Evaluate a lesson's own expression (a source, a target, a reference answer) with the
    checker's safe evaluator: the allow-listed interpreter with its pre-checked limits, run
    in-process, because these come from the lesson file, not from a learner's keyboard, and
    are evaluated hundreds of times by `validate` (the sandbox process costs a round trip)."""
    from nntutor.checker.evaluator import evaluate

    return evaluate(expr, values, isolated=False)


def exercise_instances(lesson: Lesson, exercise: Exercise, count: int = 3,
                       seed: int = 0) -> list[dict[str, Any]]:
    """`count` real engine passes, each with different random sizes for every named dim.

    Each dict maps the exercise's variable names to their values, "__target__" to the value
    the answer must equal and "__sizes__" to {dim: size}. Raises SourceError when a variable's
    source or the target cannot be computed.
    """
    from nntutor.checker.errors import ExpressionError

    wt = exercise_network(lesson, exercise)
    rng = np.random.default_rng(seed)
    out = []
    for tape, sizes in informative_passes(wt, exercise, count, rng):
        values = nameable(tape)
        instance: dict[str, Any] = {"n": sizes["n"]}  # the batch size, always available
        for var in exercise.variables:
            try:
                instance[var.name] = compute(var.source, values)
            except ExpressionError as exc:
                raise SourceError(f"variable {var.name}: source {var.source!r} cannot be "
                                  f"computed from the pass: {exc}", var.name) from None
        try:
            instance["__target__"] = compute(exercise.target, values)
        except ExpressionError as exc:
            raise SourceError(f"target {exercise.target!r} cannot be computed from the pass: "
                              f"{exc}") from None
        instance["__sizes__"] = sizes
        out.append(instance)
    return out


# How many passes to draw, at most, looking for informative ones (a few are usually enough).
MAX_DRAWS = 200


def _degenerate(value) -> bool:
    """All zero, or one value repeated: a batch that cannot tell answers apart."""
    v = np.asarray(value, dtype=float)
    if not np.all(np.isfinite(v)) or not np.any(np.abs(v) > 1e-9):
        return True
    return v.size > 1 and float(np.ptp(v)) <= 1e-9 * max(1.0, float(np.max(np.abs(v))))


def nameable(tape) -> dict:
    """The tape's values an expression can name (a graph's sub-expressions are on the tape
    as `K.T` or `d(A1W2+b2)`: not nameable)."""
    return {k: v for k, v in tape.values().items() if k.isidentifier()}


def _relu_masks(walkthrough, values: dict) -> list[np.ndarray]:
    """The on/off mask (Z > 0) of every relu layer in a pass, one array each (a lesson
    written as forward lines has no layer list: none)."""
    if not isinstance(walkthrough, Walkthrough):
        return []
    return [np.asarray(values[f"Z{l}"]) > 0
            for l, layer in enumerate(walkthrough.architecture, start=1)
            if layer.activation == "relu" and f"Z{l}" in values]


def informative_passes(walkthrough, exercise: Exercise, count: int,
                       rng: np.random.Generator) -> list:
    """`count` passes whose expected values can tell answers apart: the target is neither all
    zero nor constant, and in every pass each relu layer has units on and units off (a dead
    layer zeroes every gradient below it; a layer all on makes a missing mask invisible).
    Asking every single unit to be both on and off in one small batch is too rare a draw
    (about 1 in 200 passes for the deep moons network)."""
    chosen: list = []
    for _ in range(MAX_DRAWS):
        tape, sizes = random_pass(walkthrough, rng)
        values = nameable(tape)
        try:
            target = compute(exercise.target, values)
        except Exception:  # reported with its reason by the caller
            return [(tape, sizes)] + [random_pass(walkthrough, rng) for _ in range(count - 1)]
        masks = _relu_masks(walkthrough, values)
        if _degenerate(target) or any(not m.any() or m.all() for m in masks):
            continue
        chosen.append((tape, sizes))
        if len(chosen) == count:
            break
    while len(chosen) < count:  # a pathological network: take what comes
        chosen.append(random_pass(walkthrough, rng))
    return chosen


def exercise_network(lesson: Lesson, exercise: Exercise):
    """The network an exercise is computed on: its own, else the lesson's walkthrough (a
    Walkthrough, or a GraphWalkthrough for a lesson written as forward lines)."""
    return exercise.network or lesson.graph or _walkthrough(lesson)


def check_answers(lesson: Lesson, exercise: Exercise, answers: list[str], count: int = 3,
                  seed: int = 0, instances: list[dict[str, Any]] | None = None) -> list:
    """Verdicts (nntutor.checker.verdict.Verdict) for each answer, on the same instances.

    The checker is given the variables and `__sizes__` only: the expected value comes from
    the reference answer, which `nntutor validate` proves equal to `__target__`; an exercise
    the validator rejects raises checker.diagnosis.LessonError with its message instead.
    """
    from nntutor.checker.diagnosis import LessonError, check_answer
    from nntutor.lessons.validate import exercise_problems

    problems = exercise_problems(lesson, exercise)
    if problems:  # never grade against a reference the validator rejects
        more = len(problems) - 1
        raise LessonError(f"{problems[0]}" + (f" (and {more} more)" if more else ""))
    if instances is None:
        instances = exercise_instances(lesson, exercise, count=count, seed=seed)
    given = [{k: v for k, v in inst.items() if k != "__target__"} for inst in instances]
    return [check_answer(a, exercise.answer, given, exercise.dims, exercise.known_wrong)
            for a in answers]
