import numpy as np
from sklearn.datasets import load_digits

np.random.seed(0)

# load the 8x8 digits, keep the first 600 samples, scale pixels to [0, 1]
digits = load_digits()
X = digits.data[:600] / 16.0
y = digits.target[:600]
n = len(y)

# one-hot labels, one row per sample
Y = np.zeros((n, 10))
Y[np.arange(n), y] = 1

d_in, h1, h2, d_out = 64, 32, 16, 10
W1 = np.random.randn(d_in, h1) * np.sqrt(2.0 / d_in)
b1 = np.zeros(h1)
W2 = np.random.randn(h1, h2) * np.sqrt(2.0 / h1)
b2 = np.zeros(h2)
W3 = np.random.randn(h2, d_out) * np.sqrt(2.0 / h2)
b3 = np.zeros(d_out)

lr = 0.5
for epoch in range(200):
    # forward pass
    Z1 = X @ W1 + b1
    A1 = np.maximum(0, Z1)
    Z2 = A1 @ W2 + b2
    A2 = np.maximum(0, Z2)
    Z3 = A2 @ W3 + b3
    Z3 = Z3 - Z3.max(axis=1, keepdims=True)
    expZ = np.exp(Z3)
    P = expZ / expZ.sum(axis=1, keepdims=True)

    loss = -np.mean(np.sum(Y * np.log(P + 1e-12), axis=1))

    # backward pass
    dZ3 = P - Y
    dW3 = A2.T @ dZ3 / n
    db3 = dZ3.sum(axis=0) / n
    dA2 = dZ3 @ W3.T
    dZ2 = dA2 * (Z2 > 0)
    dW2 = A1.T @ dZ2 / n
    db2 = dZ2.sum(axis=0) / n
    dA1 = dZ2 @ W2.T
    dZ1 = dA1 * (Z1 > 0)
    dW1 = X.T @ dZ1 / n
    db1 = dZ1.sum(axis=1) / n

    # gradient descent
    W1 -= lr * dW1
    b1 -= lr * db1
    W2 -= lr * dW2
    b2 -= lr * db2
    W3 -= lr * dW3
    b3 -= lr * db3

    if epoch % 50 == 0:
        print(f"epoch {epoch} loss {loss:.4f}")

pred = np.argmax(P, axis=1)
acc = np.mean(pred == y)
print(f"final loss {loss:.6f} acc {acc:.3f} w3sum {W3.sum():.5f}")
