# Two-layer network on iris: ReLU hidden layer, softmax output
import numpy as np
from sklearn.datasets import load_iris

np.random.seed(0)

iris = load_iris()
X = iris.data  # (150, 4)
y = iris.target
# standardize each feature
X = (X - X.mean(axis=0)) / X.std(axis=0)
n = X.shape[0]
Y = np.eye(3)[y]  # one-hot labels, (150, 3)

input_size = 4
hidden_size = 8
output_size = 3
lr = 0.1

W1 = np.random.randn(input_size, hidden_size) * 0.5
b1 = np.zeros((1, hidden_size))
W2 = np.random.randn(hidden_size, output_size) * 0.5
b2 = np.zeros((1, output_size))

for epoch in range(300):
    # forward pass
    Z1 = X @ W1 + b1
    A1 = np.maximum(0, Z1)  # relu
    Z2 = A1 @ W2 + b2
    Z2 = Z2 - Z2.max(axis=1, keepdims=True)
    exp_scores = np.exp(Z2)
    probs = exp_scores / exp_scores.sum(axis=1, keepdims=True)

    # cross-entropy loss
    loss = -np.sum(Y * np.log(probs + 1e-12)) / n

    # backward pass
    dZ2 = (probs - Y) / n
    dW2 = A1.T @ dZ2
    db2 = np.sum(dZ2, axis=0, keepdims=True)
    dA1 = dZ2 @ W2.T
    dZ1 = dA1 * (Z1 > 0)
    dW1 = X.T @ dZ1
    db1 = np.sum(dZ1, axis=0, keepdims=True)

    # gradient descent step
    W1 -= lr * dW1
    b1 -= lr * db1
    W2 -= lr * dW2
    b2 -= lr * db2

    if epoch % 100 == 0:
        print("epoch", epoch, "loss", round(loss, 4))

predictions = np.argmax(probs, axis=1)
acc = np.mean(predictions == y)

# classify a single flower
x_new = X[60].reshape(1, 4)
h_new = np.maximum(0, x_new @ W1 + b1)
score_new = (h_new @ W2 + b2).max()
checksum = W1.sum() + b1.sum() + W2.sum() + b2.sum()
print(f"final loss {loss:.6f} acc {acc:.3f} check {checksum:.6f} sample {score_new:.4f}")
