"""Engine speed, measured side by side in one process (run: python benchmarks/bench_engine.py).

Dense stacks: nntutor's untraced training (engine.train) against a hand-written vectorised
NumPy loop doing the same maths, interleaved round by round, on
  XOR 2-4-1 (tanh/sigmoid, half squared error), moons 2-25-50-50-25-1 (relu/sigmoid, binary
  cross-entropy), Celsius 1-2-1 (linear/linear, mse) and iris 4-16-16-3 (relu/relu/softmax,
  cross-entropy).
Graphs: one traced pass (Graph.trace: forward, backward and every Step) against one untraced
training iteration of the same graph (Graph.train_step), for a residual block and an attention
head, and for the moons network written as forward lines.
Medians per iteration and their ratios are printed. Targets: dense / hand-written <= 1.10;
traced graph pass / untraced graph iteration <= 3. `--sklearn` adds scikit-learn's MLP.
"""

from __future__ import annotations

import os

# The matrices here are small: one BLAS thread is fastest, and on a shared machine extra
# threads only add contention noise to the medians. Set before NumPy is imported.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import argparse  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402
import warnings  # noqa: E402

import numpy as np  # noqa: E402

from nntutor.engine.datasets import load_dataset
from nntutor.engine.graph import Graph, ParamSpec
from nntutor.engine.network import Network
from nntutor.engine.train import train

WORKLOADS = {
    "XOR 2-4-1": dict(data="xor", arch=[(2, 4, "tanh"), (4, 1, "sigmoid")], loss="half_sse",
                      init="glorot", lr=0.001, epochs=20_000),
    "moons 2-25-50-50-25-1": dict(
        data="moons", arch=[(2, 25, "relu"), (25, 50, "relu"), (50, 50, "relu"),
                            (50, 25, "relu"), (25, 1, "sigmoid")],
        loss="bce", init="small_normal", lr=0.01, epochs=300),
    "Celsius 1-2-1": dict(data="celsius", arch=[(1, 2, "linear"), (2, 1, "linear")], loss="mse",
                          init="standard_normal", lr=0.05, epochs=20_000),
    "iris 4-16-16-3": dict(data="iris", arch=[(4, 16, "relu"), (16, 16, "relu"),
                                              (16, 3, "softmax")],
                           loss="cross_entropy", init="glorot", lr=0.1, epochs=5_000),
}


def hand_written(params, X, Y, acts, loss, lr, epochs, log_every):
    """What a careful learner writes: one vectorised loop, no framework."""
    Ws = [params[f"W{l}"] for l in range(1, len(acts) + 1)]
    bs = [params[f"b{l}"] for l in range(1, len(acts) + 1)]
    n = X.shape[0]
    losses = []
    for epoch in range(1, epochs + 1):
        As, Zs = [X], []
        a = X
        for W, b, act in zip(Ws, bs, acts):
            z = a @ W + b
            if act == "tanh":
                a = np.tanh(z)
            elif act == "relu":
                a = np.maximum(z, 0.0)
            elif act == "linear":
                a = z
            elif act == "softmax":
                e = np.exp(z - z.max(axis=1, keepdims=True))
                a = e / e.sum(axis=1, keepdims=True)
            else:
                a = 1.0 / (1.0 + np.exp(-z))
            Zs.append(z)
            As.append(a)
        if loss == "half_sse":
            g = a - Y
        elif loss == "mse":
            g = (2.0 / n) * (a - Y)
        elif loss == "cross_entropy":
            g = (a - Y) / n
        else:
            p = np.clip(a, 1e-12, 1 - 1e-12)
            g = (1.0 / n) * ((1.0 - Y) / (1.0 - p) - Y / p)
        for l in range(len(Ws) - 1, -1, -1):
            a_out, act = As[l + 1], acts[l]
            if act == "tanh":
                dz = g * (1.0 - a_out * a_out)
            elif act == "relu":
                dz = g * (Zs[l] > 0)
            elif act in ("linear", "softmax"):
                dz = g
            else:
                dz = g * (a_out * (1.0 - a_out))
            db = dz.sum(axis=0, keepdims=True)
            dW = As[l].T @ dz
            if l > 0:
                g = dz @ Ws[l].T
            bs[l] -= lr * db
            Ws[l] -= lr * dW
        if epoch % log_every == 0:
            d = a - Y
            losses.append(float(np.sum(d * d)))
    return losses


def sklearn_mlp(X, Y, hidden, activation, lr, epochs):
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPClassifier

    clf = MLPClassifier(hidden_layer_sizes=hidden, activation=activation, solver="sgd",
                        learning_rate_init=lr, momentum=0.0, nesterovs_momentum=False,
                        batch_size=X.shape[0], max_iter=epochs, tol=0.0, alpha=0.0,
                        n_iter_no_change=10**9, shuffle=False, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        clf.fit(X, Y.ravel())


def per_iter(fn, iterations):
    t = time.perf_counter()
    fn()
    return (time.perf_counter() - t) / iterations


def bench_dense(name, cfg, rounds, scale, with_sklearn):
    ds = load_dataset(cfg["data"])
    X, Y = ds.X_train, ds.Y_train
    epochs = max(10, cfg["epochs"] // scale)
    acts = [a for _, _, a in cfg["arch"]]
    log_every = max(1, epochs // 100)
    res = {"nntutor": [], "numpy": []}
    if with_sklearn and Y.shape[1] == 1 and cfg["loss"] == "bce":
        res["sklearn"] = []
    for _ in range(rounds):
        net = Network(cfg["arch"], loss=cfg["loss"], init=cfg["init"], seed=0)
        params = {k: v.copy() for k, v in net.params.items()}
        res["nntutor"].append(per_iter(
            lambda: train(net, X, Y, epochs, cfg["lr"], log_every=log_every), epochs))
        res["numpy"].append(per_iter(
            lambda: hand_written(params, X, Y, acts, cfg["loss"], cfg["lr"], epochs, log_every),
            epochs))
        if "sklearn" in res:
            hidden = tuple(out for _, out, _ in cfg["arch"][:-1])
            res["sklearn"].append(per_iter(
                lambda: sklearn_mlp(X, Y, hidden, acts[0], cfg["lr"], epochs), epochs))
    med = {k: statistics.median(v) for k, v in res.items()}
    ratio = med["nntutor"] / med["numpy"]
    print(f"\n{name}: {X.shape[0]} rows, {epochs} iterations x {rounds} interleaved rounds")
    for k, v in med.items():
        print(f"  {k:8s} median {v * 1e6:9.1f} µs/iteration")
    print(f"  ratio nntutor / hand-written NumPy : {ratio:.3f}  (target <= 1.10)")
    if "sklearn" in med:
        print(f"  ratio nntutor / scikit-learn MLP   : {med['nntutor'] / med['sklearn']:.3f}")
    return ratio


GRAPHS = {
    "residual block (iris 4-16-4 + skip)": dict(
        data="iris",
        lines=["Z1 = X @ W1 + b1", "A1 = relu(Z1)", "H = A1 @ W2 + b2 + X",
               "Z3 = H @ W3 + b3", "P = softmax(Z3, axis=1)", "L = cross_entropy(P, Y)"],
        params={"W1": ("in", "h"), "b1": ("1", "h"), "W2": ("h", "in"), "b2": ("1", "in"),
                "W3": ("in", "out"), "b3": ("1", "out")},
        sizes={"in": 4, "h": 16, "out": 3}),
    "attention head (iris rows as a sequence)": dict(
        data="iris",
        lines=["Q = X @ Wq", "K = X @ Wk", "V = X @ Wv", "S = Q @ K.T / sqrt(k)",
               "P = softmax(S, axis=1)", "O = layer_norm(P @ V)", "Z = O @ Wo",
               "L = mse(Z, Y)"],
        params={"Wq": ("in", "k"), "Wk": ("in", "k"), "Wv": ("in", "k"), "Wo": ("k", "out")},
        sizes={"in": 4, "k": 8, "out": 3}),
    "moons 2-25-50-50-25-1 as lines": dict(
        data="moons",
        lines=["A1 = relu(X @ W1 + b1)", "A2 = relu(A1 @ W2 + b2)", "A3 = relu(A2 @ W3 + b3)",
               "A4 = relu(A3 @ W4 + b4)", "P = sigmoid(A4 @ W5 + b5)", "L = bce(P, Y)"],
        params={f"W{i}": (a, b) for i, (a, b) in enumerate(
            [("in", "h1"), ("h1", "h2"), ("h2", "h3"), ("h3", "h4"), ("h4", "out")], 1)}
        | {f"b{i}": ("1", d) for i, d in enumerate(["h1", "h2", "h3", "h4", "out"], 1)},
        sizes={"in": 2, "h1": 25, "h2": 50, "h3": 50, "h4": 25, "out": 1}),
}


def bench_graph(name, cfg, rounds):
    ds = load_dataset(cfg["data"])
    X, Y = ds.X_train, ds.Y_train
    params = {k: ParamSpec(tuple(d), "zeros" if k.startswith("b") else "glorot_uniform")
              for k, d in cfg["params"].items()}
    g = Graph.parse(cfg["lines"], params, {"X": ("n", "in"), "Y": ("n", "out")},
                    {"n": X.shape[0], **cfg["sizes"]})
    values = {**g.init_params(0), "X": X, "Y": Y}
    traced, plain = [], []
    for _ in range(rounds):
        for _ in range(5):
            t = time.perf_counter()
            g.trace(values)
            traced.append(time.perf_counter() - t)
            t = time.perf_counter()
            g.train_step(values, 0.01)
            plain.append(time.perf_counter() - t)
    mt, mp = statistics.median(traced), statistics.median(plain)
    print(f"\ngraph {name}: {len(g.trace(values))} steps, {X.shape[0]} rows")
    print(f"  one traced forward+backward      median {mt * 1e3:7.3f} ms")
    print(f"  one untraced training iteration  median {mp * 1e3:7.3f} ms")
    print(f"  ratio traced / untraced: {mt / mp:.2f}  (target <= 3)")
    return mt / mp


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=7)
    ap.add_argument("--quick", action="store_true", help="fewer iterations (smoke run)")
    ap.add_argument("--sklearn", action="store_true", help="also time scikit-learn's MLP")
    ap.add_argument("--only", choices=["dense", "graph"], help="one half only")
    ap.add_argument("--match", default="", help="only workloads whose name contains this")
    args = ap.parse_args()
    scale = 10 if args.quick else 1
    dense = {}
    if args.only != "graph":
        for name, cfg in WORKLOADS.items():
            if args.match not in name:
                continue
            dense[name] = bench_dense(name, cfg, args.rounds, scale, args.sklearn)
    graphs = {}
    if args.only != "dense":
        for name, cfg in GRAPHS.items():
            if args.match not in name:
                continue
            graphs[name] = bench_graph(name, cfg, args.rounds)
    print("\nsummary")
    for name, ratio in dense.items():
        print(f"  dense {name:40s} nntutor / hand-written {ratio:.3f}")
    for name, ratio in graphs.items():
        print(f"  graph {name:40s} traced / untraced      {ratio:.2f}")


if __name__ == "__main__":
    main()
