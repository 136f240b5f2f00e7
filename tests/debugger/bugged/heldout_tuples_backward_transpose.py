import numpy as np


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def forward(X, W1, b1, W2, b2):
    z1 = np.dot(W1, X) + b1
    a1 = sigmoid(z1)
    z2 = np.dot(W2, a1) + b2
    a2 = sigmoid(z2)
    return z1, a1, z2, a2


def backward(X, Y, W2, a1, a2):
    m = X.shape[1]
    dz2 = a2 - Y
    dW2 = np.dot(dz2, a1.T) / m
    db2 = np.sum(dz2, axis=1, keepdims=True) / m
    dz1 = np.dot(W2, dz2) * a1 * (1 - a1)
    dW1 = np.dot(dz1, X.T) / m
    db1 = np.sum(dz1, axis=1, keepdims=True) / m
    return dW1, db1, dW2, db2


rng = np.random.default_rng(8)
X = rng.uniform(-2, 2, size=(2, 90))
Y = (np.abs(X[0:1]) + np.abs(X[1:2]) < 2).astype(float)
W1 = rng.normal(size=(5, 2)) * 0.5
b1 = np.zeros((5, 1))
W2 = rng.normal(size=(1, 5)) * 0.5
b2 = np.zeros((1, 1))
for it in range(400):
    z1, a1, z2, a2 = forward(X, W1, b1, W2, b2)
    dW1, db1, dW2, db2 = backward(X, Y, W2, a1, a2)
    W1 = W1 - 1.0 * dW1
    b1 = b1 - 1.0 * db1
    W2 = W2 - 1.0 * dW2
    b2 = b2 - 1.0 * db2
print("accuracy", round(float(np.mean((a2 > 0.5) == Y)), 4), "loss", round(float(np.mean((a2 - Y) ** 2)), 6))
