import numpy as np
from sklearn.datasets import make_moons

np.random.seed(0)

# data: rows are samples
X, y = make_moons(n_samples=200, noise=0.2, random_state=0)
y = y.reshape(-1, 1)          # (200, 1)

n_in, n_hidden, n_out = 2, 8, 1

params = {
    "W1": np.random.randn(n_in, n_hidden) * 0.5,
    "b1": np.zeros((1, n_hidden)),
    "W2": np.random.randn(n_hidden, n_out) * 0.5,
    "b2": np.zeros((1, n_out)),
}


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def train_step(params, X, y, lr):
    m = X.shape[0]
    # forward
    Z1 = X @ params["W1"] + params["b1"]
    A1 = np.tanh(Z1)
    Z2 = A1 @ params["W2"] + params["b2"]
    A2 = sigmoid(Z2)
    loss = -np.mean(y * np.log(A2 + 1e-8) + (1 - y) * np.log(1 - A2 + 1e-8))

    # backward
    dZ2 = (A2 - y) / m
    dW2 = A1.T @ dZ2
    db2 = np.sum(dZ2, axis=0, keepdims=True)
    dA1 = dZ2 @ params["W2"].T
    dZ1 = dA1 * (1 - A1 ** 2)
    dW1 = X.T @ dZ1
    db1 = np.sum(dZ1, axis=0, keepdims=True)

    # update
    params["W1"] -= lr * dW1
    params["b1"] -= lr * db1
    params["W2"] -= lr * dW2
    params["b2"] -= lr * db2
    return loss


for epoch in range(2000):
    loss = train_step(params, X, y, lr=0.5)
    if epoch % 500 == 0:
        print(f"epoch {epoch} loss {loss:.4f}")

A1 = np.tanh(X @ params["W1"] + params["b1"])
probs = sigmoid(A1 @ params["W2"] + params["b2"])
acc = np.mean((probs > 0.5) == y)
print(f"final loss {loss:.6f} acc {acc:.3f} b2 {params['b2'][0, 0]:.6f}")
