import numpy as np
from sklearn.datasets import make_moons

np.random.seed(42)


def init_params(sizes):
    n_in, n_hidden, n_out = sizes
    params = {
        'W1': np.random.randn(n_in, n_hidden) * 0.5,
        'b1': np.zeros((1, n_hidden)),
        'W2': np.random.randn(n_hidden, n_out) * 0.5,
        'b2': np.zeros((1, n_out)),
    }
    return params


def softmax(z):
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def forward(params, X):
    z1 = X @ params['W1'] + params['b1']
    h1 = np.tanh(z1)
    z2 = h1 @ params['W2'] + params['b2']
    out = softmax(z2)
    cache = (X, z1, h1, z2)
    return out, cache


def backward(params, cache, y_onehot):
    X, z1, h1, z2 = cache
    m = X.shape[0]
    probs = softmax(z2)
    dz2 = (probs - y_onehot) / m
    grads = {}
    grads['W2'] = h1.T @ dz2
    grads['b2'] = np.sum(dz2, axis=0, keepdims=True)
    dh1 = dz2 @ params['W2']
    dz1 = dh1 * (1 - h1 ** 2)
    grads['W1'] = X.T @ dz1
    grads['b1'] = np.sum(dz1, axis=0, keepdims=True)
    return grads


def sgd_step(params, grads, lr):
    for k in params:
        params[k] -= lr * grads[k]


X, y = make_moons(n_samples=300, noise=0.2, random_state=1)
y_onehot = np.eye(2)[y]

params = init_params([2, 16, 2])
lr = 1.0
for it in range(1000):
    out, cache = forward(params, X)
    loss = -np.mean(np.log(out[np.arange(len(y)), y] + 1e-12))
    grads = backward(params, cache, y_onehot)
    sgd_step(params, grads, lr)
    if it % 500 == 0:
        print(f"iter {it}: loss {loss:.4f}")

out, _ = forward(params, X)
loss = -np.mean(np.log(out[np.arange(len(y)), y] + 1e-12))
acc = np.mean(np.argmax(out, axis=1) == y)
print(f"final loss {loss:.6f} acc {acc:.3f}")
