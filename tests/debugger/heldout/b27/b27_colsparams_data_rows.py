# Planar data classifier (make_moons), Andrew-Ng style: columns are examples
# X is (n_x, m), Y is (1, m), parameters live in a dict
import numpy as np
from sklearn.datasets import make_moons

np.random.seed(1)


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def initialize_parameters(n_x, n_h, n_y):
    params = {}
    params['W1'] = np.random.randn(n_h, n_x) * 0.5
    params['b1'] = np.zeros((n_h, 1))
    params['W2'] = np.random.randn(n_y, n_h) * 0.5
    params['b2'] = np.zeros((n_y, 1))
    return params


def forward(params, X):
    Z1 = np.dot(params['W1'], X) + params['b1']
    A1 = np.tanh(Z1)
    Z2 = np.dot(params['W2'], A1) + params['b2']
    A2 = sigmoid(Z2)
    cache = {'X': X, 'Z1': Z1, 'A1': A1, 'A2': A2}
    return A2, cache


def compute_cost(A2, Y):
    m = Y.shape[1]
    logprobs = Y * np.log(A2) + (1 - Y) * np.log(1 - A2)
    return -np.sum(logprobs) / m


def backward(params, cache, Y):
    m = Y.shape[1]
    X, A1, A2 = cache['X'], cache['A1'], cache['A2']
    dZ2 = A2 - Y
    dW2 = np.dot(dZ2, A1.T) / m
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m
    dZ1 = np.dot(params['W2'].T, dZ2) * (1 - np.power(A1, 2))
    dW1 = np.dot(dZ1, X.T) / m
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m
    return {'dW1': dW1, 'db1': db1, 'dW2': dW2, 'db2': db2}


def update_parameters(params, grads, learning_rate):
    for key in ['W1', 'b1', 'W2', 'b2']:
        params[key] = params[key] - learning_rate * grads['d' + key]
    return params


X, y = make_moons(n_samples=200, noise=0.2, random_state=3)
X = X.T                          # (2, 200): one column per example
Y = y.reshape(-1, 1)             # labels as a column

params = initialize_parameters(X.shape[0], 6, 1)
for i in range(1000):
    A2, cache = forward(params, X)
    cost = compute_cost(A2, Y)
    grads = backward(params, cache, Y)
    params = update_parameters(params, grads, 0.5)
    if i % 250 == 0:
        print(f"iteration {i}: cost {cost:.4f}")

predictions = (A2 > 0.5).astype(int)
accuracy = np.mean(predictions == Y)
total = sum(params[k].sum() for k in params)
print(f"final cost {cost:.6f} acc {accuracy:.3f} params {total:.6f}")
