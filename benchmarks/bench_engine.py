"""Engine speed, measured side by side in one process (run: python benchmarks/bench_engine.py).

For the XOR (2-4-1 tanh/sigmoid, half squared error) and moons (2-25-50-50-25-1 relu/sigmoid,
binary cross-entropy, 900 training rows) workloads it times, interleaved round by round:
  - nntutor's untraced training (engine.train),
  - a hand-written vectorised NumPy loop doing the same maths,
  - scikit-learn's MLPClassifier with plain full-batch SGD (no momentum),
and reports medians per iteration and the ratios. It also times recording one full traced
forward+backward pass on moons against one untraced training iteration.
Targets: engine / hand-written <= 1.15; traced pass / untraced iteration <= 3.
"""

from __future__ import annotations

import argparse
import statistics
import time
import warnings

import numpy as np

from nntutor.engine.datasets import load_dataset
from nntutor.engine.network import Network
from nntutor.engine.train import train

XOR = dict(arch=[(2, 4, "tanh"), (4, 1, "sigmoid")], loss="half_sse", init="glorot", lr=0.001)
MOONS = dict(arch=[(2, 25, "relu"), (25, 50, "relu"), (50, 50, "relu"), (50, 25, "relu"),
                   (25, 1, "sigmoid")], loss="bce", init="small_normal", lr=0.01)


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
            else:
                a = 1.0 / (1.0 + np.exp(-z))
            Zs.append(z)
            As.append(a)
        if loss == "half_sse":
            g = a - Y
        else:
            p = np.clip(a, 1e-12, 1 - 1e-12)
            g = (1.0 / n) * ((1.0 - Y) / (1.0 - p) - Y / p)
        for l in range(len(Ws) - 1, -1, -1):
            a_out, act = As[l + 1], acts[l]
            if act == "tanh":
                dz = g * (1.0 - a_out * a_out)
            elif act == "relu":
                dz = g * (Zs[l] > 0)
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
            losses.append(float(0.5 * np.sum(d * d)))
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


def bench_workload(name, cfg, X, Y, epochs, rounds, hidden, sk_act):
    acts = [a for _, _, a in cfg["arch"]]
    log_every = max(1, epochs // 100)
    res = {"nntutor": [], "numpy": [], "sklearn": []}
    for _ in range(rounds):
        net = Network(cfg["arch"], loss=cfg["loss"], init=cfg["init"], seed=0)
        params = {k: v.copy() for k, v in net.params.items()}
        res["nntutor"].append(per_iter(
            lambda: train(net, X, Y, epochs, cfg["lr"], log_every=log_every), epochs))
        res["numpy"].append(per_iter(
            lambda: hand_written(params, X, Y, acts, cfg["loss"], cfg["lr"], epochs, log_every),
            epochs))
        res["sklearn"].append(per_iter(
            lambda: sklearn_mlp(X, Y, hidden, sk_act, cfg["lr"], epochs), epochs))
    med = {k: statistics.median(v) for k, v in res.items()}
    print(f"\n{name}: {X.shape[0]} rows, {epochs} iterations x {rounds} interleaved rounds")
    for k, v in med.items():
        print(f"  {k:8s} median {v * 1e6:9.1f} µs/iteration")
    print(f"  ratio nntutor / hand-written NumPy : {med['nntutor'] / med['numpy']:.3f}  (target <= 1.15)")
    print(f"  ratio nntutor / scikit-learn MLP   : {med['nntutor'] / med['sklearn']:.3f}")
    return med


def bench_trace(X, Y, rounds):
    net = Network(MOONS["arch"], loss=MOONS["loss"], init=MOONS["init"], seed=0)
    traced, plain = [], []
    for _ in range(rounds):
        for _ in range(5):
            t = time.perf_counter()
            net.trace(X, Y)
            traced.append(time.perf_counter() - t)
            t = time.perf_counter()
            net.train_step(X, Y, MOONS["lr"])
            plain.append(time.perf_counter() - t)
    mt, mp = statistics.median(traced), statistics.median(plain)
    print(f"\nmoons traced pass: {len(net.trace(X, Y))} steps")
    print(f"  one traced forward+backward  median {mt * 1e3:7.3f} ms")
    print(f"  one untraced train iteration median {mp * 1e3:7.3f} ms")
    print(f"  ratio traced / untraced: {mt / mp:.2f}  (target <= 3)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=7)
    ap.add_argument("--quick", action="store_true", help="fewer iterations (smoke run)")
    args = ap.parse_args()
    xor = load_dataset("xor")
    moons = load_dataset("moons")
    scale = 10 if args.quick else 1
    bench_workload("XOR 2-4-1", XOR, xor.X_train, xor.Y_train, 20_000 // scale, args.rounds,
                   (4,), "tanh")
    bench_workload("moons 2-25-50-50-25-1", MOONS, moons.X_train, moons.Y_train, 300 // scale,
                   args.rounds, (25, 50, 50, 25), "relu")
    bench_trace(moons.X_train, moons.Y_train, args.rounds)


if __name__ == "__main__":
    main()
