import numpy as np

# small regression network written with plain functions
np.random.seed(3)

# generated data: 200 samples, 4 features, 2 targets
n, d, h, k = 200, 4, 12, 2
X = np.random.randn(n, d)
true_W = np.random.randn(d, k)
Y = np.sin(X @ true_W) + 0.1 * np.random.randn(n, k)


def model(X, W1, b1, W2, b2):
    # forward pass: tanh hidden layer, linear output
    H = np.tanh(X @ W1 + b1)
    out = H @ W2 + b2
    return H, out


def grads(X, Y, H, out, W2):
    m = X.shape[0]
    d_out = 2 * (out - Y) / m              # derivative of mean squared error
    dW2 = X.T @ d_out
    db2 = np.sum(d_out, axis=0, keepdims=True)
    dH = d_out @ W2.T
    dZ = dH * (1 - H ** 2)                 # tanh derivative
    dW1 = X.T @ dZ
    db1 = np.sum(dZ, axis=0, keepdims=True)
    return dW1, db1, dW2, db2


# parameters
W1 = np.random.randn(d, h) * 0.5
b1 = np.zeros((1, h))
W2 = np.random.randn(h, k) * 0.5
b2 = np.zeros((1, k))

lr = 0.05
for step in range(500):
    H, out = model(X, W1, b1, W2, b2)
    loss = np.mean((out - Y) ** 2)
    dW1, db1, dW2, db2 = grads(X, Y, H, out, W2)
    W1 -= lr * dW1
    b1 -= lr * db1
    W2 -= lr * dW2
    b2 -= lr * db2
    if step % 100 == 0:
        print(f"step {step} loss {loss:.5f}")

H, out = model(X, W1, b1, W2, b2)
loss = np.mean((out - Y) ** 2)
print(f"final loss {loss:.6f} checksum {W1.sum() + b1.sum() + W2.sum() + b2.sum():.6f}")
