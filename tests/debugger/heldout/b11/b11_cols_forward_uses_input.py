import numpy as np

np.random.seed(42)

# XOR-like data: columns are samples, X is (2, 200), Y is (1, 200)
m = 200
X = np.random.uniform(-1, 1, size=(2, m))
Y = ((X[0, :] * X[1, :]) > 0).astype(float).reshape(1, m)


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


# 2-4-1 network
W1 = np.random.randn(4, 2)
b1 = np.zeros((4, 1))
W2 = np.random.randn(1, 4)
b2 = np.zeros((1, 1))
lr = 5.0

for epoch in range(150):
    dW1_sum = np.zeros_like(W1)
    db1_sum = np.zeros_like(b1)
    dW2_sum = np.zeros_like(W2)
    db2_sum = np.zeros_like(b2)
    cost = 0.0
    for i in range(m):
        x = X[:, [i]]          # (2, 1) column vector
        t = Y[:, [i]]          # (1, 1)
        # forward
        z1 = W1 @ x + b1
        a1 = sigmoid(z1)
        z2 = W2 @ x + b2
        a2 = sigmoid(z2)
        cost += 0.5 * np.sum((a2 - t) ** 2)
        # backward
        delta2 = (a2 - t) * a2 * (1 - a2)
        delta1 = (W2.T @ delta2) * a1 * (1 - a1)
        dW2_sum += delta2 @ a1.T
        db2_sum += delta2
        dW1_sum += delta1 @ x.T
        db1_sum += delta1
    # gradient step with averaged gradients
    W1 -= lr * dW1_sum / m
    b1 -= lr * db1_sum / m
    W2 -= lr * dW2_sum / m
    b2 -= lr * db2_sum / m
    if epoch % 50 == 0:
        print(f"epoch {epoch} cost {cost / m:.4f}")

A2 = sigmoid(W2 @ sigmoid(W1 @ X + b1) + b2)
acc = np.mean((A2 > 0.5) == Y)
print(f"final cost {cost / m:.6f} acc {acc:.3f} b2 {b2[0, 0]:.6f}")
