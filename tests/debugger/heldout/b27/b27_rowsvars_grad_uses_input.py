# Iris classifier from scratch: one hidden tanh layer + softmax output
# Convention: rows are samples, so X is (n, 4) and Y is (n, 3)
import numpy as np
from sklearn.datasets import load_iris

np.random.seed(0)

iris = load_iris()
X = iris.data                                   # (150, 4)
X = (X - X.mean(axis=0)) / X.std(axis=0)        # standardize each feature
y = iris.target                                 # (150,) labels 0,1,2
n = X.shape[0]
Y = np.eye(3)[y]                                # one-hot, (150, 3)

n_input, n_hidden, n_output = 4, 8, 3
W1 = np.random.randn(n_input, n_hidden) * 0.5
b1 = np.zeros((1, n_hidden))
W2 = np.random.randn(n_hidden, n_output) * 0.5
b2 = np.zeros((1, n_output))

learning_rate = 0.1
for epoch in range(300):
    # ---- forward pass ----
    Z1 = X @ W1 + b1
    A1 = np.tanh(Z1)
    Z2 = A1 @ W2 + b2
    Z2 = Z2 - Z2.max(axis=1, keepdims=True)    # numerical stability
    expZ = np.exp(Z2)
    P = expZ / expZ.sum(axis=1, keepdims=True)
    loss = -np.sum(Y * np.log(P + 1e-12)) / n

    # ---- backward pass ----
    dZ2 = (P - Y) / n
    dW2 = X.T @ dZ2
    db2 = np.sum(dZ2, axis=0, keepdims=True)
    dA1 = dZ2 @ W2.T
    dZ1 = dA1 * (1 - A1 ** 2)                   # tanh derivative
    dW1 = X.T @ dZ1
    db1 = np.sum(dZ1, axis=0, keepdims=True)

    # ---- gradient descent ----
    W1 -= learning_rate * dW1
    b1 -= learning_rate * db1
    W2 -= learning_rate * dW2
    b2 -= learning_rate * db2

    if epoch % 100 == 0:
        print(f"epoch {epoch:3d}  loss {loss:.4f}")

predictions = np.argmax(P, axis=1)
accuracy = np.mean(predictions == y)
checksum = W1.sum() + b1.sum() + W2.sum() + b2.sum()
print(f"final loss {loss:.6f} acc {accuracy:.3f} params {checksum:.6f}")
