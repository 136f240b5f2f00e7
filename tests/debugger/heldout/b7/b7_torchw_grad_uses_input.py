import numpy as np

rng = np.random.default_rng(42)

# synthetic regression task: y = sin(x0) + 0.5 * x1 * x2 + a little noise
n_samples = 256
x = rng.uniform(-2, 2, size=(n_samples, 3))
y = np.sin(x[:, 0]) + 0.5 * x[:, 1] * x[:, 2] + 0.05 * rng.standard_normal(n_samples)
y = y.reshape(-1, 1)          # one target per row

# weights stored as (out_features, in_features), like torch.nn.Linear
n_in, n_hidden, n_out = 3, 32, 1
W1 = rng.standard_normal((n_hidden, n_in)) * np.sqrt(1.0 / n_in)
b1 = np.zeros(n_hidden)
W2 = rng.standard_normal((n_out, n_hidden)) * np.sqrt(1.0 / n_hidden)
b2 = np.zeros(n_out)

lr = 0.05
for step in range(600):
    # forward: x @ W.T + b, exactly what nn.Linear computes
    h = x @ W1.T + b1            # (n, hidden)
    a = np.tanh(h)
    y_hat = a @ W2.T + b2        # (n, 1)

    loss = np.mean((y_hat - y) ** 2)

    # backward pass
    g_out = 2.0 * (y_hat - y) / n_samples     # dL/dy_hat, (n, 1)
    gW2 = g_out.T @ x                         # (1, hidden), same shape as W2
    gb2 = g_out.sum(axis=0)
    g_a = g_out @ W2                          # (n, hidden)
    g_h = g_a * (1.0 - a ** 2)                # derivative of tanh
    gW1 = g_h.T @ x                           # (hidden, 3)
    gb1 = g_h.sum(axis=0)

    # plain SGD update
    W1 -= lr * gW1
    b1 -= lr * gb1
    W2 -= lr * gW2
    b2 -= lr * gb2

    if step % 200 == 0:
        print(f"step {step} mse {loss:.4f}")

# R^2 on the training data
r2 = 1.0 - np.sum((y_hat - y) ** 2) / np.sum((y - y.mean()) ** 2)
print(f"final mse {loss:.6f} r2 {r2:.4f} out_bias {b2[0]:.6f}")
