"""A graph built from forward lines: forward, reverse-mode backward, training.

Reverse mode visits the op nodes last to first. Each op sends ∂L/∂(its output) to each of its
inputs through its own backward; a gradient computed at a broadcast shape is summed back down
to the input's shape. A value used by several ops (a fork) receives one gradient from each and
they ADD: ∂L/∂X = ∂L/∂X via XW1 + ∂L/∂X via H.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Mapping, Sequence

import numpy as np

from nntutor.engine.graph.broadcast import size_of, unbroadcast
from nntutor.engine.graph.parse import Builder, GraphError, Node


@dataclass(frozen=True)
class ParamSpec:
    """A trainable array: its named dims and how it starts ("zeros", "ones" or an engine
    initialisation such as "glorot_uniform", drawn with fan_in, fan_out = its two sizes)."""

    dims: tuple[str, ...]
    init: str = "glorot_uniform"


@dataclass(frozen=True)
class Action:
    """One backward edge: node `node` sends a gradient to its argument number `k`."""

    node: int
    k: int
    arg: int


class Graph:
    def __init__(self, nodes: list[Node], by_name: dict[str, int], sizes: dict[str, int],
                 params: Mapping[str, ParamSpec], lines: Sequence[str]):
        self.nodes = nodes
        self.by_name = by_name
        self.sizes = dict(sizes)
        self.param_specs = dict(params)
        self.lines = tuple(lines)
        self.output = self._output()
        self.ops = [n for n in nodes if n.kind == "op"]
        self.inputs = [n.name for n in nodes if n.kind == "input"]
        self.params = [n.name for n in nodes if n.kind == "param"]
        # an input only ever compared with by a loss (Y) is a target: it gets no gradient
        self.targets = {n.name for n in nodes if n.kind == "input" and self._only_target(n.index)}
        self._plans: dict[frozenset, tuple] = {}

    @classmethod
    def parse(cls, lines: Sequence[str] | str, params: Mapping[str, ParamSpec],
              inputs: Mapping[str, Sequence[str]], sizes: Mapping[str, int]) -> "Graph":
        """Build a graph from forward lines; GraphError(line, col, message) on the first fault."""
        if isinstance(lines, str):
            lines = lines.splitlines()
        params = {k: v if isinstance(v, ParamSpec) else ParamSpec(tuple(v)) for k, v in params.items()}
        builder = Builder(inputs, params, dict(sizes))
        for number, text in enumerate(lines, start=1):
            builder.line(number, text)
        if not any(n.kind == "op" for n in builder.nodes):
            raise GraphError(1, 1, "there is no forward line")
        return cls(builder.nodes, builder.by_name, sizes, params, lines)

    def _output(self) -> Node:
        last = max((n for n in self.nodes if n.kind == "op"), key=lambda n: n.index, default=None)
        if last is not None and last.dims != ():
            raise GraphError(last.line, 1, f"the last line must compute the loss, a single "
                                           f"number; {last.name} has dims ({', '.join(last.dims)})")
        return last

    def _only_target(self, index: int) -> bool:
        uses = [(n, k) for n in self.nodes if n.kind == "op" for k, a in enumerate(n.args)
                if a == index]
        return bool(uses) and all(not n.op.differentiable[k] for n, k in uses)

    # -- values ------------------------------------------------------------------------
    def node(self, name: str) -> Node:
        return self.nodes[self.by_name[name]]

    def dims_of(self, name: str) -> tuple[str, ...]:
        return self.node(name).dims

    def init_params(self, seed: int = 0) -> dict[str, np.ndarray]:
        """Fresh parameters, drawn in declaration order from one seeded generator."""
        from nntutor.engine.init import get_init

        rng = np.random.default_rng(seed)
        out = {}
        for name in self.params:
            spec = self.param_specs[name]
            shape = tuple(size_of(d, self.sizes) for d in spec.dims)
            if spec.init in ("zeros", "ones"):
                out[name] = (np.zeros if spec.init == "zeros" else np.ones)(shape)
                continue
            fan_out = shape[-1] if shape else 1
            fan_in = int(np.prod(shape[:-1])) if len(shape) > 1 else 1
            out[name] = get_init(spec.init)(rng, fan_in, fan_out).reshape(shape)
        return out

    def check_values(self, values: Mapping[str, np.ndarray]) -> dict[str, int]:
        """Every input and parameter given, with shapes that agree on each named dim; returns
        the sizes seen (the batch may differ from the declared size)."""
        seen: dict[str, int] = {}
        for name in self.inputs + self.params:
            if name not in values:
                raise ValueError(f"no value given for {name}")
            dims, shape = self.dims_of(name), np.shape(values[name])
            if len(dims) != len(shape):
                raise ValueError(f"{name} should have {len(dims)} axes ({', '.join(dims)}), "
                                 f"not shape {shape}")
            for d, s in zip(dims, shape):
                expected = seen.setdefault(d, s) if not d.isdigit() else int(d)
                if s != expected:
                    raise ValueError(f"{name} has {d} = {s}, but another array has {d} = "
                                     f"{expected}")
        return seen

    # -- forward and backward ----------------------------------------------------------
    def forward(self, values: Mapping[str, np.ndarray]) -> list:
        """The value of every node, by node index."""
        vals: list = [None] * len(self.nodes)
        for n in self.nodes:
            if n.kind == "const":
                vals[n.index] = n.value
            elif n.kind != "op":
                vals[n.index] = values[n.name]
        for n in self.ops:
            vals[n.index] = n.op.forward([vals[a] for a in n.args], n.p)
        return vals

    def plan(self, wrt: frozenset[str]) -> tuple[list[Action], dict[int, int]]:
        """The backward edges needed for the gradients of `wrt`, last op first, and how many
        gradients each node receives (2 or more: a fork)."""
        if wrt in self._plans:
            return self._plans[wrt]
        needs = [False] * len(self.nodes)
        for n in self.nodes:
            if n.kind in ("input", "param"):
                needs[n.index] = n.name in wrt
            elif n.kind == "op":
                needs[n.index] = any(needs[a] and n.op.differentiable[k]
                                     for k, a in enumerate(n.args))
        reach = [False] * len(self.nodes)
        reach[self.output.index] = True
        actions, count = [], {}
        for n in reversed(self.ops):
            if not reach[n.index]:
                continue
            for k, a in enumerate(n.args):
                if needs[a] and n.op.differentiable[k]:
                    reach[a] = True
                    actions.append(Action(n.index, k, a))
                    count[a] = count.get(a, 0) + 1
        self._plans[wrt] = (actions, count)
        return actions, count

    def backward(self, vals: list, wrt: frozenset[str]) -> dict[int, np.ndarray]:
        """∂L/∂(node) for every node on a path from `wrt` to the loss, by node index."""
        actions, _ = self.plan(wrt)
        nodes = self.nodes
        grads: dict[int, np.ndarray] = {self.output.index: np.float64(1.0)}
        for act in actions:
            n = nodes[act.node]
            x = vals[act.arg]
            g = n.op.backward(act.k, grads[act.node], [vals[a] for a in n.args], vals[n.index], n.p)
            if np.shape(g) != np.shape(x):
                g = unbroadcast(g, np.shape(x))
            prev = grads.get(act.arg)
            grads[act.arg] = g if prev is None else prev + g
        return grads

    def gradients(self, values: Mapping[str, np.ndarray],
                  wrt: Sequence[str] | None = None) -> dict[str, np.ndarray]:
        """∂L/∂θ for every parameter (or the names in `wrt`), keyed by name."""
        names = tuple(wrt) if wrt is not None else tuple(self.params)
        grads = self.backward(self.forward(values), frozenset(names))
        return {name: grads[self.by_name[name]] for name in names if self.by_name[name] in grads}

    def loss(self, values: Mapping[str, np.ndarray]) -> float:
        return float(self.forward(values)[self.output.index])

    def train_step(self, values: dict[str, np.ndarray], lr: float) -> float:
        """One step of gradient descent on the parameters in `values` (replaced, not mutated);
        returns the loss measured before the update."""
        vals = self.forward(values)
        grads = self.backward(vals, frozenset(self.params))
        for name in self.params:
            g = grads.get(self.by_name[name])
            if g is not None:
                values[name] = values[name] - lr * g
        return float(vals[self.output.index])

    def train(self, values: dict[str, np.ndarray], epochs: int, lr: float,
              log_every: int | None = None,
              callback: Callable[[int, float], bool | None] | None = None):
        """Full-batch training in place of `values`' parameters; returns a train.History."""
        import time

        from nntutor.engine.train import History

        log_every = log_every or max(1, epochs // 100)
        history, start = History(), time.perf_counter()
        for epoch in range(1, epochs + 1):
            loss = self.train_step(values, lr)
            if (epoch % log_every == 0 or epoch == epochs) and history.log(epoch, loss, callback):
                break
        history.seconds = time.perf_counter() - start
        return history

    def trace(self, values: Mapping[str, np.ndarray], lr: float | None = None):
        """Record one forward and backward pass (and the update when `lr` is given) as a Tape;
        with `lr`, the updated parameters replace those in `values` when it is a dict."""
        from nntutor.engine.graph.record import record

        return record(self, values, lr)
