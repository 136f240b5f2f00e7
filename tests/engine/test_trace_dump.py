"""Every step of a traced dense pass, text and numbers, against a dump kept in fixtures/.

The dump was written by the traced pass before it became a loop over op objects; any change
to a step's title, formula, NumPy line, shape algebra, pitfall, operands or values shows here.
Regenerate (only after checking the change is an improvement) with
`python -m tests.engine.test_trace_dump`.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np

from nntutor import Network

FIXTURE = Path(__file__).parent / "fixtures" / "trace_dump.json"

# name: (layers, loss, init, dims, rows, target kind)
NETWORKS = {
    "xor": ([(2, 4, "relu"), (4, 1, "sigmoid")], "half_sse", "glorot_uniform", None, 4, "binary"),
    "chain": ([(1, 2, "linear"), (2, 1, "linear")], "mse", "glorot_uniform", None, 4, "real"),
    "iris": ([(4, 8, "relu"), (8, 8, "relu"), (8, 3, "softmax")], "cross_entropy", "small_normal", None,
             6, "onehot"),
    "moons": ([(2, 25, "relu"), (25, 50, "relu"), (50, 50, "relu"), (50, 25, "relu"),
               (25, 1, "sigmoid")], "bce", "small_normal", None, 5, "binary"),
    "housing": ([(8, 8, "sigmoid"), (8, 1, "linear")], "mse", "standard_normal",
                ("in", "h1", "out"), 4, "real"),
}


def _data(rows, n_in, n_out, kind, seed):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(rows, n_in))
    if kind == "binary":
        Y = (rng.random((rows, n_out)) > 0.5).astype(float)
    elif kind == "onehot":
        Y = np.eye(n_out)[rng.integers(0, n_out, rows)]
    else:
        Y = rng.normal(size=(rows, n_out))
    return X, Y


def _values(a):
    """The numbers rounded to 9 places; a big array by the hash of those (the fixture stays
    small; a difference still shows)."""
    rounded = np.round(np.asarray(a, dtype=float), 9).tolist()
    if np.size(a) <= 40:
        return rounded
    return "sha256:" + hashlib.sha256(json.dumps(rounded).encode()).hexdigest()[:16]


def _operand(o) -> dict:
    return {"name": o.name, "dims": list(o.dims), "shape": list(np.shape(o.value)),
            "value": _values(o.value)}


def dump_one(name: str, lr: float | None) -> dict:
    layers, loss, init, dims, rows, kind = NETWORKS[name]
    net = Network(layers, loss=loss, init=init, seed=0, dims=dims)
    X, Y = _data(rows, layers[0][0], layers[-1][1], kind, seed=len(name))
    tape = net.trace(X, Y, lr=lr)
    steps = [{
        "index": s.index, "phase": s.phase, "layer": s.layer, "op": s.op, "node": s.node,
        "title": s.title, "formula": s.formula, "numpy": s.numpy,
        "shape_algebra": list(s.shape_algebra), "note": s.note, "grad_of": list(s.grad_of),
        "operation": getattr(s.operation, "key", None),
        "op_params": {k: v for k, v in sorted(s.op_params.items())},
        "line": s.line,
        "inputs": [_operand(o) for o in s.inputs], "outputs": [_operand(o) for o in s.outputs],
    } for s in tape]
    return {"loss": round(float(tape.loss), 9), "sizes": dict(sorted(tape.sizes.items())),
            "dims": {k: list(v) for k, v in sorted(tape.dims.items())}, "steps": steps,
            "params_after": {k: _values(v) for k, v in net.params.items()}}


def dump() -> dict:
    return {f"{name}/lr={lr}": dump_one(name, lr) for name in NETWORKS for lr in (None, 0.1)}


def _text(data) -> str:
    return json.dumps(data, indent=1, ensure_ascii=False, sort_keys=True) + "\n"


def test_the_traced_pass_matches_the_reference_dump_step_for_step():
    want = json.loads(FIXTURE.read_text(encoding="utf-8"))
    got = json.loads(_text(dump()))
    assert sorted(got) == sorted(want)
    for key in want:
        assert len(got[key]["steps"]) == len(want[key]["steps"]), key
        for a, b in zip(got[key]["steps"], want[key]["steps"]):
            assert a == b, f"{key} step {b['index']} ({b['op']})"
        assert got[key] == want[key], key


if __name__ == "__main__":
    FIXTURE.parent.mkdir(exist_ok=True)
    FIXTURE.write_text(_text(dump()), encoding="utf-8")
    print(f"wrote {FIXTURE}")
