"""Two dense layers with a sigmoid between them, predicting a house-price-like target.

Where dimensions go wrong in the backward pass, and how they are made to fit:
the bias gradients are averaged over the batch (keepdims keeps them (1, out)), the gradient
going back through W2 is multiplied by W2ᵀ on the right, and a weight gradient puts the
layer's input transposed on the left.

    X (n, in) -> F = X·W1 + b1 (n, hidden) -> D = sigmoid(F) -> C = D·W2 + b2 (n, 1)
"""

import numpy as np


class TwoLayerPerceptron:
    def __init__(self, in_dim, hidden_dim, out_dim, rng):
        self.W1 = rng.standard_normal((in_dim, hidden_dim)) * 0.3
        self.b1 = np.zeros((1, hidden_dim))
        self.W2 = rng.standard_normal((hidden_dim, out_dim)) * 0.3
        self.b2 = np.zeros((1, out_dim))

    def forward(self, X):
        self.X = X
        self.F = X @ self.W1 + self.b1          # (n, hidden)
        self.D = 1.0 / (1.0 + np.exp(-self.F))  # (n, hidden)
        return self.D @ self.W2 + self.b2       # (n, 1)

    def backward(self, grad_C, lr):
        grad_b2 = np.mean(grad_C, axis=0, keepdims=True)     # (1, 1)
        grad_W2 = np.dot(self.D.T, grad_C) / len(grad_C)     # (hidden, 1): Dᵀ on the left
        grad_D = np.dot(grad_C, self.W2.T)                   # (n, hidden): W2ᵀ on the right
        grad_F = grad_D * self.D * (1.0 - self.D)            # sigmoid' = D(1 − D)
        grad_b1 = np.mean(grad_F, axis=0, keepdims=True)     # (1, hidden)
        grad_W1 = np.dot(self.X.T, grad_F) / len(grad_F)     # (in, hidden)
        self.W2 -= lr * grad_W2
        self.b2 -= lr * grad_b2
        self.W1 -= lr * grad_W1
        self.b1 -= lr * grad_b1


rng = np.random.default_rng(5)
rooms = rng.uniform(2.0, 8.0, size=(200, 1))
age = rng.uniform(1.0, 50.0, size=(200, 1))
income = rng.uniform(1.0, 10.0, size=(200, 1))
X = np.hstack([rooms, age, income])
X = (X - X.mean(axis=0)) / X.std(axis=0)
y = 0.6 * np.tanh(X[:, :1]) - 0.2 * X[:, 1:2] + 0.5 * X[:, 2:] ** 2 / 3

net = TwoLayerPerceptron(3, 8, 1, rng)
for epoch in range(1000):
    C = net.forward(X)
    loss = np.mean((C - y) ** 2)
    net.backward(2.0 * (C - y), lr=0.5)

print(f"mean squared error after 1000 epochs: {loss:.4f} (target variance {y.var():.4f})")
