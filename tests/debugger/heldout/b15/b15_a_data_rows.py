import numpy as np
from sklearn.datasets import make_moons

# two moons, one hidden tanh layer, biases folded into the weights
np.random.seed(3)
X_data, labels = make_moons(n_samples=200, noise=0.2, random_state=3)
X = X_data                        # (2, m): one column per example
Y = labels.reshape(1, -1)         # (1, m)
m = X.shape[1]

n_in, n_hidden, n_out = 2, 8, 1
# the last column of each weight matrix plays the role of the bias
W1 = np.random.randn(n_hidden, n_in + 1) * 0.5
W2 = np.random.randn(n_out, n_hidden + 1) * 0.5

def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))

X_b = np.vstack([X, np.ones((1, m))])   # append a row of ones -> (3, m)

learning_rate = 0.5
for epoch in range(1500):
    # forward
    Z1 = W1 @ X_b                       # (8, m)
    A1 = np.tanh(Z1)
    A1_b = np.vstack([A1, np.ones((1, m))])   # (9, m)
    Z2 = W2 @ A1_b                      # (1, m)
    A2 = sigmoid(Z2)

    loss = -np.mean(Y * np.log(A2 + 1e-9) + (1 - Y) * np.log(1 - A2 + 1e-9))

    # backward
    dZ2 = (A2 - Y) / m                  # (1, m)
    dW2 = dZ2 @ A1_b.T                  # (1, 9)
    dA1 = (W2.T @ dZ2)[:-1]             # drop the bias row -> (8, m)
    dZ1 = dA1 * (1 - A1 ** 2)
    dW1 = dZ1 @ X_b.T                   # (8, 3)

    W1 -= learning_rate * dW1
    W2 -= learning_rate * dW2

    if epoch % 500 == 0:
        print(f"epoch {epoch} loss {loss:.4f}")

pred = (A2 > 0.5).astype(int)
acc = np.mean(pred == Y)
print(f"final loss {loss:.6f} acc {acc:.3f} w {np.sum(W1) + np.sum(W2):.5f}")
