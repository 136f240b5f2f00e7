import numpy as np
from sklearn.datasets import load_iris

np.random.seed(7)

# setosa vs the other two species, one flower at a time
iris = load_iris()
X = iris.data
X = (X - X.mean(axis=0)) / X.std(axis=0)
y = (iris.target == 0).astype(float)

def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))

n_in = X.shape[1]
n_hidden = 6
W1 = np.random.randn(n_hidden, n_in) * 0.3   # (h, d)
b1 = np.zeros(n_hidden)                      # (h,)
W2 = np.random.randn(1, n_hidden) * 0.3      # (1, h)
b2 = np.zeros(1)                             # (1,)
lr = 0.05

for epoch in range(4):
    order = np.random.permutation(len(X))
    total_loss = 0.0
    for idx in order:
        x = X[idx]                 # flat vector (d,)
        t = y[idx]                 # 0.0 or 1.0

        # forward
        h = np.tanh(W1 @ x + b1)   # (h,)
        out = sigmoid(W2 @ h + b2) # (1,)
        total_loss += -(t * np.log(out[0]) + (1 - t) * np.log(1 - out[0]))

        # backward
        delta_out = out - t                            # (1,)
        dW2 = np.outer(delta_out, h)                   # (1, h)
        db2 = delta_out
        delta_h = (W2.T @ delta_out) * (1 - h ** 2)    # (h,)
        dW1 = np.outer(delta_h, x)                     # (h, d)
        db1 = delta_h

        # online update after every sample
        W2 -= lr * dW2
        b2 -= lr * db2
        W1 -= lr * dW1
        b1 -= lr * db1
    avg_loss = total_loss / len(X)

correct = 0
for idx in range(len(X)):
    h = np.tanh(W1 @ X[idx] + b1)
    p = sigmoid(W2 @ h + b2)[0]
    correct += int((p > 0.5) == (y[idx] == 1.0))
print(f"final loss {avg_loss:.6f} acc {correct / len(X):.3f}")
