import numpy as np
from sklearn.datasets import load_iris

# Binary classifier: versicolor vs rest, columns = examples
np.random.seed(3)

iris = load_iris()
X = iris.data.T                                    # (4, m)
X = (X - X.mean(axis=1, keepdims=True)) / X.std(axis=1, keepdims=True)
Y = (iris.target == 1).astype(float).reshape(1, -1)  # (1, m)
m = X.shape[1]


def init_params(n_x, n_h, n_y):
    p = {
        "W1": np.random.randn(n_h, n_x) * 0.1,
        "b1": np.zeros((n_h, 1)),
        "W2": np.random.randn(n_y, n_h) * 0.1,
        "b2": np.zeros((n_y, 1)),
    }
    return p


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def forward(X, p):
    Z1 = np.dot(p["W1"], X) + p["b1"]
    A1 = np.maximum(0, Z1)
    Z2 = np.dot(p["W2"], A1) + p["b2"]
    A2 = sigmoid(Z2)
    cache = {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}
    return A2, cache


def compute_cost(A2, Y):
    eps = 1e-8
    return -np.mean(Y * np.log(A2 + eps) + (1 - Y) * np.log(1 - A2 + eps))


def backward(p, cache, X, Y):
    A1, A2 = cache["A1"], cache["A2"]
    dZ2 = A2 - Y
    dW2 = np.dot(dZ2, A1.T) / m
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m
    dA1 = np.dot(p["W2"].T, dZ2)
    dZ1 = dA1 * (cache["Z1"] > 0)
    dW1 = np.dot(dZ1, cache["A1"].T) / m
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m
    g = {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}
    return g


p = init_params(4, 8, 1)
learning_rate = 0.5

for i in range(1500):
    A2, cache = forward(X, p)
    cost = compute_cost(A2, Y)
    g = backward(p, cache, X, Y)
    for key in ["W1", "b1", "W2", "b2"]:
        p[key] = p[key] - learning_rate * g["d" + key]
    if i % 500 == 0:
        print("cost after iteration %i: %f" % (i, cost))

A2, _ = forward(X, p)
acc = np.mean((A2 > 0.5) == Y)
total = sum(np.sum(p[k]) for k in p)
print(f"final cost {compute_cost(A2, Y):.6f} acc {acc:.3f} params {total:.6f}")
