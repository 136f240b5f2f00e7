import numpy as np

# one hidden ReLU layer, columns convention: X is (features, samples)
np.random.seed(11)
d, n, h = 2, 150, 12
X = np.random.randn(d, n)
Y = (X[0:1, :] ** 2 - 0.7 * X[1:2, :] + 0.1 * np.random.randn(1, n))   # (1, n)

params = {
    "W1": np.random.randn(h, d) * np.sqrt(2.0 / d),
    "b1": np.zeros((h, 1)),
    "W2": np.random.randn(1, h) * np.sqrt(1.0 / h),
    "b2": np.zeros((1, 1)),
}
v = {k: np.zeros_like(p) for k, p in params.items()}
lr = 0.01
beta = 0.9

for step in range(600):
    # forward
    Z1 = params["W1"] @ X + params["b1"]
    A1 = np.maximum(0, Z1)
    out = params["W2"] @ A1 + params["b2"]
    loss = np.mean((out - Y) ** 2)

    # backward
    dout = 2 * (out - Y) / n
    grads = {}
    grads["W2"] = dout @ A1.T
    grads["b2"] = np.sum(dout, axis=1, keepdims=True)
    dA1 = params["W2"].T @ dout
    dZ1 = dA1 * (Z1 > 0)
    grads["W1"] = dZ1 @ X.T
    grads["b1"] = np.sum(dZ1, axis=1, keepdims=True)

    # momentum update
    for k in params:
        v[k] = beta * v[k] - lr * grads[k]
        params[k] += v[k]

    if step % 200 == 0:
        print(f"step {step} loss {loss:.5f}")

out = params["W2"] @ np.maximum(0, params["W1"] @ X + params["b1"]) + params["b2"]
loss = np.mean((out - Y) ** 2)
print(f"final loss {loss:.6f} out0 {out[0, 0]:.5f}")
