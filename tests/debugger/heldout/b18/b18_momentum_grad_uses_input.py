# Two hidden layer network trained with momentum SGD on make_moons
import numpy as np
from sklearn.datasets import make_moons

np.random.seed(0)

# data: X is (n, 2), y is (n, 1)
X, y = make_moons(n_samples=300, noise=0.2, random_state=1)
y = y.reshape(-1, 1)
n = X.shape[0]

def leaky_relu(z, a=0.01):
    return np.where(z > 0, z, a * z)

def leaky_relu_grad(z, a=0.01):
    return np.where(z > 0, 1.0, a)

def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))

# parameters
W1 = np.random.randn(2, 16) * 0.5
b1 = np.zeros((1, 16))
W2 = np.random.randn(16, 8) * 0.3
b2 = np.zeros((1, 8))
W3 = np.random.randn(8, 1) * 0.3
b3 = np.zeros((1, 1))

# velocity arrays for momentum
vW1 = np.zeros_like(W1); vb1 = np.zeros_like(b1)
vW2 = np.zeros_like(W2); vb2 = np.zeros_like(b2)
vW3 = np.zeros_like(W3); vb3 = np.zeros_like(b3)

lr = 0.05
beta = 0.9

for epoch in range(400):
    # forward pass
    z1 = X @ W1 + b1
    a1 = leaky_relu(z1)
    z2 = a1 @ W2 + b2
    a2 = leaky_relu(z2)
    z3 = a2 @ W3 + b3
    out = sigmoid(z3)

    # binary cross-entropy
    eps = 1e-8
    loss = -np.mean(y * np.log(out + eps) + (1 - y) * np.log(1 - out + eps))

    # backward pass
    dz3 = (out - y) / n
    dW3 = a2.T @ dz3
    db3 = np.sum(dz3, axis=0, keepdims=True)
    da2 = dz3 @ W3.T
    dz2 = da2 * leaky_relu_grad(z2)
    dW2 = a2.T @ dz2
    db2 = np.sum(dz2, axis=0, keepdims=True)
    da1 = dz2 @ W2.T
    dz1 = da1 * leaky_relu_grad(z1)
    dW1 = X.T @ dz1
    db1 = np.sum(dz1, axis=0, keepdims=True)

    # momentum updates
    vW1 = beta * vW1 - lr * dW1; W1 += vW1
    vb1 = beta * vb1 - lr * db1; b1 += vb1
    vW2 = beta * vW2 - lr * dW2; W2 += vW2
    vb2 = beta * vb2 - lr * db2; b2 += vb2
    vW3 = beta * vW3 - lr * dW3; W3 += vW3
    vb3 = beta * vb3 - lr * db3; b3 += vb3

    if epoch % 100 == 0:
        print(f"epoch {epoch} loss {loss:.4f}")

preds = (out > 0.5).astype(int)
acc = np.mean(preds == y)
checksum = W1.sum() + W2.sum() + W3.sum() + b1.sum() + b2.sum() + b3.sum()
print(f"final loss {loss:.6f} acc {acc:.3f} check {checksum:.6f}")
