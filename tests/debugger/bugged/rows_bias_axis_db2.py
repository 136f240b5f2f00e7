import numpy as np

rng = np.random.default_rng(0)
n = 64
X = rng.normal(size=(n, 2))
Y = (X[:, 0:1] * X[:, 1:2] > 0).astype(float)

W1 = rng.normal(scale=0.5, size=(2, 5))
b1 = np.zeros((1, 5))
W2 = rng.normal(scale=0.5, size=(5, 1))
b2 = np.zeros((1, 1))
lr = 0.5

for epoch in range(300):
    Z1 = X @ W1 + b1
    A1 = np.tanh(Z1)
    Z2 = A1 @ W2 + b2
    A2 = 1 / (1 + np.exp(-Z2))
    dZ2 = (A2 - Y) / n
    dW2 = A1.T @ dZ2
    db2 = np.sum(dZ2, axis=1, keepdims=True)
    dA1 = dZ2 @ W2.T
    dZ1 = dA1 * (1 - A1 ** 2)
    dW1 = X.T @ dZ1
    db1 = np.sum(dZ1, axis=0, keepdims=True)
    W1 -= lr * dW1
    b1 -= lr * db1
    W2 -= lr * dW2
    b2 -= lr * db2

pred = (A2 > 0.5).astype(float)
print(f"accuracy {np.mean(pred == Y):.3f} loss {np.mean((A2 - Y) ** 2):.5f}")
