import numpy as np

np.random.seed(7)

# toy regression data: y = sin(3x) + a little noise
n = 200
x = np.random.uniform(-1.0, 1.0, size=(n, 1))
y = np.sin(3 * x) + 0.05 * np.random.randn(n, 1)

hidden = 20
W1 = np.random.randn(1, hidden) * 0.8
b1 = np.zeros((1, hidden))
W2 = np.random.randn(hidden, hidden) * np.sqrt(1.0 / hidden)
b2 = np.zeros((1, hidden))
W3 = np.random.randn(hidden, 1) * np.sqrt(1.0 / hidden)
b3 = np.zeros((1, 1))

# Adam moment estimates, one pair per parameter
m_W1, v_W1 = np.zeros_like(W1), np.zeros_like(W1)
m_b1, v_b1 = np.zeros_like(b1), np.zeros_like(b1)
m_W2, v_W2 = np.zeros_like(W2), np.zeros_like(W2)
m_b2, v_b2 = np.zeros_like(b2), np.zeros_like(b2)
m_W3, v_W3 = np.zeros_like(W3), np.zeros_like(W3)
m_b3, v_b3 = np.zeros_like(b3), np.zeros_like(b3)
lr, beta1, beta2, eps = 0.01, 0.9, 0.999, 1e-8

for t in range(1, 801):
    # forward
    z1 = x @ W1 + b1
    a1 = np.tanh(z1)
    z2 = a1 @ W2 + b2
    a2 = np.tanh(z2)
    pred = a2 @ W3 + b3
    loss = np.mean((pred - y) ** 2)

    # backward
    d_pred = 2 * (pred - y) / n
    dW3 = a2.T @ d_pred
    db3 = d_pred.sum(axis=0, keepdims=True)
    d_a2 = d_pred @ W3.T
    d_z2 = d_a2 * (1 - a2 ** 2)
    dW2 = a1.T @ d_z2
    db2 = d_z2.sum(axis=0, keepdims=True)
    d_a1 = d_z2 @ W2.T
    d_z1 = d_a1 * (1 - a1 ** 2)
    dW1 = x.T @ d_z1
    db1 = d_z1.sum(axis=0, keepdims=True)

    # Adam: moving averages, then bias-corrected step
    bc1 = 1 - beta1 ** t
    bc2 = 1 - beta2 ** t
    m_W1 = beta1 * m_W1 + (1 - beta1) * dW1
    v_W1 = beta2 * v_W1 + (1 - beta2) * dW1 ** 2
    W1 -= lr * (m_W1 / bc1) / (np.sqrt(v_W1 / bc2) + eps)
    m_b1 = beta1 * m_b1 + (1 - beta1) * db1
    v_b1 = beta2 * v_b1 + (1 - beta2) * db1 ** 2
    b1 -= lr * (m_b1 / bc1) / (np.sqrt(v_b1 / bc2) + eps)
    m_W2 = beta1 * m_W2 + (1 - beta1) * dW2
    v_W2 = beta2 * v_W2 + (1 - beta2) * dW2 ** 2
    W2 -= lr * (m_W2 / bc1) / (np.sqrt(v_W2 / bc2) + eps)
    m_b2 = beta1 * m_b2 + (1 - beta1) * db2
    v_b2 = beta2 * v_b2 + (1 - beta2) * db2 ** 2
    b2 -= lr * (m_b2 / bc1) / (np.sqrt(v_b2 / bc2) + eps)
    m_W3 = beta1 * m_W3 + (1 - beta1) * dW3
    v_W3 = beta2 * v_W3 + (1 - beta2) * dW3 ** 2
    W3 -= lr * (m_W3 / bc1) / (np.sqrt(v_W3 / bc2) + eps)
    m_b3 = beta1 * m_b3 + (1 - beta1) * db3
    v_b3 = beta2 * v_b3 + (1 - beta2) * db3 ** 2
    b3 -= lr * (m_b3 / bc1) / (np.sqrt(v_b3 / bc2) + eps)

    if t % 200 == 0:
        print(f"step {t} mse {loss:.5f}")

pred = np.tanh(np.tanh(x @ W1 + b1) @ W2 + b2) @ W3 + b3
final_mse = np.mean((pred - y) ** 2)
print(f"final mse {final_mse:.6f} w_sum {W1.sum() + W2.sum() + W3.sum():.5f} b_sum {b1.sum() + b2.sum() + b3.sum():.5f}")
