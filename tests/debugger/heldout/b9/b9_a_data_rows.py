import numpy as np
from sklearn.datasets import make_moons

# two-layer net on the moons data, parameters kept in a tuple
np.random.seed(0)
X, y = make_moons(n_samples=200, noise=0.2, random_state=1)
y = y.reshape(1, -1)  # column of labels (n, 1)
n, d = X.shape
hidden = 8

W1 = np.random.randn(d, hidden) * 0.5
b1 = np.zeros((1, hidden))
W2 = np.random.randn(hidden, 1) * 0.5
b2 = np.zeros((1, 1))
params = (W1, b1, W2, b2)


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def forward(params, X):
    W1, b1, W2, b2 = params
    z1 = X @ W1 + b1
    a1 = np.tanh(z1)
    z2 = a1 @ W2 + b2
    a2 = sigmoid(z2)
    return (z1, a1, z2, a2)


def backward(params, cache, X, y):
    W1, b1, W2, b2 = params
    z1, a1, z2, a2 = cache
    m = X.shape[0]
    dz2 = (a2 - y) / m
    dW2 = a1.T @ dz2
    db2 = np.sum(dz2, axis=0, keepdims=True)
    da1 = dz2 @ W2.T
    dz1 = da1 * (1 - a1 ** 2)
    dW1 = X.T @ dz1
    db1 = np.sum(dz1, axis=0, keepdims=True)
    return (dW1, db1, dW2, db2)


def loss_fn(a2, y):
    eps = 1e-9
    return -np.mean(y * np.log(a2 + eps) + (1 - y) * np.log(1 - a2 + eps))


lr = 0.5
for epoch in range(300):
    cache = forward(params, X)
    grads = backward(params, cache, X, y)
    params = tuple(p - lr * g for p, g in zip(params, grads))

_, _, _, a2 = forward(params, X)
loss = loss_fn(a2, y)
acc = np.mean((a2 > 0.5) == y)
checksum = sum(float(np.sum(p)) for p in params)
print(f"final loss {loss:.6f} acc {acc:.3f} psum {checksum:.6f}")
