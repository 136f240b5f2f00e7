# Three gaussian blobs, 3-layer net (ReLU, ReLU, softmax), examples stored as COLUMNS.
import numpy as np

np.random.seed(3)
n_per = 100
centers = np.array([[0.0, 0.0], [3.0, 3.0], [0.0, 4.0]])
X = np.concatenate([np.random.randn(2, n_per) * 0.9 + c[:, None] for c in centers], axis=1)   # (2, 300)
labels = np.repeat(np.arange(3), n_per)
Y = np.eye(3)[labels].T            # (3, 300) one-hot columns
m = X.shape[1]

h1, h2 = 16, 8
W1 = np.random.randn(h1, 2) * np.sqrt(2.0 / 2)
b1 = np.zeros((h1, 1))
W2 = np.random.randn(h2, h1) * np.sqrt(2.0 / h1)
b2 = np.zeros((h2, 1))
W3 = np.random.randn(3, h2) * np.sqrt(2.0 / h2)
b3 = np.zeros((3, 1))
lr = 0.1


def relu(Z):
    return np.maximum(0, Z)


for it in range(300):
    # forward
    Z1 = W1 @ X + b1
    A1 = relu(Z1)
    Z2 = W2 @ A1 + b2
    A2 = relu(Z2)
    Z3 = W3 @ A2 + b3
    E = np.exp(Z3 - Z3.max(axis=0, keepdims=True))
    A3 = E / E.sum(axis=0, keepdims=True)
    cost = -np.sum(Y * np.log(A3 + 1e-12)) / m

    # backward
    dZ3 = A3 - Y
    dW3 = dZ3 @ A2.T / m
    db3 = np.sum(dZ3, axis=1, keepdims=True) / m
    dZ2 = (W3.T @ dZ3) * (Z2 > 0)
    dW2 = dZ2 @ A1.T / m
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m
    dZ1 = (W2.T @ dZ2) * (Z1 > 0)
    dW1 = dZ1 @ X.T / m
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m

    # update
    W1 = W1 - lr * dW1
    b1 = b1 - lr * db1
    W2 = W2 - lr * dW2
    b2 = b2 - lr * db2
    W3 = W3 - lr * dW3
    b3 = b3 - lr * db3
    if it % 100 == 0:
        print(f"iteration {it}: cost {cost:.4f}")

accuracy = np.mean(np.argmax(A3, axis=0) == labels)
print(f"final cost {cost:.6f} accuracy {accuracy:.3f}")
