import numpy as np
from sklearn.datasets import make_moons

np.random.seed(7)
X, y = make_moons(n_samples=200, noise=0.2, random_state=7)
y = y.reshape(-1, 1)                  # (n, 1)
n = X.shape[0]

sizes = [2, 32, 16, 1]
Ws = [np.random.randn(a, b) * np.sqrt(2 / a) for a, b in zip(sizes[:-1], sizes[1:])]
bs = [np.zeros((1, b)) for b in sizes[1:]]


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


lr = 0.1
for step in range(500):
    # forward: relu on hidden layers, sigmoid at the end
    hs = [X]
    for i in range(len(Ws) - 1):
        hs.append(np.maximum(0, hs[-1] @ Ws[i] + bs[i]))
    p = sigmoid(hs[-1] @ Ws[-1] + bs[-1])

    # binary cross entropy
    loss = -np.mean(y * np.log(p + 1e-9) + (1 - y) * np.log(1 - p + 1e-9))

    # backward
    g = (p - y) / n
    for i in reversed(range(len(Ws))):
        gW = hs[i].T @ g
        gb = g.sum(axis=1, keepdims=True)
        g = (g @ Ws[i].T) * (hs[i] > 0)
        Ws[i] -= lr * gW
        bs[i] -= lr * gb

# final evaluation
h = X
for i in range(len(Ws) - 1):
    h = np.maximum(0, h @ Ws[i] + bs[i])
p = sigmoid(h @ Ws[-1] + bs[-1])
acc = np.mean((p > 0.5) == y)
print(f"final loss {loss:.6f} acc {acc:.3f}")
