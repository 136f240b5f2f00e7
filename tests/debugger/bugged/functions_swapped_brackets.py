import numpy as np


def relu(z):
    return np.maximum(z, 0)


def train(X, Y, hidden, lr, steps, seed):
    rng = np.random.default_rng(seed)
    n, d = X.shape
    W1 = rng.normal(scale=0.4, size=(d, hidden))
    b1 = np.zeros(hidden)
    W2 = rng.normal(scale=0.4, size=(hidden, 1))
    b2 = np.zeros(1)
    for t in range(steps):
        Z1 = X @ W1 + b1
        A1 = relu(Z1)
        A2 = A1 @ W2 + b2
        dA2 = 2 * (A2 - Y) / n
        dW2 = (2 * (A2 - Y) / n) @ A1.T
        db2 = np.sum(dA2, axis=0)
        dZ1 = (dA2 @ W2.T) * (Z1 > 0)
        dW1 = X.T @ dZ1
        db1 = np.sum(dZ1, axis=0)
        W1 = W1 - lr * dW1
        b1 = b1 - lr * db1
        W2 = W2 - lr * dW2
        b2 = b2 - lr * db2
    return np.mean((A2 - Y) ** 2)


rng = np.random.default_rng(9)
X = rng.normal(size=(60, 3))
Y = (X[:, :1] * 0.5 - X[:, 1:2] ** 2 + 0.3 * X[:, 2:3])
print("mse", round(float(train(X, Y, hidden=7, lr=0.05, steps=300, seed=1)), 6))
