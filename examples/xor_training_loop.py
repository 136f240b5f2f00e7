"""XOR with a 2-4-1 network (tanh hidden layer, sigmoid output), trained for many steps.

This is the long training loop the debugger benchmark runs: plain NumPy, small helper
functions for each layer, the gradient passed back through every layer by hand.

    x (4, 2) -> dense -> z0 (4, 4) -> tanh -> h (4, 4) -> dense -> z1 (4, 1) -> sigmoid -> y_hat
"""

import sys

import numpy as np

STEPS = int(sys.argv[1]) if len(sys.argv) > 1 else 12_000
LEARNING_RATE = 0.5


def glorot(fan_in, fan_out, rng):
    """Uniform in ±√(6 / (fan_in + fan_out)): the signal's variance stays similar layer to layer."""
    limit = np.sqrt(6.0 / (fan_in + fan_out))
    return rng.uniform(-limit, limit, size=(fan_in, fan_out))


def dense(x, w, b):
    """z = x·w + b   (n, in) · (in, out) + (1, out) -> (n, out)"""
    return x @ w + b


def dense_backward(x, w, grad_z):
    """dL/dw = xᵀ·g, dL/db = Σ_rows g, dL/dx = g·wᵀ"""
    grad_w = x.T @ grad_z
    grad_b = grad_z.sum(axis=0, keepdims=True)
    grad_x = grad_z @ w.T
    return grad_w, grad_b, grad_x


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


rng = np.random.default_rng(7)
x = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
y = np.array([[0.0], [1.0], [1.0], [0.0]])

w0 = glorot(2, 4, rng)
b0 = np.zeros((1, 4))
w1 = glorot(4, 1, rng)
b1 = np.zeros((1, 1))

for step in range(STEPS):
    # forward
    z0 = dense(x, w0, b0)
    h = np.tanh(z0)
    z1 = dense(h, w1, b1)
    y_hat = sigmoid(z1)
    loss = 0.5 * np.mean((y_hat - y) ** 2)

    # backward: dL/dy_hat, then through the sigmoid, the output layer, tanh, the hidden layer
    grad_y_hat = (y_hat - y) / len(x)
    grad_z1 = grad_y_hat * y_hat * (1.0 - y_hat)
    grad_w1, grad_b1, grad_h = dense_backward(h, w1, grad_z1)
    grad_z0 = grad_h * (1.0 - h**2)
    grad_w0, grad_b0, _ = dense_backward(x, w0, grad_z0)

    # gradient descent, in place
    w1 -= LEARNING_RATE * grad_w1
    b1 -= LEARNING_RATE * grad_b1
    w0 -= LEARNING_RATE * grad_w0
    b0 -= LEARNING_RATE * grad_b0

print(f"loss after {STEPS} steps: {loss:.4f}")
print("predictions:", np.round(y_hat.ravel(), 3))
