import numpy as np

# regression: learn f(x1, x2) = sin(x1) * cos(x2) with a 2-16-12-1 tanh net
rng = np.random.default_rng(42)
n = 256
X = rng.uniform(-2, 2, size=(n, 2))               # rows are samples
y = (np.sin(X[:, 0]) * np.cos(X[:, 1])).reshape(-1, 1)   # (n, 1)

sizes = [2, 16, 12, 1]
params = []
for fan_in, fan_out in zip(sizes[:-1], sizes[1:]):
    W = rng.normal(0, 1 / np.sqrt(fan_in), size=(fan_in, fan_out))
    b = np.zeros((1, fan_out))
    params.append((W, b))


def forward(params, X):
    (W1, b1), (W2, b2), (W3, b3) = params
    h1 = np.tanh(X @ W1 + b1)
    h2 = np.tanh(h1 @ W2 + b2)
    out = h2 @ W3 + b3
    return h1, h2, out


def backprop(params, X, y):
    (W1, b1), (W2, b2), (W3, b3) = params
    h1, h2, out = forward(params, X)
    d_out = 2 * (out - y) / len(X)                 # d mse / d out
    dW3 = h2.T @ d_out
    db3 = d_out.sum(axis=0, keepdims=True)
    d_h2 = (d_out @ W3.T) * (1 - h2 ** 2)
    dW2 = h1.T @ d_h2
    db2 = d_h2.sum(axis=1)
    d_h1 = (d_h2 @ W2.T) * (1 - h1 ** 2)
    dW1 = X.T @ d_h1
    db1 = d_h1.sum(axis=0, keepdims=True)
    return [(dW1, db1), (dW2, db2), (dW3, db3)]


lr = 0.1
for step in range(2000):
    grads = backprop(params, X, y)
    params = [(W - lr * dW, b - lr * db) for (W, b), (dW, db) in zip(params, grads)]
    if step % 500 == 0:
        mse = np.mean((forward(params, X)[2] - y) ** 2)
        print(f"step {step} mse {mse:.5f}")

mse = np.mean((forward(params, X)[2] - y) ** 2)
total = sum(np.sum(W) + np.sum(b) for W, b in params)
print(f"final mse {mse:.6f} param sum {total:.5f}")
