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
    wt = _walkthrough(lesson)
    data = walkthrough_data(wt)
    idx = trace_indices(len(data.X_train), rows or wt.trace_rows)
    net = build_network(wt)
    return net.trace(data.X_train[idx], data.Y_train[idx], lr=lr)


def _walkthrough(lesson: Lesson) -> Walkthrough:
    if lesson.walkthrough is None:
        raise ValueError(f"lesson {lesson.id!r} has no walkthrough network")
    return lesson.walkthrough


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

    wt = _walkthrough(lesson)
    data = walkthrough_data(wt)
    net = build_network(wt, seed=seed)
    epochs = wt.epochs if epochs is None else epochs
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


def random_pass(walkthrough: Walkthrough, rng: np.random.Generator):
    """A traced pass of the walkthrough's architecture with random sizes, data and weights."""
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
    for _ in range(count):
        tape, sizes = random_pass(wt, rng)
        values = tape.values()
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


def exercise_network(lesson: Lesson, exercise: Exercise) -> Walkthrough:
    """The network an exercise is computed on: its own, else the lesson's walkthrough."""
    return exercise.network or _walkthrough(lesson)


def check_answers(lesson: Lesson, exercise: Exercise, answers: list[str], count: int = 3,
                  seed: int = 0, instances: list[dict[str, Any]] | None = None) -> list:
    """Verdicts (nntutor.checker.verdict.Verdict) for each answer, on the same instances.

    The checker is given the variables and `__sizes__` only: the expected value comes from
    the reference answer, which `nntutor validate` proves equal to `__target__`.
    """
    from nntutor.checker.diagnosis import check_answer

    if instances is None:
        instances = exercise_instances(lesson, exercise, count=count, seed=seed)
    given = [{k: v for k, v in inst.items() if k != "__target__"} for inst in instances]
    return [check_answer(a, exercise.answer, given, exercise.dims, exercise.known_wrong)
            for a in answers]
