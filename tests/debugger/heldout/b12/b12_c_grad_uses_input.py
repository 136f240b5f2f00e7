import numpy as np
from sklearn.datasets import load_digits

# softmax classifier on digits, 64 -> 32 (tanh) -> 10, mini-batches
np.random.seed(0)
digits = load_digits()
X = digits.data[:600]
labels = digits.target[:600]
X = (X - X.mean(axis=0)) / (X.std(axis=0) + 1e-8)
n, d = X.shape
Y = np.zeros((n, 10))
Y[np.arange(n), labels] = 1          # one-hot, one row per sample

W = {1: np.random.randn(d, 32) * 0.1, 2: np.random.randn(32, 10) * 0.1}
b = {1: np.zeros((1, 32)), 2: np.zeros((1, 10))}


def softmax(z):
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


lr = 0.1
batch_size = 50
for epoch in range(15):
    order = np.random.permutation(n)
    for start in range(0, n, batch_size):
        idx = order[start:start + batch_size]
        xb, yb = X[idx], Y[idx]
        # forward
        h = np.tanh(xb @ W[1] + b[1])
        probs = softmax(h @ W[2] + b[2])
        # backward (cross-entropy)
        dW, db = {}, {}
        dz2 = (probs - yb) / len(idx)
        dW[2] = xb.T @ dz2
        db[2] = dz2.sum(axis=0, keepdims=True)
        dz1 = (dz2 @ W[2].T) * (1 - h ** 2)
        dW[1] = xb.T @ dz1
        db[1] = dz1.sum(axis=0, keepdims=True)
        for k in (1, 2):
            W[k] -= lr * dW[k]
            b[k] -= lr * db[k]

h = np.tanh(X @ W[1] + b[1])
probs = softmax(h @ W[2] + b[2])
loss = -np.mean(np.log(probs[np.arange(n), labels] + 1e-12))
acc = np.mean(probs.argmax(axis=1) == labels)
total = sum(np.abs(W[k]).sum() + np.abs(b[k]).sum() for k in W)
print(f"final loss {loss:.6f} acc {acc:.3f} total {total:.6f}")
