import numpy as np
from sklearn.datasets import make_moons

np.random.seed(11)

# two moons, one output unit per class
X, labels = make_moons(n_samples=200, noise=0.2, random_state=11)
T = np.eye(2)[labels]          # (200, 2) one-hot targets
n_samples, n_inputs = X.shape
n_hidden = 6
n_outputs = T.shape[1]


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


# row-vector convention: a sample is (1, d), so weights are (in, out)
W1 = np.random.uniform(-0.5, 0.5, (n_inputs, n_hidden))
b1 = np.zeros((1, n_hidden))
W2 = np.random.uniform(-0.5, 0.5, (n_hidden, n_outputs))
b2 = np.zeros((1, n_outputs))
learning_rate = 0.5

for epoch in range(5):
    total_error = 0.0
    for i in range(n_samples):
        x = X[i:i+1]               # one sample, shape (1, 2)
        t = T[i:i+1]               # its target, shape (1, 2)

        # forward
        h = sigmoid(x @ W1 + b1)
        o = sigmoid(h @ W2 + b2)
        total_error += 0.5 * np.sum((o - t) ** 2)

        # backward (mean squared error, sigmoid outputs)
        delta2 = (o - t) * o * (1 - o)
        delta1 = (delta2 @ W2.T) * h * (1 - h)
        dW2 = h.T @ delta2
        db2 = delta2
        dW1 = x.T @ delta1
        db1 = delta1

        # stochastic gradient step
        W2 -= learning_rate * dW2
        b2 -= learning_rate * db2
        W1 -= learning_rate * dW1
        b1 -= learning_rate * db1
    print("epoch", epoch, "error", round(total_error / n_samples, 5))

out = sigmoid(sigmoid(X @ W1 + b1) @ W2 + b2)
mse = 0.5 * np.mean(np.sum((out - T) ** 2, axis=1))
accuracy = np.mean(np.argmax(out, axis=1) == labels)
print(f"final mse {mse:.6f} acc {accuracy:.3f} w {W1.sum() + W2.sum() + b1.sum() + b2.sum():.6f}")
