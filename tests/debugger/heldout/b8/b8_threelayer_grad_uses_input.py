import numpy as np
from sklearn.datasets import make_moons

# two hidden layers, sigmoid output, binary cross-entropy on the moons
np.random.seed(0)
X, y = make_moons(n_samples=300, noise=0.2, random_state=0)
y = y.reshape(-1, 1)          # (300, 1) labels
n = X.shape[0]


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


W1 = np.random.randn(2, 10) * 0.5
b1 = np.zeros((1, 10))
W2 = np.random.randn(10, 6) * 0.5
b2 = np.zeros((1, 6))
W3 = np.random.randn(6, 1) * 0.5
b3 = np.zeros((1, 1))
lr = 0.5

for it in range(1500):
    # forward
    z1 = X @ W1 + b1
    h1 = np.tanh(z1)
    z2 = h1 @ W2 + b2
    h2 = np.tanh(z2)
    z3 = h2 @ W3 + b3
    p = sigmoid(z3)
    loss = -np.mean(y * np.log(p + 1e-9) + (1 - y) * np.log(1 - p + 1e-9))

    # backward
    dz3 = (p - y) / n
    dW3 = h2.T @ dz3
    db3 = np.sum(dz3, axis=0, keepdims=True)
    dh2 = dz3 @ W3.T
    dz2 = dh2 * (1 - h2 ** 2)
    dW2 = h2.T @ dz2
    db2 = np.sum(dz2, axis=0, keepdims=True)
    dh1 = dz2 @ W2.T
    dz1 = dh1 * (1 - h1 ** 2)
    dW1 = X.T @ dz1
    db1 = np.sum(dz1, axis=0, keepdims=True)

    # update
    W1 -= lr * dW1
    b1 -= lr * db1
    W2 -= lr * dW2
    b2 -= lr * db2
    W3 -= lr * dW3
    b3 -= lr * db3

    if it % 500 == 0:
        print(f"iter {it} loss {loss:.4f}")

acc = np.mean((p > 0.5) == y)
print(f"final loss {loss:.6f} acc {acc:.3f}")
