import numpy as np

# Learning y = x1 * x2 with a small tanh network (rows = samples)
np.random.seed(7)

n = 200
X = np.random.uniform(-1, 1, size=(n, 2))
noise = 0.05 * np.random.randn(n)
y = X[:, 0] * X[:, 1] + noise

hidden = 12
W_in = np.random.randn(2, hidden) * 0.5
b_in = np.zeros((1, hidden))
W_out = np.random.randn(hidden, 1) * 0.5
b_out = np.zeros((1, 1))

lr = 0.1
iterations = 800

for it in range(iterations):
    # forward pass
    z_hidden = X @ W_in + b_in
    h = np.tanh(z_hidden)
    y_pred = h @ W_out + b_out

    # mean squared error
    err = y_pred - y
    loss = np.mean(err ** 2)

    # backward pass
    d_out = 2 * err / n
    grad_W_out = h.T @ d_out
    grad_b_out = np.sum(d_out, axis=0, keepdims=True)
    d_hidden = (d_out @ W_out.T) * (1 - h ** 2)
    grad_W_in = X.T @ d_hidden
    grad_b_in = np.sum(d_hidden, axis=0, keepdims=True)

    # gradient descent step
    W_in -= lr * grad_W_in
    b_in -= lr * grad_b_in
    W_out -= lr * grad_W_out
    b_out -= lr * grad_b_out

    if it % 200 == 0:
        print(f"iter {it} loss {loss:.5f}")

# final evaluation
h = np.tanh(X @ W_in + b_in)
y_pred = h @ W_out + b_out
final_loss = np.mean((y_pred - y) ** 2)
print(f"final mse {final_loss:.6f} checksum {W_in.sum() + b_in.sum() + W_out.sum() + b_out.sum():.6f}")
