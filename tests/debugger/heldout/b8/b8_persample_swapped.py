import numpy as np
from sklearn.datasets import load_iris

# 4-8-3 softmax network on iris, trained one sample at a time
np.random.seed(7)
iris = load_iris()
X = iris.data
X = (X - X.mean(axis=0)) / X.std(axis=0)
T = np.eye(3)[iris.target]      # one-hot targets, one row per flower
n = X.shape[0]

net = {
    "W1": np.random.randn(4, 8) * 0.3,
    "b1": np.zeros((1, 8)),
    "W2": np.random.randn(8, 3) * 0.3,
    "b2": np.zeros((1, 3)),
}
lr = 0.02


def softmax(z):
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


for epoch in range(30):
    order = np.random.permutation(n)
    total = 0.0
    for i in order:
        x = X[i:i+1]            # (1, 4)
        t = T[i:i+1]            # (1, 3)
        a1 = np.tanh(net["W1"] @ x + net["b1"])
        y = softmax(a1 @ net["W2"] + net["b2"])
        total += -np.sum(t * np.log(y + 1e-12))

        d2 = y - t
        dW2 = a1.T @ d2
        db2 = d2
        d1 = (d2 @ net["W2"].T) * (1 - a1 ** 2)
        dW1 = x.T @ d1
        db1 = d1

        net["W2"] -= lr * dW2
        net["b2"] -= lr * db2
        net["W1"] -= lr * dW1
        net["b1"] -= lr * db1
    if epoch % 10 == 0:
        print(f"epoch {epoch} loss {total / n:.4f}")

A1 = np.tanh(X @ net["W1"] + net["b1"])
P = softmax(A1 @ net["W2"] + net["b2"])
acc = np.mean(P.argmax(axis=1) == iris.target)
print(f"final loss {total / n:.6f} acc {acc:.3f} p0 {P[0, 0]:.5f}")
