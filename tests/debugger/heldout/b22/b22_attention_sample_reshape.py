import numpy as np
from sklearn.datasets import make_moons

np.random.seed(3)

# two moons, one sample per row
X, y = make_moons(n_samples=200, noise=0.2, random_state=0)
y = y.reshape(-1, 1)  # (200, 1)

n_hidden = 8
W1 = np.random.randn(2, n_hidden) * 0.5
b1 = np.zeros((1, n_hidden))
W2 = np.random.randn(n_hidden, 1) * 0.5
b2 = np.zeros((1, 1))


def softmax(z):
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def forward(X):
    h = np.tanh(X @ W1 + b1)  # hidden layer
    g = softmax(h)            # attention gate over the hidden units
    m = g * h                 # gated hidden features
    p = sigmoid(m @ W2 + b2)
    return h, g, m, p


lr = 2.0
for step in range(1200):
    h, g, m, p = forward(X)
    loss = -np.mean(y * np.log(p + 1e-9) + (1 - y) * np.log(1 - p + 1e-9))

    # backward: sigmoid + BCE gives (p - y)
    d_out = (p - y) / len(X)
    dW2 = m.T @ d_out
    db2 = np.sum(d_out, axis=0, keepdims=True)
    dm = d_out @ W2.T
    # m = g * h, and g = softmax(h) depends on h too
    dg = dm * h
    dh = dm * g + g * (dg - np.sum(dg * g, axis=1, keepdims=True))
    dz = dh * (1 - h ** 2)
    dW1 = X.T @ dz
    db1 = np.sum(dz, axis=0, keepdims=True)

    W1 -= lr * dW1
    b1 -= lr * db1
    W2 -= lr * dW2
    b2 -= lr * db2

    if step % 400 == 0:
        print(f"step {step} loss {loss:.4f}")

# predict a single new point
x_new = np.array([0.5, -0.25]).reshape(2, 1)
p_new = forward(x_new)[3]
acc = np.mean((p > 0.5) == y)
print(f"final loss {loss:.6f} acc {acc:.3f} p_new {p_new[0, 0]:.4f}")
