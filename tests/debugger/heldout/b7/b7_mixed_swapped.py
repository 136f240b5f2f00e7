import numpy as np

rng = np.random.default_rng(3)

# made-up binary task: the label says whether x0 * x1 + x2 is positive
n, d = 300, 5
X = rng.normal(size=(n, d))
y = (X[:, 0] * X[:, 1] + X[:, 2] + 0.5 * rng.normal(size=n) > 0).astype(float)  # noisy labels, (n,)
y_col = y.reshape(-1, 1)                               # the same labels as a column (n, 1)
hidden = 12

W1 = rng.normal(0.0, 0.5, size=(d, hidden))
b1 = np.zeros(hidden)
W2 = rng.normal(0.0, 0.5, size=(hidden, 1))
b2 = np.zeros(1)


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


lr = 0.2
for it in range(400):
    # forward
    z1 = np.dot(X, W1) + b1
    a1 = np.maximum(z1, 0)
    z2 = np.matmul(a1, W2) + b2              # (n, 1)
    p = sigmoid(z2)

    loss = -np.mean(y_col * np.log(p + 1e-12) + (1 - y_col) * np.log(1 - p + 1e-12))

    # backward: BCE through the sigmoid
    dz2 = (p - y_col) / n                    # (n, 1)
    dW2 = np.einsum('ni,nj->ij', dz2, a1)    # same as a1.T @ dz2
    db2 = dz2.sum(axis=0)
    da1 = dz2 @ W2.T
    dz1 = da1 * (z1 > 0)
    dW1 = np.dot(X.T, dz1)
    db1 = np.sum(dz1, axis=0)

    W1 -= lr * dW1
    b1 -= lr * db1
    W2 -= lr * dW2
    b2 -= lr * db2

    if it % 100 == 0:
        print(f"iter {it} loss {loss:.4f}")

pred = (p[:, 0] > 0.5).astype(float)         # back to shape (n,) to compare with y
acc = np.mean(pred == y)

# probability for the first sample on its own
x0 = X[0].reshape(1, -1)
p0 = sigmoid(np.matmul(np.maximum(np.dot(x0, W1) + b1, 0), W2) + b2)[0, 0]
print(f"final loss {loss:.6f} acc {acc:.4f} p0 {p0:.6f}")
