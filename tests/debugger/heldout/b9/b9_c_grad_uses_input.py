import numpy as np
from sklearn.datasets import make_moons

# course-style helpers, columns convention: X (n_x, m), Y (1, m)
np.random.seed(1)
X_raw, y_raw = make_moons(n_samples=300, noise=0.25, random_state=2)
X = X_raw.T
Y = y_raw.reshape(1, -1)
n_x, m = X.shape
n_h = 5


def sigmoid(Z):
    return 1 / (1 + np.exp(-Z)), Z


def relu(Z):
    return np.maximum(0, Z), Z


def linear_forward(A, W, b):
    Z = np.dot(W, A) + b
    cache = (A, W, b)
    return Z, cache


def linear_backward(dZ, cache):
    A_prev, W, b = cache
    m = A_prev.shape[1]
    dW = np.dot(dZ, A_prev.T) / m
    db = np.sum(dZ, axis=1, keepdims=True) / m
    dA_prev = np.dot(W.T, dZ)
    return dA_prev, dW, db


def sigmoid_backward(dA, cache):
    Z = cache
    s = 1 / (1 + np.exp(-Z))
    return dA * s * (1 - s)


def relu_backward(dA, cache):
    Z = cache
    dZ = np.array(dA, copy=True)
    dZ[Z <= 0] = 0
    return dZ


W1 = np.random.randn(n_h, n_x) * 0.5
b1 = np.zeros((n_h, 1))
W2 = np.random.randn(1, n_h) * 0.5
b2 = np.zeros((1, 1))
learning_rate = 0.3

for i in range(400):
    Z1, lin_cache1 = linear_forward(X, W1, b1)
    A1, act_cache1 = relu(Z1)
    Z2, lin_cache2 = linear_forward(A1, W2, b2)
    A2, act_cache2 = sigmoid(Z2)
    cost = -np.mean(Y * np.log(A2 + 1e-9) + (1 - Y) * np.log(1 - A2 + 1e-9))

    dA2 = -(np.divide(Y, A2 + 1e-9) - np.divide(1 - Y, 1 - A2 + 1e-9))
    dZ2 = sigmoid_backward(dA2, act_cache2)
    dA1, dW2, db2 = linear_backward(dZ2, lin_cache2)
    dZ1 = relu_backward(dA1, act_cache1)
    dA0, dW1, db1 = linear_backward(dZ2, lin_cache1)

    W1 = W1 - learning_rate * dW1
    b1 = b1 - learning_rate * db1
    W2 = W2 - learning_rate * dW2
    b2 = b2 - learning_rate * db2

accuracy = np.mean((A2 > 0.5) == Y)
print(f"cost {cost:.6f} accuracy {accuracy:.3f} W {np.sum(W1) + np.sum(W2) + np.sum(b1) + np.sum(b2):.6f}")
