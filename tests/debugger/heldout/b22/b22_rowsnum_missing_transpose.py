import numpy as np

rng = np.random.default_rng(42)

# synthetic regression data: a linear target plus a little noise
n_samples, n_features, n_hidden = 200, 5, 16
X = rng.normal(size=(n_samples, n_features))
true_w = rng.normal(size=(n_features, 1))
noise = 0.1 * rng.normal(size=(n_samples, 1))
y = X @ true_w + noise

# one hidden ReLU layer, rows = samples
w1 = rng.normal(size=(n_features, n_hidden)) * 0.3
b1 = np.zeros((1, n_hidden))
w2 = rng.normal(size=(n_hidden, 1)) * 0.3
b2 = np.zeros((1, 1))

lr = 0.05
for epoch in range(500):
    # forward pass
    z1 = X @ w1 + b1
    h1 = np.maximum(0, z1)
    y_pred = h1 @ w2 + b2

    # mean squared error
    diff = y_pred - y
    loss = np.mean(diff ** 2)

    # backward pass
    grad_pred = 2 * diff / n_samples
    grad_w2 = h1.T @ grad_pred
    grad_b2 = np.sum(grad_pred, axis=0, keepdims=True)
    grad_h1 = grad_pred @ w2
    grad_z1 = grad_h1 * (z1 > 0)
    grad_w1 = X.T @ grad_z1
    grad_b1 = np.sum(grad_z1, axis=0, keepdims=True)

    # gradient descent step
    w1 -= lr * grad_w1
    b1 -= lr * grad_b1
    w2 -= lr * grad_w2
    b2 -= lr * grad_b2

    if epoch % 100 == 0:
        print(f"epoch {epoch} mse {loss:.4f}")

mae = np.mean(np.abs(y_pred - y))
print(f"final mse {loss:.6f} mae {mae:.6f}")
