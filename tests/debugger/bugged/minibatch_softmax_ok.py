import numpy as np

rng = np.random.default_rng(5)
N, D, H, C = 120, 5, 10, 3
X = rng.normal(size=(N, D))
labels = np.argmax(X[:, :C] + 0.3 * rng.normal(size=(N, C)), axis=1)
Y = np.eye(C)[labels]
W1 = 0.2 * rng.normal(size=(D, H))
b1 = np.zeros(H)
W2 = 0.2 * rng.normal(size=(H, C))
b2 = np.zeros(C)

for epoch in range(30):
    order = rng.permutation(N)
    for start in range(0, N, 40):
        idx = order[start:start + 40]
        xb, yb = X[idx], Y[idx]
        hidden = np.maximum(0, xb @ W1 + b1)
        scores = hidden @ W2 + b2
        scores = scores - scores.max(axis=1, keepdims=True)
        probs = np.exp(scores) / np.exp(scores).sum(axis=1, keepdims=True)
        g_scores = (probs - yb) / len(xb)
        gW2 = hidden.T @ g_scores
        gb2 = g_scores.sum(axis=0)
        g_hidden = g_scores @ W2.T
        g_hidden[hidden <= 0] = 0
        gW1 = xb.T @ g_hidden
        gb1 = g_hidden.sum(axis=0)
        W1 -= 0.5 * gW1
        b1 -= 0.5 * gb1
        W2 -= 0.5 * gW2
        b2 -= 0.5 * gb2

hidden = np.maximum(0, X @ W1 + b1)
print("train accuracy", np.mean(np.argmax(hidden @ W2 + b2, axis=1) == labels))
