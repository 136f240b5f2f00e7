"""A network built from a list of layers, with samples as COLUMNS: Z = W·A + b.

Two interleaving half-moons (generated here), a 2-16-8-1 network with relu hidden layers
and a sigmoid output, binary cross-entropy, and the caches of A and Z that the backward
pass reads. With samples in columns, W[l] is (units out, units in) and b[l] is (units, 1).
"""

import numpy as np

ARCHITECTURE = [
    {"input_dim": 2, "output_dim": 16, "activation": "relu"},
    {"input_dim": 16, "output_dim": 8, "activation": "relu"},
    {"input_dim": 8, "output_dim": 1, "activation": "sigmoid"},
]


def make_moons(n, noise, rng):
    half = n // 2
    angle = rng.uniform(0.0, np.pi, size=n)
    upper = np.stack([np.cos(angle[:half]), np.sin(angle[:half])])
    lower = np.stack([1.0 - np.cos(angle[half:]), 0.5 - np.sin(angle[half:])])
    X = np.hstack([upper, lower]) + noise * rng.standard_normal((2, n))  # (2, n)
    Y = np.hstack([np.zeros((1, half)), np.ones((1, n - half))])         # (1, n)
    return X, Y


def init_layers(architecture, rng):
    params = {}
    for number, layer in enumerate(architecture, start=1):
        params[f"W{number}"] = 0.5 * rng.standard_normal((layer["output_dim"], layer["input_dim"]))
        params[f"b{number}"] = np.zeros((layer["output_dim"], 1))
    return params


def forward(X, params):
    cache = {"A0": X}
    A = X
    for number, layer in enumerate(ARCHITECTURE, start=1):
        Z = params[f"W{number}"] @ A + params[f"b{number}"]   # (units, n)
        A = np.maximum(Z, 0.0) if layer["activation"] == "relu" else 1.0 / (1.0 + np.exp(-Z))
        cache[f"Z{number}"], cache[f"A{number}"] = Z, A
    return A, cache


def backward(Y_hat, Y, cache, params):
    grads = {}
    n = Y.shape[1]
    dZ = Y_hat - Y  # binary cross-entropy through a sigmoid: dL/dZ = Ŷ − Y
    for number in range(len(ARCHITECTURE), 0, -1):
        A_prev = cache[f"A{number - 1}"]
        grads[f"W{number}"] = dZ @ A_prev.T / n                 # (units, units before)
        grads[f"b{number}"] = dZ.sum(axis=1, keepdims=True) / n  # (units, 1)
        if number > 1:
            dA_prev = params[f"W{number}"].T @ dZ               # (units before, n)
            dZ = dA_prev * (cache[f"Z{number - 1}"] > 0)        # relu' = H(Z)
    return grads


rng = np.random.default_rng(2)
X, Y = make_moons(400, 0.2, rng)
params = init_layers(ARCHITECTURE, rng)
for epoch in range(1000):
    Y_hat, cache = forward(X, params)
    loss = -np.mean(Y * np.log(Y_hat + 1e-9) + (1 - Y) * np.log(1 - Y_hat + 1e-9))
    grads = backward(Y_hat, Y, cache, params)
    for key in params:
        params[key] -= 0.3 * grads[key]

accuracy = np.mean((Y_hat > 0.5) == Y)
print(f"cross-entropy {loss:.3f}, accuracy {accuracy:.1%}")
