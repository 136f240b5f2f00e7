import numpy as np
from sklearn.datasets import make_moons

# Two moons with a small 2-layer network, trained with mini-batch SGD
np.random.seed(0)
X, y = make_moons(n_samples=200, noise=0.2, random_state=0)
y = y.reshape(-1, 1)  # labels as a column, one row per sample

n_in, n_hidden, n_out = 2, 10, 1


def init_params():
    params = {}
    params['W1'] = np.random.randn(n_in, n_hidden) * 0.5
    params['b1'] = np.zeros((1, n_hidden))
    params['W2'] = np.random.randn(n_hidden, n_out) * 0.5
    params['b2'] = np.zeros((1, n_out))
    return params


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def forward(X, params):
    Z1 = X @ params['W1'] + params['b1']
    A1 = np.tanh(Z1)
    Z2 = A1 @ params['W2'] + params['b2']
    A2 = sigmoid(Z2)
    cache = {'X': X, 'Z1': Z1, 'A1': A1, 'Z2': Z2, 'A2': A2}
    return cache


def backward(cache, params, y):
    m = y.shape[0]
    grads = {}
    # sigmoid + binary cross-entropy gives a simple output delta
    dZ2 = (cache['A2'] - y) / m
    grads['W2'] = cache['A1'].T @ dZ2
    grads['b2'] = np.sum(dZ2, axis=0, keepdims=True)
    dA1 = dZ2 @ params['W2'].T
    dZ1 = dA1 * (1 - cache['A1'] ** 2)  # tanh derivative
    grads['W1'] = cache['X'].T @ dZ1
    grads['b1'] = np.sum(dZ1, axis=1, keepdims=True)
    return grads


params = init_params()
learning_rate = 0.5
batch_size = 32

for epoch in range(100):
    order = np.random.permutation(X.shape[0])
    for start in range(0, X.shape[0], batch_size):
        idx = order[start:start + batch_size]
        cache = forward(X[idx], params)
        grads = backward(cache, params, y[idx])
        for key in params:
            params[key] -= learning_rate * grads[key]

cache = forward(X, params)
probs = cache['A2']
loss = -np.mean(y * np.log(probs) + (1 - y) * np.log(1 - probs))
acc = np.mean((probs > 0.5) == y)
print(f"final loss {loss:.6f} acc {acc:.3f}")
