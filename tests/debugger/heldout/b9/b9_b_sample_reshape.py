import numpy as np
from sklearn.datasets import load_iris

# per-sample SGD, columns convention: X is (features, samples)
np.random.seed(3)
iris = load_iris()
X = iris.data.T            # (4, 150)
X = (X - X.mean(axis=1, keepdims=True)) / X.std(axis=1, keepdims=True)
labels = iris.target
n_in, m = X.shape
n_h, n_out = 6, 3
Y = np.zeros((n_out, m))
Y[labels, np.arange(m)] = 1.0   # one-hot, one column per sample

W1 = np.random.randn(n_h, n_in) * 0.3
b1 = np.zeros(n_h)
W2 = np.random.randn(n_out, n_h) * 0.3
b2 = np.zeros(n_out)


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def softmax(z):
    e = np.exp(z - np.max(z))
    return e / np.sum(e)


lr = 0.05
for epoch in range(15):
    order = np.random.permutation(m)
    for i in order:
        x = X[:, i].reshape(-1, 1)
        t = Y[:, i]
        # forward
        h = sigmoid(W1 @ x + b1)
        p = softmax(W2 @ h + b2)
        # backward
        delta2 = p - t
        dW2 = np.outer(delta2, h)
        db2 = delta2
        delta1 = (W2.T @ delta2) * h * (1 - h)
        dW1 = np.outer(delta1, x)
        db1 = delta1
        # update
        W2 -= lr * dW2
        b2 -= lr * db2
        W1 -= lr * dW1
        b1 -= lr * db1

H = sigmoid(W1 @ X + b1[:, None])
Z = W2 @ H + b2[:, None]
P = np.exp(Z - Z.max(axis=0)) / np.sum(np.exp(Z - Z.max(axis=0)), axis=0)
loss = -np.mean(np.sum(Y * np.log(P + 1e-12), axis=0))
acc = np.mean(np.argmax(P, axis=0) == labels)
print(f"final loss {loss:.6f} acc {acc:.3f} w {W1.sum() + W2.sum() + b1.sum() + b2.sum():.6f}")
