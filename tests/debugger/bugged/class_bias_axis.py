import numpy as np


class Net:
    def __init__(self, n_in, n_h, n_out, seed):
        rng = np.random.default_rng(seed)
        self.W1 = rng.normal(scale=0.5, size=(n_in, n_h))
        self.b1 = np.zeros(n_h)
        self.W2 = rng.normal(scale=0.5, size=(n_h, n_out))
        self.b2 = np.zeros(n_out)

    def forward(self, X):
        self.X = X
        self.h = np.maximum(0, X @ self.W1 + self.b1)
        self.out = self.h @ self.W2 + self.b2
        return self.out

    def backward(self, grad_out, lr):
        grad_W2 = self.h.T @ grad_out
        grad_b2 = grad_out.sum(axis=0)
        grad_h = grad_out @ self.W2.T
        grad_h = grad_h * (self.h > 0)
        grad_W1 = self.X.T @ grad_h
        grad_b1 = grad_h.sum(axis=1)
        self.W2 -= lr * grad_W2
        self.b2 -= lr * grad_b2
        self.W1 -= lr * grad_W1
        self.b1 -= lr * grad_b1


rng = np.random.default_rng(7)
X = rng.uniform(-1, 1, size=(50, 3))
Y = np.sin(X[:, :1] * 2) + X[:, 1:2] * X[:, 2:3]
net = Net(3, 8, 1, seed=2)
for it in range(250):
    out = net.forward(X)
    loss = np.mean((out - Y) ** 2)
    net.backward(2 * (out - Y) / len(X), lr=0.1)
print(f"final loss {loss:.5f}")
