import numpy as np
from sklearn.datasets import load_iris

np.random.seed(3)

iris = load_iris()
X = iris.data.T                       # (4, n) one column per flower
X = (X - X.mean(axis=1, keepdims=True)) / X.std(axis=1, keepdims=True)
labels = iris.target
n = X.shape[1]
T = np.zeros((3, n))                  # one-hot targets, one column per flower
T[labels, np.arange(n)] = 1

n_in, n_hidden, n_out = 4, 8, 3
params = {
    'W1': np.random.randn(n_hidden, n_in) * 0.5,
    'b1': np.zeros((n_hidden, 1)),
    'W2': np.random.randn(n_out, n_hidden) * 0.5,
    'b2': np.zeros((n_out, 1)),
}


def softmax(z):
    e = np.exp(z - z.max(axis=0, keepdims=True))
    return e / e.sum(axis=0, keepdims=True)


def forward(x, params):
    a1 = np.tanh(params['W1'] @ x + params['b1'])
    a2 = softmax(params['W2'] @ a1 + params['b2'])
    return a1, a2


def backward(x, t, a1, a2, params):
    grads = {}
    d2 = a2 - t                                   # (3, 1)
    grads['W2'] = d2 @ a1.T
    grads['b2'] = np.sum(d2, axis=1, keepdims=True)
    d1 = (params['W2'].T @ d2) * (1 - a1 ** 2)    # (8, 1)
    grads['W1'] = d1 @ x.T
    grads['b1'] = np.sum(d1, axis=1, keepdims=True)
    return grads


lr = 0.02
for epoch in range(20):
    order = np.random.permutation(n)
    for i in order:
        x = X[:, i]                 # (4, 1)
        t = T[:, [i]]                 # (3, 1)
        a1, a2 = forward(x, params)
        grads = backward(x, t, a1, a2, params)
        for key in params:
            params[key] -= lr * grads[key]

# evaluate on all flowers at once
_, P = forward(X, params)
loss = -np.mean(np.sum(T * np.log(P), axis=0))
acc = np.mean(P.argmax(axis=0) == labels)
print(f"final loss {loss:.6f} acc {acc:.3f}")
