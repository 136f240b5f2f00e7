import numpy as np
from sklearn.datasets import load_iris

# Iris classifier trained one sample at a time (plain SGD).
# Every sample is handled as a column vector, like in the lecture notes.
np.random.seed(42)

iris = load_iris()
X = iris.data
X = (X - X.mean(axis=0)) / X.std(axis=0)   # standardize features
labels = iris.target
Y = np.eye(3)[labels]                      # one-hot targets, (150, 3)

n_samples, n_features = X.shape
n_hidden = 6
n_classes = 3

W1 = np.random.randn(n_hidden, n_features) * 0.5
b1 = np.zeros((n_hidden, 1))
W2 = np.random.randn(n_classes, n_hidden) * 0.5
b2 = np.zeros((n_classes, 1))
lr = 0.05


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def softmax(z):
    e = np.exp(z - np.max(z, axis=0, keepdims=True))
    return e / np.sum(e, axis=0, keepdims=True)


for epoch in range(10):
    order = np.random.permutation(n_samples)
    epoch_loss = 0.0
    for i in order:
        x = X[i].reshape(-1, 1)        # (4, 1)
        t = Y[i].reshape(-1, 1)        # (3, 1)

        # forward pass
        z1 = W1 @ x + b1
        a1 = sigmoid(z1)
        z2 = W2 @ a1 + b2
        p = softmax(z2)
        epoch_loss += -np.sum(t * np.log(p + 1e-12))

        # backward pass (cross-entropy + softmax)
        dz2 = p - t
        dW2 = a1 @ dz2.T
        db2 = dz2
        da1 = W2.T @ dz2
        dz1 = da1 * a1 * (1 - a1)
        dW1 = dz1 @ x.T
        db1 = dz1

        # SGD step
        W2 -= lr * dW2
        b2 -= lr * db2
        W1 -= lr * dW1
        b1 -= lr * db1

    if epoch % 3 == 0:
        print(f"epoch {epoch} loss {epoch_loss / n_samples:.4f}")

# evaluate on the whole set (columns = samples)
A1 = sigmoid(W1 @ X.T + b1)
P = softmax(W2 @ A1 + b2)
loss = -np.mean(np.sum(Y.T * np.log(P + 1e-12), axis=0))
acc = np.mean(np.argmax(P, axis=0) == labels)
print(f"final loss {loss:.6f} acc {acc:.3f}")
