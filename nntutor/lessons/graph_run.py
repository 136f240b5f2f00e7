"""Running a graph walkthrough on the engine (nntutor.engine.graph): its data, a traced pass,
training, and the random-size passes exercises are checked on.

Every call into the graph engine is in this file, so the lesson side meets the engine in
one place.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

import numpy as np

from nntutor.lessons.model import GraphWalkthrough
from nntutor.lessons.runtime import random_targets


@dataclass(frozen=True)
class GraphData:
    """The data a graph walkthrough runs on: X (and Y) with their named sizes."""

    X: np.ndarray
    Y: np.ndarray | None
    sizes: dict[str, int]
    task: str  # "regression" | "binary" | "multiclass"
    X_test: np.ndarray | None = None
    Y_test: np.ndarray | None = None


def task_of(loss: str) -> str:
    return {"bce": "binary", "cross_entropy": "multiclass"}.get(loss, "regression")


def declared_sizes(graph: GraphWalkthrough) -> dict[str, int]:
    return dict(graph.sizes)


def _inputs(graph: GraphWalkthrough) -> dict[str, tuple[str, ...]]:
    return dict(graph.inputs)


def _fill(graph: GraphWalkthrough, sizes: dict[str, int], X, Y) -> dict[str, int]:
    """Sizes of X's and Y's named dims read off the data (n, in, out...)."""
    inputs = _inputs(graph)
    for name, value in (("X", X), ("Y", Y)):
        if name in inputs and value is not None:
            dims = inputs[name]
            if len(dims) != value.ndim:
                raise ValueError(f"{name} is declared {dims} but the data gives shape "
                                 f"{value.shape}")
            for d, s in zip(dims, value.shape):
                if d != "1":
                    sizes.setdefault(d, int(s))
    return sizes


def random_data(graph: GraphWalkthrough, inputs, sizes: dict[str, int], rng):
    """Standard-normal X and random targets of the loss's kind (None without a Y), shaped by
    the inputs' declared dims at these sizes."""
    shape = lambda name: tuple(1 if d == "1" else sizes[d] for d in inputs[name])
    X = rng.standard_normal(shape("X"))
    if "Y" not in inputs:
        return X, None
    n, out = shape("Y")[0], int(np.prod(shape("Y")[1:]))
    return X, random_targets(graph.loss, n, out, rng).reshape(shape("Y"))


def load_data(graph: GraphWalkthrough) -> GraphData:
    """The walkthrough's data: a built-in dataset, its CSV file, or random numbers."""
    sizes = declared_sizes(graph)
    inputs = _inputs(graph)
    if graph.data == "random" and graph.csv_path is None:
        X, Y = random_data(graph, inputs, sizes, np.random.default_rng(graph.seed))
        return GraphData(X, Y, sizes, task_of(graph.loss))
    if graph.csv_path is not None:
        from nntutor.lessons.data import read_csv

        table = read_csv(graph.csv_path, graph.targets)
        X, Y = table.X, table.Y
        if graph.standardize:
            X = (X - X.mean(axis=0)) / np.where(X.std(axis=0) > 0, X.std(axis=0), 1.0)
        return GraphData(X, Y, _fill(graph, sizes, X, Y), task_of(graph.loss))
    from nntutor.engine.datasets import load_dataset

    ds = load_dataset(graph.data, seed=graph.seed, test_fraction=graph.test_fraction,
                      standardize=graph.standardize)
    return GraphData(ds.X_train, ds.Y_train, _fill(graph, sizes, ds.X_train, ds.Y_train),
                     ds.task, ds.X_test, ds.Y_test)


def build(graph: GraphWalkthrough, sizes: dict[str, int]):
    """The engine's Graph for these sizes (raises the engine's GraphError)."""
    from nntutor.engine.graph import Graph, ParamSpec

    params = {p.name: ParamSpec(dims=p.dims, init=p.init) for p in graph.params}
    return Graph.parse(list(graph.forward), params=params, inputs=_inputs(graph), sizes=sizes)


def trace_rows(data: GraphData, rows: int) -> tuple[np.ndarray, np.ndarray | None]:
    from nntutor.lessons.runtime import trace_indices

    idx = trace_indices(len(data.X), rows)
    return data.X[idx], (None if data.Y is None else data.Y[idx])


def values_for(g, graph: GraphWalkthrough, X, Y, seed: int) -> dict[str, Any]:
    values: dict[str, Any] = {"X": X, **g.init_params(seed)}
    if Y is not None and "Y" in dict(graph.inputs):
        values["Y"] = Y
    return values


def trace(graph: GraphWalkthrough, rows: int | None = None, lr: float | None = None):
    """One recorded forward and backward pass on a few rows of the walkthrough's data."""
    data = load_data(graph)
    X, Y = trace_rows(data, rows or graph.trace_rows)
    sizes = {**data.sizes, **_fill(graph, {}, X, Y)}
    g = build(graph, sizes)
    return g.trace(values_for(g, graph, X, Y, graph.seed), lr=lr)


@dataclass(frozen=True)
class GraphTrainResult:
    history: Any
    epochs: int
    lr: float
    final_loss: float
    accuracy: float | None
    accuracy_split: str | None
    graph: Any
    values: dict
    data: GraphData


def train(graph: GraphWalkthrough, epochs: int | None = None, lr: float | None = None,
          seed: int | None = None, callback: Callable[[int, float], Any] | None = None,
          log_every: int | None = None) -> GraphTrainResult:
    data = load_data(graph)
    g = build(graph, data.sizes)
    values = values_for(g, graph, data.X, data.Y, graph.seed if seed is None else seed)
    epochs = graph.epochs if epochs is None else epochs
    lr = graph.lr if lr is None else lr
    history = g.train(values, epochs=epochs, lr=lr, log_every=log_every, callback=callback)
    final = g.loss(values)
    acc = split = None
    if data.task == "multiclass" and data.Y is not None:
        acc, split = _accuracy(g, graph, values, data), "train"
    done = history.epochs[-1] if history.epochs else 0
    return GraphTrainResult(history, done, lr, final, acc, split, g, values, data)


def _accuracy(g, graph: GraphWalkthrough, values: dict, data: GraphData) -> float | None:
    """Share of rows whose largest prediction (the loss's first argument) is the target's."""
    vals = g.forward(values)
    loss_node = g.output
    pred = vals[loss_node.args[0]]
    if np.shape(pred) != np.shape(data.Y):
        return None
    return float(np.mean(np.argmax(pred, axis=1) == np.argmax(data.Y, axis=1)))


def random_pass(graph: GraphWalkthrough, rng: np.random.Generator, smallest: int, largest: int):
    """A traced pass with a different random size for every named dim (n included), random
    data and glorot-initialised parameters: what exercises are checked on."""
    names = ("n", *graph.dims)
    top = max(largest, smallest + len(names) - 1)
    drawn = rng.choice(np.arange(smallest, top + 1), size=len(names), replace=False)
    sizes = {name: int(s) for name, s in zip(names, drawn)}
    g = build(graph, sizes)
    X, Y = random_data(graph, dict(graph.inputs), sizes, rng)
    values = values_for(g, graph, X, Y, int(rng.integers(2**31)))
    for p in graph.params:  # biases start at zero in a lesson; random here, so they matter
        if p.init in ("zeros", "ones"):
            values[p.name] = 0.1 * rng.standard_normal(values[p.name].shape)
    return g.trace(values), {**sizes, "1": 1}


def cost(g, sizes: dict[str, int]) -> tuple[dict[str, tuple[int, ...]], int]:
    """Shapes of every value and gradient one pass keeps, and multiply-adds per epoch,
    from the parsed graph's named dims: known before any array exists."""
    from nntutor.engine.budget import STEP_OVERHEAD

    size = lambda d: 1 if d == "1" else (int(d) if d.isdigit() else sizes.get(d, 1))
    shapes: dict[str, tuple[int, ...]] = {}
    forward = 0
    for node in g.nodes:
        shape = tuple(size(d) for d in node.dims)
        shapes[node.name] = shapes[f"d{node.name}#{node.index}"] = shape
        elements = int(np.prod(shape)) if shape else 1
        inner = 1
        if node.kind == "op" and len(node.args) == 2:
            a, b = (g.nodes[i].dims for i in node.args)
            if len(a) == 2 and len(b) == 2 and a[1] == b[0] and node.dims == (a[0], b[1]):
                inner = size(a[1])  # a matrix product: one multiply-add per inner index
        forward += elements * inner
    return shapes, 3 * forward + STEP_OVERHEAD


def check_budget(graph: GraphWalkthrough, epochs: int = 0, data: GraphData | None = None):
    """Raise engine.budget.BudgetError if the walkthrough cannot run here (before running)."""
    from nntutor.engine.budget import check

    if data is not None:
        sizes = data.sizes
    elif graph.data == "random" and graph.csv_path is None:
        sizes = declared_sizes(graph)  # random data is not drawn before its sizes are checked
    else:
        sizes = load_data(graph).sizes  # built-in data and CSV files are bounded already
    shapes_, work = cost(build(graph, sizes), sizes)
    check(shapes_, work, epochs)


class GraphNetwork:
    """A graph walkthrough behind the interface training code uses for a dense Network:
    `params`, `train_step`, `loss_value` and `predict` (the loss's first argument), so the
    tutor's training screen trains a graph lesson as it trains a stack of layers."""

    def __init__(self, graph: GraphWalkthrough, data: GraphData, seed: int | None = None):
        self.graph = graph
        self.g = build(graph, data.sizes)
        self.params = self.g.init_params(graph.seed if seed is None else seed)
        self._y_dims = dict(graph.inputs).get("Y")

    def _values(self, X: np.ndarray, Y: np.ndarray | None) -> dict:
        values = {**self.params, "X": X}
        if self._y_dims is not None:
            if Y is None:  # predicting: the target only feeds the loss, any values do
                sizes = {**self.g.sizes, "n": len(X)}
                Y = np.zeros(tuple(1 if d == "1" else sizes[d] for d in self._y_dims))
            values["Y"] = Y
        return values

    def train_step(self, X, Y, lr: float, want_loss: bool = False):
        values = self._values(X, Y)
        loss = self.g.train_step(values, lr)
        self.params = {name: values[name] for name in self.params}
        return loss if want_loss else None

    def loss_value(self, X, Y) -> float:
        return self.g.loss(self._values(X, Y))

    def predict(self, X) -> np.ndarray:
        vals = self.g.forward(self._values(X, None))
        return vals[self.g.output.args[0]]


def as_dataset(graph: GraphWalkthrough, data: GraphData):
    """The data as an engine Dataset (what the training screen reads)."""
    from nntutor.engine.datasets import Dataset

    name = graph.csv_path.name if graph.csv_path is not None else graph.data
    return Dataset(name, data.task, data.X, data.Y, data.X_test, data.Y_test)
