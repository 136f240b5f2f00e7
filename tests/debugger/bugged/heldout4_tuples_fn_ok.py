import numpy as np


def init(rng, n_in, n_hid, n_out):
    W1 = rng.normal(scale=0.4, size=(n_in, n_hid))
    b1 = np.zeros(n_hid)
    W2 = rng.normal(scale=0.4, size=(n_hid, n_out))
    b2 = np.zeros(n_out)
    return W1, b1, W2, b2


def forward(params, X):
    W1, b1, W2, b2 = params
    h = np.maximum(0, X @ W1 + b1)
    logits = h @ W2 + b2
    e = np.exp(logits - logits.max(axis=1, keepdims=True))
    return h, e / e.sum(axis=1, keepdims=True)


def backward(params, X, h, probs, Y):
    W1, b1, W2, b2 = params
    d_logits = (probs - Y) / len(X)
    dW2 = h.T @ d_logits
    db2 = d_logits.sum(axis=0)
    dh = d_logits @ W2.T
    dh[h <= 0] = 0
    dW1 = X.T @ dh
    db1 = dh.sum(axis=0)
    return dW1, db1, dW2, db2


def step(params, grads, lr):
    return tuple(p - lr * g for p, g in zip(params, grads))


rng = np.random.default_rng(3)
X = rng.normal(size=(90, 4))
labels = (X[:, 0] + X[:, 2] > 0).astype(int) + (X[:, 1] > 1).astype(int)
Y = np.eye(3)[labels]
params = init(rng, 4, 10, 3)
for it in range(200):
    h, probs = forward(params, X)
    grads = backward(params, X, h, probs, Y)
    params = step(params, grads, 0.5)
acc = float(np.mean(probs.argmax(axis=1) == labels))
print("accuracy", round(acc, 4))
