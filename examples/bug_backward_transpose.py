"""XOR (2-5-1) whose backward pass forgets a transpose: a classic "dimensions don't converge".

The weight gradient needs the layer's input transposed on the left: ∂L/∂W2 = Hᵀ·δ,
(5, n)·(n, 1) = (5, 1), the shape of W2. Written H·δ it cannot even run.

    nntutor debug --plain examples/bug_backward_transpose.py
"""

import numpy as np


def backward(X, H, W2, delta_out):
    grad_W2 = H @ delta_out                           # BUG: should be H.T @ delta_out
    delta_hidden = (delta_out @ W2.T) * (1 - H ** 2)  # back through W2, then tanh'
    grad_W1 = X.T @ delta_hidden
    return grad_W1, grad_W2


rng = np.random.default_rng(4)
X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
Y = np.array([[0.0], [1.0], [1.0], [0.0]])
W1 = rng.uniform(-1.0, 1.0, size=(2, 5))
W2 = rng.uniform(-1.0, 1.0, size=(5, 1))

for step in range(500):
    H = np.tanh(X @ W1)                     # (4, 5)
    Y_hat = 1.0 / (1.0 + np.exp(-(H @ W2)))  # (4, 1)
    delta_out = (Y_hat - Y) * Y_hat * (1 - Y_hat)
    grad_W1, grad_W2 = backward(X, H, W2, delta_out)
    W1 -= 0.5 * grad_W1
    W2 -= 0.5 * grad_W2

print("final predictions:", Y_hat.ravel().round(2))
