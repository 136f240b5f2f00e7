"""Record one pass of a Graph as a Tape of explained Steps (the same types the TUI shows).

Forward: one step per op node. Backward: one step per edge of reverse mode (an op sending a
gradient to one of its inputs), plus one step per fork adding the gradients that arrived from
each branch. The numbers are the ones `Graph.forward`/`Graph.backward` compute, in the same order.
"""

from __future__ import annotations

from typing import Mapping

import numpy as np

from nntutor.engine.graph.broadcast import ONE, reduced_axes, unbroadcast
from nntutor.engine.graph.ops import _g, reads
from nntutor.engine.step import Operand, format_dims
from nntutor.engine.tape import Tape

FORK_NOTE = (
    "{name} feeds {count} places, and a change in {name} changes the loss through every one of "
    "them, so the gradients ADD (the multivariable chain rule). Hand-written backprop that "
    "assigns (=) instead of adding (+=) keeps only the last branch: the classic fork bug."
)


def grad_name(name: str) -> str:
    return f"d{name}" if name.isidentifier() else f"d({name})"


def _shape(value) -> str:
    shape = np.shape(value)
    return format_dims(tuple(str(s) for s in shape)) if shape else "()"


def _dims(dims) -> str:
    return format_dims(dims) if dims else "()"


class _Recorder:
    def __init__(self, graph, values):
        self.graph = graph
        self.tape = Tape()
        seen = graph.check_values(values)
        self.tape.sizes = {**graph.sizes, **seen, ONE: 1}
        for n in graph.nodes:
            if n.kind != "const":
                self.tape.dims[n.name] = n.dims

    def operand(self, name, value, dims=None) -> Operand:
        if dims is None:
            dims = self.tape.dims[name]
        return Operand(name, np.asarray(value), dims)

    def algebra(self, sym, operands, out) -> tuple[str, str]:
        shapes = f" {sym} ".join(_shape(o.value) for o in operands)
        dims = f" {sym} ".join(_dims(o.dims) for o in operands)
        return f"{shapes} → {_shape(out.value)}", f"{dims} → {_dims(out.dims)}"


def record(graph, values: Mapping[str, np.ndarray], lr: float | None = None) -> Tape:
    r = _Recorder(graph, values)
    tape, nodes = r.tape, graph.nodes
    vals = graph.forward(values)
    tape.loss = float(vals[graph.output.index])
    for n in graph.ops:
        args = [nodes[a] for a in n.args]
        names = [a.name if a.kind != "const" else a.name for a in args]
        formula, numpy_line = n.op.text(n.name, names, n.p)
        ins = tuple(r.operand(a.name, vals[a.index]) for a in args if a.kind != "const")
        out = r.operand(n.name, vals[n.index])
        sym = "vs" if n.op.key.startswith("loss_") else n.op.symbol if len(ins) > 1 else ""
        tape.add(phase="forward", layer=None, op=n.op.key, node=n.name,
                 title=f"{n.name}: {n.op.title}", formula=formula, numpy=numpy_line,
                 inputs=ins, outputs=(out,), shape_algebra=_unary(r.algebra(sym, ins, out)),
                 note=n.op.note(n.name, names, n.p), operation=n.op, op_params=dict(n.p),
                 line=n.line)

    wrt = frozenset(graph.params) | frozenset(set(graph.inputs) - graph.targets)
    actions, count = graph.plan(wrt)
    grads: dict[int, np.ndarray] = {graph.output.index: np.float64(1.0)}
    partials: dict[int, list[Operand]] = {}
    via: dict[int, list[str]] = {}
    done: list[str] = []
    for act in actions:
        n, a = nodes[act.node], nodes[act.arg]
        names = [nodes[i].name for i in n.args]
        xs = [vals[i] for i in n.args]
        g = n.op.backward(act.k, grads[act.node], xs, vals[n.index], n.p)
        axes = reduced_axes(np.shape(xs[act.k]), np.shape(g)) if np.shape(g) != np.shape(xs[act.k]) else ()
        if axes:
            g_full_dims = n.dims
            g = unbroadcast(g, np.shape(xs[act.k]))
        fork = count[act.arg] > 1
        out_name = grad_name(a.name)
        if fork:
            taken = via.setdefault(act.arg, [])
            label = n.name if n.name.isidentifier() else n.op.key
            out_name = f"{out_name}_via_{label}"
            if out_name in taken:
                out_name += f"_{len(taken) + 1}"
            taken.append(out_name)
        tape.dims.setdefault(out_name, a.dims)
        g_node = grad_name(n.name)
        tape.dims.setdefault(g_node, n.dims)
        read_ops = []
        if act.node != graph.output.index:
            read_ops.append(r.operand(g_node, grads[act.node]))
        for what in reads(n.op, act.k):
            if what == "y":
                read_ops.append(r.operand(n.name, vals[n.index]))
            elif nodes[n.args[what]].kind != "const":
                read_ops.append(r.operand(names[what], xs[what]))
        math_text, np_text = n.op.grad_text(act.k, g_node, _g(n.name), names, n.p)
        where = f" via {n.name}" if fork else ""
        formula = f"∂L/∂{_g(a.name)}{where} = {math_text}"
        numpy_line = f"{out_name} = {np_text}"
        note = n.op.grad_note(act.k, n.name, names, n.p)
        if axes:
            summed = ", ".join(f"{g_full_dims[i]} (axis {i})" for i in axes)
            formula += f", summed over {summed}"
            lead = len(g_full_dims) - len(a.dims)
            keep = tuple(i - lead for i in axes if i >= lead)
            if lead:
                numpy_line = f"{out_name} = ({np_text}).sum(axis={_axes(tuple(range(lead)))})"
                if keep:
                    numpy_line += f".sum(axis={_axes(keep)}, keepdims=True)"
            else:
                numpy_line = f"{out_name} = ({np_text}).sum(axis={_axes(keep)}, keepdims=True)"
            note = ((note + " ") if note else "") + (
                f"{a.name} {_dims(a.dims)} was broadcast over {summed} in forward, so every copy "
                f"sends it a share of the gradient and the shares add up: a sum over that axis"
                + (", keepdims=True keeping " + a.name + "'s shape." if keep else "."))
        result = r.operand(out_name, g, a.dims)
        tape.add(phase="backward", layer=None, op=f"{n.op.key}_grad", node=a.name,
                 title=f"{n.name}: gradient of {a.name}" + (f" (one of {count[act.arg]} branches)" if fork else ""),
                 formula=formula, numpy=numpy_line, inputs=tuple(read_ops), outputs=(result,),
                 shape_algebra=_grad_algebra(r, n.op.key, act.k, read_ops, result),
                 note=note, grad_of=() if fork else (a.name,), operation=n.op,
                 op_params={**n.p, "input": act.k}, line=n.line)
        if fork:
            partials.setdefault(act.arg, []).append(result)
            if len(partials[act.arg]) < count[act.arg]:
                continue
            parts = partials[act.arg]
            total = parts[0].value
            for part in parts[1:]:
                total = total + part.value
            g = total
            whole = grad_name(a.name)
            tape.dims.setdefault(whole, a.dims)
            tape.add(phase="backward", layer=None, op="fork", node=a.name,
                     title=f"{a.name} is used {len(parts)} times: add the gradients",
                     formula=f"∂L/∂{a.name} = " + " + ".join(
                         f"∂L/∂{a.name} via {p.name.split('_via_', 1)[1]}" for p in parts),
                     numpy=f"{whole} = " + " + ".join(p.name for p in parts),
                     inputs=tuple(parts), outputs=(r.operand(whole, g, a.dims),),
                     shape_algebra=_unary(r.algebra("+", parts, r.operand(whole, g, a.dims))),
                     note=FORK_NOTE.format(name=a.name, count=len(parts)), grad_of=(a.name,),
                     operation=None, op_params={"count": len(parts)}, line=a.line)
        grads[act.arg] = g
        if a.kind == "param" and (not fork or len(partials[act.arg]) == count[act.arg]):
            done.append(a.name)

    if lr is not None:
        _update(r, graph, values, vals, grads, done, lr)
    return tape


def _update(r, graph, values, vals, grads, done, lr) -> None:
    for name in done:
        i = graph.by_name[name]
        before, grad = vals[i], grads[i]
        after = before - lr * grad
        if isinstance(values, dict):
            values[name] = after
        dims = r.tape.dims[name]
        r.tape.add(phase="update", layer=None, op="sgd", node=name, title=f"Update {name}",
                   formula=f"{name} ← {name} − η·∂L/∂{name}   (η = {lr:g})",
                   numpy=f"{name} -= lr * {grad_name(name)}",
                   inputs=(r.operand(name, before), r.operand(grad_name(name), grad, dims)),
                   outputs=(r.operand(name, after),),
                   shape_algebra=_unary(r.algebra("−", (r.operand(name, before),
                                                        r.operand(grad_name(name), grad, dims)),
                                                  r.operand(name, after))),
                   note=(f"Subtract: the gradient points uphill. {grad_name(name)} has {name}'s "
                         f"shape {_dims(dims)}, which is the quickest check that it is right."),
                   op_params={"lr": float(lr)})


def _axes(axes: tuple[int, ...]) -> str:
    return str(axes[0]) if len(axes) == 1 else str(axes)


def _unary(pair: tuple[str, str]) -> tuple[str, str]:
    return pair


def _transposed(o: Operand) -> Operand:
    return Operand(o.name + ".T", o.value.T, tuple(reversed(o.dims)))


def _grad_algebra(r, key, k, read_ops, result) -> tuple[str, str]:
    """The shape computation of a backward step: G·Bᵀ and Aᵀ·G for a product, G ⊙ f' else."""
    if key == "matmul" and len(read_ops) == 2:
        g, other = read_ops
        pair = (g, _transposed(other)) if k == 0 else (_transposed(other), g)
        return r.algebra("@", pair, result)
    if not read_ops:
        return r.algebra("", (result,), result)
    return r.algebra("⊙" if len(read_ops) > 1 else "", read_ops, result)
