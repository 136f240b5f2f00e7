import numpy as np

rng = np.random.default_rng(21)
m = 70
X = rng.normal(size=(m, 3))
Y = (X[0:1] - X[1:2] + 0.5 * X[2:3] > 0).astype(float)
W1 = rng.normal(scale=0.5, size=(4, 3))
b1 = np.zeros((4, 1))
W2 = rng.normal(scale=0.5, size=(1, 4))
b2 = np.zeros((1, 1))

for i in range(300):
    Z1 = W1 @ X + b1
    A1 = np.tanh(Z1)
    Z2 = W2 @ A1 + b2
    A2 = 1 / (1 + np.exp(-Z2))
    dZ2 = A2 - Y
    dW2 = dZ2 @ A1.T / m
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m
    dZ1 = (W2.T @ dZ2) * (1 - A1 ** 2)
    dW1 = dZ1 @ X.T / m
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m
    W1 = W1 - 0.5 * dW1
    b1 = b1 - 0.5 * db1
    W2 = W2 - 0.5 * dW2
    b2 = b2 - 0.5 * db2

print("accuracy %.3f loss %.6f" % (np.mean((A2 > 0.5) == Y), np.mean((A2 - Y) ** 2)))
