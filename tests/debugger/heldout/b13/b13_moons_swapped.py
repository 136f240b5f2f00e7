import numpy as np
from sklearn.datasets import make_moons

# binary classification on two moons, tanh hidden layer, sigmoid output
np.random.seed(7)
X, y = make_moons(n_samples=300, noise=0.2, random_state=7)
n = X.shape[0]          # y is kept 1-D, shape (n,)

p = {
    "W1": np.random.randn(2, 16) * 0.5,
    "b1": np.zeros(16),
    "W2": np.random.randn(16, 1) * 0.5,
    "b2": np.zeros(1),
}


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


lr = 1.0
for it in range(800):
    # forward
    z1 = p["W1"] @ X + p["b1"]
    a1 = np.tanh(z1)
    z2 = a1 @ p["W2"] + p["b2"]
    a2 = sigmoid(z2)                       # (n, 1)

    loss = -np.mean(y * np.log(a2[:, 0] + 1e-9) + (1 - y) * np.log(1 - a2[:, 0] + 1e-9))

    # backward (binary cross-entropy with sigmoid)
    dz2 = (a2 - y[:, None]) / n
    dW2 = a1.T @ dz2
    db2 = dz2.sum(axis=0)
    da1 = dz2 @ p["W2"].T
    dz1 = da1 * (1 - a1 ** 2)
    dW1 = X.T @ dz1
    db1 = dz1.sum(axis=0)

    p["W1"] -= lr * dW1
    p["b1"] -= lr * db1
    p["W2"] -= lr * dW2
    p["b2"] -= lr * db2

    if it % 200 == 0:
        print(f"iter {it} loss {loss:.4f}")

a1 = np.tanh(X @ p["W1"] + p["b1"])
a2 = sigmoid(a1 @ p["W2"] + p["b2"])
pred = (a2 > 0.5).astype(int)
acc = np.mean(pred == y[:, np.newaxis])
total = sum(v.sum() for v in p.values())
print(f"final loss {loss:.6f} acc {acc:.3f} params {total:.6f}")
