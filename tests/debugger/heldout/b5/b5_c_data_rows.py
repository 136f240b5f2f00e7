import numpy as np

# Fit y = sin(x) with one hidden tanh layer and mean squared error
np.random.seed(3)
n = 100
x = np.linspace(-3, 3, n).reshape(1, -1)        # (n, 1), one sample per row
y = np.sin(x) + 0.1 * np.random.randn(n, 1)

n_hidden = 20
W1 = np.random.randn(1, n_hidden) * 0.5
b1 = np.zeros((1, n_hidden))
W2 = np.random.randn(n_hidden, 1) * 0.5
b2 = np.zeros((1, 1))
lr = 0.05

for epoch in range(2000):
    # forward pass
    z1 = x @ W1 + b1
    a1 = np.tanh(z1)
    y_hat = a1 @ W2 + b2
    loss = np.mean((y_hat - y) ** 2)

    # backward pass
    d_yhat = 2 * (y_hat - y) / n
    dW2 = a1.T @ d_yhat
    db2 = np.sum(d_yhat, axis=0, keepdims=True)
    da1 = d_yhat @ W2.T
    dz1 = da1 * (1 - a1 ** 2)
    dW1 = x.T @ dz1
    db1 = np.sum(dz1, axis=0, keepdims=True)

    # gradient descent step
    W1 -= lr * dW1
    b1 -= lr * db1
    W2 -= lr * dW2
    b2 -= lr * db2

    if epoch % 500 == 0:
        print(f"epoch {epoch} loss {loss:.5f}")

y_hat = np.tanh(x @ W1 + b1) @ W2 + b2
loss = np.mean((y_hat - y) ** 2)
print(f"final mse {loss:.6f} pred0 {y_hat[50, 0]:.5f}")
