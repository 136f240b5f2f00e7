"""A 2-3-1 network with a deliberate dimension bug: the output layer is fed X, not H.

Run it under the debugger to see the failing operation, its operands' shapes and the fix:

    nntutor debug --plain examples/bug_skipped_hidden_layer.py

    X (100, 2) -> H = sigmoid(X·W1 + b1) (100, 3) -> Y_hat = H·W2 + b2 (100, 1)
"""

import numpy as np


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


rng = np.random.default_rng(0)
X = rng.uniform(-1.0, 1.0, size=(100, 2))  # 100 samples, 2 features each
Y = (X[:, :1] * X[:, 1:] > 0).astype(float)  # 1 where both features have the same sign

W1 = rng.normal(0.0, 0.5, size=(2, 3))  # 2 inputs -> 3 hidden units
b1 = np.zeros((1, 3))
W2 = rng.normal(0.0, 0.5, size=(3, 1))  # 3 hidden units -> 1 output
b2 = np.zeros((1, 1))

H = sigmoid(np.dot(X, W1) + b1)  # the hidden layer's output, (100, 3)
Y_hat = sigmoid(np.dot(X, W2) + b2)  # BUG: the output layer must read H, not X
loss = np.mean((Y_hat - Y) ** 2)
print(f"loss: {loss:.4f}")
