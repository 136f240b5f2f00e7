"""Record one pass of a Graph as a Tape of explained Steps (the same types the TUI shows).

Forward: one step per op node. Backward: one step per edge of reverse mode (an op sending a
gradient to one of its inputs), plus one step per fork adding the gradients that arrived from
each branch. The numbers are the ones `Graph.forward`/`Graph.backward` compute, in the same
order. The text of every step depends only on the graph, so it is written once per graph
(`texts`) and a pass only adds the arrays: recording stays cheap next to the NumPy work.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

import numpy as np

from nntutor.engine.graph.broadcast import ONE, reduced_axes, unbroadcast
from nntutor.engine.graph.ops import _g, reads
from nntutor.engine.graph.registry import EXTRA
from nntutor.engine.step import Operand, Step, format_dims
from nntutor.engine.tape import Tape

FORK_NOTE = (
    "{name} feeds {count} places, and a change in {name} changes the loss through every one of "
    "them, so the gradients ADD (the multivariable chain rule). Hand-written backprop that "
    "assigns (=) instead of adding (+=) keeps only the last branch: the classic fork bug."
)


def grad_name(name: str) -> str:
    return f"d{name}" if name.isidentifier() else f"d({name})"


_SHAPES: dict[tuple, str] = {}


def _shape(value) -> str:
    shape = value.shape if hasattr(value, "shape") else np.shape(value)
    text = _SHAPES.get(shape)
    if text is None:
        text = _SHAPES[shape] = format_dims(tuple(str(s) for s in shape)) if shape else "()"
    return text


def _dims(dims) -> str:
    return format_dims(dims) if dims else "()"


@dataclass(frozen=True)
class Text:
    """Everything about one step that does not depend on the numbers."""

    op: str
    node: str
    title: str
    formula: str
    numpy: str
    note: str | None
    reads: tuple  # (name, node index or "g" or "y") of each operand the step reads
    out: str
    sym: str
    dims_algebra: str
    grad_of: tuple[str, ...]
    line: int | None
    params: dict


def texts(graph, wrt: frozenset) -> tuple[list[Text], dict[tuple[int, int], Text], dict]:
    """The forward texts, the backward text of each (node, input) edge, and the names and
    dims of every gradient; computed once per graph and set of wrt names."""
    cache = graph.__dict__.setdefault("_texts", {})
    if wrt in cache:
        return cache[wrt]
    nodes = graph.nodes
    dims = {n.name: n.dims for n in nodes if n.kind != "const"}
    sizes = {**graph.sizes, ONE: 1}
    forward = []
    for n in graph.ops:
        names = [nodes[a].name for a in n.args]
        formula, numpy_line = n.op.text(n.name, names, n.p)
        ins = [(nodes[a].name, a) for a in n.args if nodes[a].kind != "const"]
        sym = "vs" if n.op.key.startswith("loss_") else n.op.symbol if len(ins) > 1 else ""
        params = dict(n.p)
        consts = {k: (nodes[a].name, nodes[a].value) for k, a in enumerate(n.args)
                  if nodes[a].kind == "const"}
        if consts:
            params["constants"] = consts
        shape = {"dims": [nodes[a].dims for a in n.args], "sizes": sizes}
        forward.append(Text(
            n.op.key, n.name, f"{n.name}: {n.op.title}", formula, numpy_line,
            n.op.note(n.name, names, n.p, **shape), tuple(ins), n.name, sym,
            _algebra_dims(sym, [dims[x] for x, _ in ins], n.dims), (), n.line, params))
    actions, count = graph.plan(wrt)
    backward, seen = {}, {}
    for act in actions:
        n, a = nodes[act.node], nodes[act.arg]
        names = [nodes[i].name for i in n.args]
        fork = count[act.arg] > 1
        out = grad_name(a.name)
        if fork:
            label = n.name if n.name.isidentifier() else n.op.key
            out = f"{out}_via_{label}"
            taken = seen.setdefault(act.arg, [])
            if out in taken:
                out += f"_{len(taken) + 1}"
            taken.append(out)
        dims[out] = a.dims
        g_node = grad_name(n.name)
        dims.setdefault(g_node, n.dims)
        # a loss at the root needs no incoming gradient; any other root reads dL = 1
        root_loss = act.node == graph.output.index and n.op.key.startswith("loss_")
        read = [] if root_loss else [(g_node, "g")]
        for what in reads(n.op, act.k):
            if what == "y":
                read.append((n.name, "y"))
            elif nodes[n.args[what]].kind != "const":
                read.append((names[what], n.args[what]))
        if n.op.key == "matmul" and act.k == 1:
            read.reverse()  # Aᵀ·G: the activation first, as the formula reads
        math_text, np_text = n.op.grad_text(act.k, g_node, _g(n.name), names, n.p)
        where = f" via {n.name}" if fork else ""
        formula = f"∂L/∂{_g(a.name)}{where} = {math_text}"
        numpy_line = f"{out} = {np_text}"
        note = n.op.grad_note(act.k, n.name, names, n.p, grad=g_node, sizes=sizes,
                              dims=[nodes[i].dims for i in n.args])
        axes = _broadcast_axes(n.dims, a.dims, graph.sizes) if n.op.broadcasts else ()
        if axes:
            formula, numpy_line, note = _summed(formula, np_text, note, out, a, n.dims, axes)
        sym, read_dims = _grad_sym(n.op.key, act.k, [dims[x] for x, _ in read])
        backward[(act.node, act.k)] = Text(
            f"{n.op.key}_grad", a.name,
            f"{n.name}: gradient of {a.name}" + (
                f" (one of {count[act.arg]} branches)" if fork else ""),
            formula, numpy_line, note, tuple(read), out, sym,
            _algebra_dims(sym, read_dims, a.dims) if read else _algebra_dims("", [a.dims], a.dims),
            () if fork else (a.name,), n.line, {**n.p, "input": act.k, **(
                {"constants": {k: (nodes[i].name, nodes[i].value) for k, i in enumerate(n.args)
                               if nodes[i].kind == "const"}}
                if any(nodes[i].kind == "const" for i in n.args) else {})})
    cache[wrt] = (forward, backward, dims)
    return cache[wrt]


def _broadcast_axes(out_dims, in_dims, sizes) -> tuple[int, ...]:
    from nntutor.engine.graph.broadcast import size_of

    return reduced_axes(tuple(size_of(d, sizes) for d in in_dims),
                        tuple(size_of(d, sizes) for d in out_dims)) if out_dims != in_dims else ()


def _summed(formula, np_text, note, out, a, full_dims, axes):
    summed = ", ".join(f"{full_dims[i]} (axis {i})" for i in axes)
    formula += f", summed over {summed}"
    lead = len(full_dims) - len(a.dims)
    keep = tuple(i - lead for i in axes if i >= lead)
    if lead:
        numpy_line = f"{out} = ({np_text}).sum(axis={_axes(tuple(range(lead)))})"
        if keep:
            numpy_line += f".sum(axis={_axes(keep)}, keepdims=True)"
    else:
        numpy_line = f"{out} = ({np_text}).sum(axis={_axes(keep)}, keepdims=True)"
    note = ((note + " ") if note else "") + (
        f"{a.name} {_dims(a.dims)} was broadcast over {summed} in forward, so every copy sends "
        f"it a share of the gradient and the shares add up: a sum over that axis"
        + (f", keepdims=True keeping {a.name}'s shape." if keep else "."))
    return formula, numpy_line, note


def _grad_sym(key, k, read_dims):
    """How the shapes of a backward step combine: G·Bᵀ and Aᵀ·G for a product."""
    if key == "matmul" and len(read_dims) == 2:
        if k == 0:
            return "@", [read_dims[0], tuple(reversed(read_dims[1]))]
        return "@", [tuple(reversed(read_dims[0])), read_dims[1]]
    return ("⊙" if len(read_dims) > 1 else ""), read_dims


def _algebra_dims(sym, arg_dims, out_dims) -> str:
    return f" {sym} ".join(_dims(d) for d in arg_dims) + f" → {_dims(out_dims)}"


def _axes(axes: tuple[int, ...]) -> str:
    return str(axes[0]) if len(axes) == 1 else str(axes)


def record(graph, values: Mapping[str, np.ndarray], lr: float | None = None) -> Tape:
    seen = graph.check_values(values)
    wrt = frozenset(graph.params) | frozenset(set(graph.inputs) - graph.targets)
    forward, backward, dims = texts(graph, wrt)
    tape = Tape(dims=dict(dims), sizes={**graph.sizes, **seen, ONE: 1})
    vals = graph.forward(values)
    tape.loss = float(vals[graph.output.index])
    steps = tape.steps
    for t, n in zip(forward, graph.ops):
        ins = tuple([Operand(x, vals[i], dims[x]) for x, i in t.reads])
        out = Operand(t.out, vals[n.index], n.dims)
        steps.append(Step(len(steps), "forward", None, t.op, t.title, t.formula, t.numpy, ins,
                          (out,), t.node, (_numbers(t.sym, ins, out), t.dims_algebra), t.note,
                          (), n.op, t.params, t.line))
    actions, count = graph.plan(wrt)
    nodes = graph.nodes
    grads: dict[int, np.ndarray] = {graph.output.index: np.float64(1.0)}
    partials: dict[int, list[Operand]] = {}
    done: list[str] = []
    for act in actions:
        n = nodes[act.node]
        t = backward[(act.node, act.k)]
        xs = [vals[i] for i in n.args]
        g = n.op.backward(act.k, grads[act.node], xs, vals[n.index], n.p)
        if np.shape(g) != np.shape(xs[act.k]):
            g = unbroadcast(g, np.shape(xs[act.k]))
        read = tuple(Operand(x, grads[act.node] if i == "g" else vals[n.index] if i == "y"
                             else vals[i], dims[x]) for x, i in t.reads)
        result = Operand(t.out, g, dims[t.out])
        steps.append(Step(len(steps), "backward", None, t.op, t.title, t.formula, t.numpy, read,
                          (result,), t.node,
                          (_grad_numbers(n.op.key, act.k, t.sym, read, result), t.dims_algebra),
                          t.note, t.grad_of, n.op, t.params, t.line))
        a = nodes[act.arg]
        if count[act.arg] > 1:
            parts = partials.setdefault(act.arg, [])
            parts.append(result)
            if len(parts) < count[act.arg]:
                continue
            g = _fork(tape, a, parts, dims)
        grads[act.arg] = g
        if a.kind == "param":
            done.append(a.name)
    if lr is not None:
        _update(tape, graph, values, vals, grads, done, lr)
    return tape


def _numbers(sym, ins, out) -> str:
    return f" {sym} ".join([_shape(o.value) for o in ins]) + f" → {_shape(out.value)}"


def _grad_numbers(key, k, sym, read, result) -> str:
    if not read:
        return f"{_shape(result.value)} → {_shape(result.value)}"
    shapes = [_shape(o.value) for o in read]
    if key == "matmul" and len(read) == 2:
        if k == 0:
            shapes[1] = _shape(np.shape(read[1].value)[::-1])
        else:
            shapes[0] = _shape(np.shape(read[0].value)[::-1])
    return f" {sym} ".join(shapes) + f" → {_shape(result.value)}"


def _fork(tape, a, parts, dims) -> np.ndarray:
    total = parts[0].value
    for part in parts[1:]:
        total = total + part.value
    whole = grad_name(a.name)
    tape.dims.setdefault(whole, a.dims)
    result = Operand(whole, total, a.dims)
    shape = _shape(total)
    tape.add(phase="backward", layer=None, op="fork", node=a.name,
             title=f"{a.name} is used {len(parts)} times: add the gradients",
             formula=f"∂L/∂{a.name} = " + " + ".join(
                 f"∂L/∂{a.name} via {p.name.split('_via_', 1)[1]}" for p in parts),
             numpy=f"{whole} = " + " + ".join(p.name for p in parts),
             inputs=tuple(parts), outputs=(result,),
             shape_algebra=(" + ".join(shape for _ in parts) + f" → {shape}",
                            " + ".join(_dims(a.dims) for _ in parts) + f" → {_dims(a.dims)}"),
             note=FORK_NOTE.format(name=a.name, count=len(parts)), grad_of=(a.name,),
             operation=EXTRA["fork"], op_params={"count": len(parts)}, line=a.line)
    return total


def _update(tape, graph, values, vals, grads, done, lr) -> None:
    for name in done:
        i = graph.by_name[name]
        before, grad = vals[i], grads[i]
        after = before - lr * grad
        if isinstance(values, dict):
            values[name] = after
        dims, dname = tape.dims[name], grad_name(name)
        shape, named = _shape(before), _dims(dims)
        tape.add(phase="update", layer=None, op="sgd", node=name, title=f"Update {name}",
                 formula=f"{name} ← {name} − η·∂L/∂{name}   (η = {lr:g})",
                 numpy=f"{name} -= lr * {dname}",
                 inputs=(Operand(name, before, dims), Operand(dname, grad, dims)),
                 outputs=(Operand(name, after, dims),),
                 shape_algebra=(f"{shape} − {shape} → {shape}", f"{named} − {named} → {named}"),
                 note=(f"Subtract: the gradient points uphill. {dname} has {name}'s shape "
                       f"{named}, which is the quickest check that it is right."),
                 operation=EXTRA["sgd"], op_params={"lr": float(lr)})
