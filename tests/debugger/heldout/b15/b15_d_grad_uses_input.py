import numpy as np
from sklearn.datasets import load_iris

# iris, 4-6-3 net, trained one sample at a time (plain SGD)
np.random.seed(7)
iris = load_iris()
X = iris.data
X = (X - X.mean(axis=0)) / X.std(axis=0)
y = iris.target                       # integer labels 0, 1, 2

Wxh = np.random.randn(4, 6) * 0.3     # input -> hidden
bh = np.zeros((1, 6))
Why = np.random.randn(6, 3) * 0.3     # hidden -> output
by = np.zeros((1, 3))

lr = 0.05
for epoch in range(30):
    order = np.random.permutation(len(X))
    total_loss = 0.0
    for i in order:
        x = X[i:i+1]                  # (1, 4)
        t = np.zeros((1, 3))
        t[0, y[i]] = 1                # one-hot target for this sample

        h = np.tanh(x @ Wxh + bh)     # (1, 6)
        scores = h @ Why + by         # (1, 3)
        p = np.exp(scores - scores.max())
        p = p / p.sum()
        total_loss += -np.log(p[0, y[i]])

        dscores = p - t               # (1, 3)
        dWhy = h.T @ dscores          # (6, 3)
        dby = dscores
        dh = dscores @ Why.T * (1 - h ** 2)
        dWxh = h.T @ dh               # (4, 6)
        dbh = dh

        Wxh -= lr * dWxh
        bh -= lr * dbh
        Why -= lr * dWhy
        by -= lr * dby
    if epoch % 10 == 0:
        print(f"epoch {epoch} loss {total_loss / len(X):.4f}")

h = np.tanh(X @ Wxh + bh)
pred = np.argmax(h @ Why + by, axis=1)
acc = np.mean(pred == y)
print(f"final loss {total_loss / len(X):.6f} acc {acc:.3f} by {by[0, 0]:.5f} bh {bh.sum():.5f}")
