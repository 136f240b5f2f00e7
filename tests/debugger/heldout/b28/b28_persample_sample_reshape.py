import numpy as np
from sklearn.datasets import load_iris

# tiny 4-8-3 network trained one flower at a time (stochastic gradient descent)
np.random.seed(3)

iris = load_iris()
X = iris.data
X = (X - X.mean(axis=0)) / X.std(axis=0)   # standardise every feature
labels = iris.target
Y = np.eye(3)[labels]                       # one-hot targets, one row per flower

def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))

n_in, n_hidden, n_out = 4, 8, 3
W1 = np.random.randn(n_hidden, n_in) * 0.5
b1 = np.zeros((n_hidden, 1))
W2 = np.random.randn(n_out, n_hidden) * 0.5
b2 = np.zeros((n_out, 1))

lr = 0.5
for epoch in range(5):
    total = 0.0
    for i in range(len(X)):
        x = X[i].reshape(-1, 1)             # column vector (4, 1)
        y = Y[i].reshape(1, -1)             # target column (3, 1)

        # forward pass
        z1 = W1 @ x + b1
        a1 = sigmoid(z1)
        z2 = W2 @ a1 + b2
        a2 = sigmoid(z2)
        total += np.mean((a2 - y) ** 2)

        # backward pass (MSE + sigmoid)
        delta2 = (a2 - y) * a2 * (1 - a2)
        dW2 = delta2 @ a1.T
        db2 = delta2
        delta1 = (W2.T @ delta2) * a1 * (1 - a1)
        dW1 = delta1 @ x.T
        db1 = delta1

        # gradient step
        W2 -= lr * dW2
        b2 -= lr * db2
        W1 -= lr * dW1
        b1 -= lr * db1
    print(f"epoch {epoch} mse {total / len(X):.5f}")

# evaluate the whole data set at once (columns are samples)
A1 = sigmoid(W1 @ X.T + b1)
A2 = sigmoid(W2 @ A1 + b2)
mse = np.mean((A2 - Y.T) ** 2)
acc = np.mean(np.argmax(A2, axis=0) == labels)
print(f"final mse {mse:.6f} acc {acc:.3f} check {A2.sum():.6f}")
