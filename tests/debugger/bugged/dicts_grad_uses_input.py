import numpy as np


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def init(rng, n_in, n_h, n_out):
    return {
        "W1": rng.normal(scale=0.5, size=(n_h, n_in)),
        "b1": np.zeros((n_h, 1)),
        "W2": rng.normal(scale=0.5, size=(n_out, n_h)),
        "b2": np.zeros((n_out, 1)),
    }


def forward(params, X):
    Z1 = params["W1"] @ X + params["b1"]
    A1 = np.tanh(Z1)
    Z2 = params["W2"] @ A1 + params["b2"]
    A2 = sigmoid(Z2)
    return {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}


def backward(params, cache, X, Y):
    m = X.shape[1]
    dZ2 = cache["A2"] - Y
    dW2 = dZ2 @ X.T / m
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m
    dA1 = params["W2"].T @ dZ2
    dZ1 = dA1 * (1 - cache["A1"] ** 2)
    dW1 = dZ1 @ X.T / m
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m
    return {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}


def update(params, grads, lr):
    for key in params:
        params[key] -= lr * grads[key]


rng = np.random.default_rng(1)
X = rng.normal(size=(2, 80))
Y = (X[0:1] ** 2 + X[1:2] ** 2 < 1.2).astype(float)
params = init(rng, 2, 6, 1)
for step in range(300):
    cache = forward(params, X)
    grads = backward(params, cache, X, Y)
    update(params, grads, 0.8)

A2 = forward(params, X)["A2"]
print("accuracy", round(float(np.mean((A2 > 0.5) == Y)), 3), "loss", round(float(np.mean((A2 - Y) ** 2)), 5))
