"""Celsius to Fahrenheit with a 1-2-1 linear network: 7 parameters, every gradient by hand.

No activation anywhere, so the network can only learn a straight line, which is exactly
what F = 1.8·C + 32 is. Each parameter's gradient is the chain rule written out:
the loss gradient at the output, passed back through the output layer to the hidden one,
summed over the 100 samples.

    c (100, 1) -> hidden = c·w1 + b1 (100, 2) -> f_hat = hidden·w2 + b2 (100, 1)
"""

import numpy as np

rng = np.random.default_rng(3)
celsius = rng.uniform(-50.0, 50.0, size=(100, 1))
fahrenheit = 1.8 * celsius + 32.0

w1 = rng.uniform(0.0, 1.0, size=(1, 2))
b1 = np.zeros((1, 2))
w2 = rng.uniform(0.0, 1.0, size=(2, 1))
b2 = np.zeros((1, 1))

LEARNING_RATE = 1e-4
for iteration in range(2000):
    hidden = celsius @ w1 + b1          # (100, 2)
    f_hat = hidden @ w2 + b2            # (100, 1)
    loss = np.mean((f_hat - fahrenheit) ** 2)

    grad_f_hat = 2.0 * (f_hat - fahrenheit) / len(celsius)   # dloss/df_hat, (100, 1)
    grad_w2 = hidden.T @ grad_f_hat                           # summed over samples, (2, 1)
    grad_b2 = grad_f_hat.sum(axis=0, keepdims=True)           # (1, 1)
    grad_hidden = grad_f_hat @ w2.T                           # back through w2, (100, 2)
    grad_w1 = celsius.T @ grad_hidden                         # (1, 2)
    grad_b1 = grad_hidden.sum(axis=0, keepdims=True)          # (1, 2)

    w1 -= LEARNING_RATE * grad_w1
    b1 -= LEARNING_RATE * grad_b1
    w2 -= LEARNING_RATE * grad_w2
    b2 -= 100 * LEARNING_RATE * grad_b2   # the bias sees gradients 100x smaller: a bigger step

slope = (w1 @ w2).item()
intercept = (b1 @ w2 + b2).item()
print(f"after 2000 iterations: F = {slope:.3f}·C + {intercept:.2f}  (loss {loss:.3f})")
