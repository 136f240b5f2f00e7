import numpy as np
from sklearn.datasets import load_digits

np.random.seed(0)

# data: the first 500 digits, pixels scaled to [0, 1], one sample per row
digits = load_digits()
X = digits.data[:500] / 16.0
y = digits.target[:500]
Y = np.eye(10)[y]  # one-hot labels, shape (500, 10)

n_in, n_hidden, n_out = 64, 32, 10
params = {
    'W1': np.random.randn(n_in, n_hidden) * 0.1,
    'b1': np.zeros((1, n_hidden)),
    'W2': np.random.randn(n_hidden, n_out) * 0.1,
    'b2': np.zeros((1, n_out)),
}


def softmax(Z):
    Z = Z - Z.max(axis=1, keepdims=True)
    E = np.exp(Z)
    return E / E.sum(axis=1, keepdims=True)


def forward(X, params):
    Z1 = X @ params['W1'] + params['b1']
    A1 = np.tanh(Z1)
    Z2 = A1 @ params['W2'] + params['b2']
    A2 = softmax(Z2)
    cache = {'Z1': Z1, 'A1': A1, 'Z2': Z2, 'A2': A2}
    return cache


def backward(X, Y, params, cache):
    m = X.shape[0]
    dZ2 = (cache['A2'] - Y) / m  # softmax + cross-entropy
    dW2 = dZ2.T @ cache['A1']
    db2 = np.sum(dZ2, axis=0, keepdims=True)
    dA1 = dZ2 @ params['W2'].T
    dZ1 = dA1 * (1 - cache['A1'] ** 2)  # tanh derivative
    dW1 = X.T @ dZ1
    db1 = np.sum(dZ1, axis=0, keepdims=True)
    grads = {'dW1': dW1, 'db1': db1, 'dW2': dW2, 'db2': db2}
    return grads


lr = 0.5
for epoch in range(200):
    cache = forward(X, params)
    grads = backward(X, Y, params, cache)
    for k in params:
        params[k] -= lr * grads['d' + k]
    if epoch % 100 == 0:
        loss = -np.mean(np.sum(Y * np.log(cache['A2'] + 1e-12), axis=1))
        print(f"epoch {epoch}: loss {loss:.4f}")

cache = forward(X, params)
loss = -np.mean(np.sum(Y * np.log(cache['A2'] + 1e-12), axis=1))
acc = np.mean(np.argmax(cache['A2'], axis=1) == y)
print(f"final loss {loss:.6f} acc {acc:.3f}")
