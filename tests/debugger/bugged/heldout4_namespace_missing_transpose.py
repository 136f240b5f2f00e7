import numpy as np
from types import SimpleNamespace

rng = np.random.default_rng(5)
X = rng.normal(size=(80, 5))
w_true = rng.normal(size=(5, 1))
y = (X.dot(w_true) > 0).astype(float)
net = SimpleNamespace(W1=rng.normal(scale=0.3, size=(5, 6)), b1=np.zeros((1, 6)),
                      W2=rng.normal(scale=0.3, size=(6, 1)), b2=np.zeros((1, 1)))
for it in range(250):
    z1 = X.dot(net.W1) + net.b1
    a1 = 1 / (1 + np.exp(-z1))
    z2 = a1.dot(net.W2) + net.b2
    p = 1 / (1 + np.exp(-z2))
    dz2 = (p - y) / len(X)
    dW2 = a1.T.dot(dz2)
    db2 = dz2.sum(axis=0, keepdims=True)
    dz1 = dz2.dot(net.W2.T) * a1 * (1 - a1)
    dW1 = X.dot(dz1)
    db1 = dz1.sum(axis=0, keepdims=True)
    net.W1 -= 0.8 * dW1
    net.b1 -= 0.8 * db1
    net.W2 -= 0.8 * dW2
    net.b2 -= 0.8 * db2
acc = float(np.mean((p > 0.5) == (y > 0.5)))
print("accuracy", round(acc, 4))
