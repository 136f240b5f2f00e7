# Iris classifier, trained one sample at a time (stochastic gradient descent).
# Every vector is a COLUMN: x is (4, 1), t is (3, 1).
import numpy as np
from sklearn.datasets import load_iris

np.random.seed(0)

iris = load_iris()
X = iris.data                               # (150, 4), one row per flower
X = (X - X.mean(axis=0)) / X.std(axis=0)    # standardise each feature
y = iris.target                             # (150,) labels 0, 1, 2
N = X.shape[0]
T = np.eye(3)[y].T                          # (3, 150) one-hot, one column per sample

n_in, n_hidden, n_out = 4, 6, 3
V = np.random.randn(n_hidden, n_in) * 0.5    # input -> hidden weights
bv = np.zeros((n_hidden, 1))
W = np.random.randn(n_out, n_hidden) * 0.5   # hidden -> output weights
bw = np.zeros((n_out, 1))
lr = 0.05


def sigmoid(a):
    return 1.0 / (1.0 + np.exp(-a))


def softmax(a):
    e = np.exp(a - np.max(a))
    return e / np.sum(e)


for epoch in range(8):
    order = np.random.permutation(N)
    total = 0.0
    for n in order:
        x = X[n].reshape(1, 4)              # one sample as a column
        t = T[:, n:n+1]                     # its one-hot target, (3, 1)

        # forward pass
        a = V @ x + bv
        h = sigmoid(a)
        z = W @ h + bw
        p = softmax(z)
        total += -np.sum(t * np.log(p + 1e-12))

        # backward pass
        dz = p - t                          # (3, 1)
        dW = dz @ h.T                       # (3, 6)
        dbw = dz
        dh = W.T @ dz                       # (6, 1)
        da = dh * h * (1 - h)
        dV = da @ x.T                       # (6, 4)
        dbv = da

        # update
        W -= lr * dW
        bw -= lr * dbw
        V -= lr * dV
        bv -= lr * dbv
    print(f"epoch {epoch}: loss {total / N:.4f}")

# accuracy on the whole set
H = sigmoid(V @ X.T + bv)
P = W @ H + bw
acc = np.mean(np.argmax(P, axis=0) == y)
print(f"final loss {total / N:.6f} acc {acc:.3f} check {V.sum() + bv.sum() + W.sum() + bw.sum():.6f}")
