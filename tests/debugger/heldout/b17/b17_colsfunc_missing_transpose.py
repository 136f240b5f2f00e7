import numpy as np

# Binary classification of two Gaussian blobs.
# Columns convention: X is (features, examples), Y is (1, examples).
np.random.seed(5)
m_half = 100
blob_pos = np.random.randn(2, m_half) * 0.9 + np.array([[1.2], [1.0]])
blob_neg = np.random.randn(2, m_half) * 0.9 + np.array([[-1.0], [-1.3]])
X = np.hstack([blob_pos, blob_neg])                                    # (2, 200)
Y = np.concatenate([np.ones(m_half), np.zeros(m_half)]).reshape(1, -1)  # (1, 200)


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def relu(z):
    return np.maximum(0, z)


def forward(X, W1, b1, W2, b2):
    Z1 = W1 @ X + b1
    A1 = relu(Z1)
    Z2 = W2 @ A1 + b2
    A2 = sigmoid(Z2)
    return Z1, A1, Z2, A2


def backward(X, Y, Z1, A1, A2, W2):
    m = X.shape[1]
    dZ2 = A2 - Y
    dW2 = (1 / m) * dZ2 @ A1.T
    db2 = (1 / m) * np.sum(dZ2, axis=1, keepdims=True)
    dA1 = W2.T @ dZ2
    dZ1 = dA1 * (Z1 > 0)
    dW1 = (1 / m) * dZ1 @ X
    db1 = (1 / m) * np.sum(dZ1, axis=1, keepdims=True)
    return dW1, db1, dW2, db2


n_x, n_h, n_y = 2, 8, 1
W1 = np.random.randn(n_h, n_x) * 0.5
b1 = np.zeros((n_h, 1))
W2 = np.random.randn(n_y, n_h) * 0.5
b2 = np.zeros((n_y, 1))
learning_rate = 0.1

for i in range(300):
    Z1, A1, Z2, A2 = forward(X, W1, b1, W2, b2)
    cost = -np.mean(Y * np.log(A2 + 1e-12) + (1 - Y) * np.log(1 - A2 + 1e-12))
    dW1, db1, dW2, db2 = backward(X, Y, Z1, A1, A2, W2)
    W1 = W1 - learning_rate * dW1
    b1 = b1 - learning_rate * db1
    W2 = W2 - learning_rate * dW2
    b2 = b2 - learning_rate * db2
    if i % 100 == 0:
        print(f"iter {i} cost {cost:.4f}")

Z1, A1, Z2, A2 = forward(X, W1, b1, W2, b2)
cost = -np.mean(Y * np.log(A2 + 1e-12) + (1 - Y) * np.log(1 - A2 + 1e-12))
accuracy = np.mean((A2 > 0.5) == Y)
print(f"final cost {cost:.6f} accuracy {accuracy:.3f}")
