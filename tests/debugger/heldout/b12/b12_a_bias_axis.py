import numpy as np
from sklearn.datasets import make_moons

# tiny 2-8-6-1 network, one sample per row, sigmoid on every layer
np.random.seed(3)
X, y = make_moons(n_samples=200, noise=0.2, random_state=3)
y = y.reshape(-1, 1)          # labels as a column (n, 1)

sizes = [2, 8, 6, 1]
weights = [np.random.randn(sizes[i], sizes[i + 1]) * 0.5 for i in range(3)]
biases = [np.zeros((1, sizes[i + 1])) for i in range(3)]


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def sigmoid_prime(z):
    s = sigmoid(z)
    return s * (1 - s)


lr = 1.5
n = X.shape[0]
for epoch in range(300):
    # forward pass, remember every layer
    activation = X
    activations = [X]
    zs = []
    for W, b in zip(weights, biases):
        z = activation @ W + b
        zs.append(z)
        activation = sigmoid(z)
        activations.append(activation)

    # backward pass (mean squared error)
    nabla_w = [None] * 3
    nabla_b = [None] * 3
    delta = (activations[-1] - y) * sigmoid_prime(zs[-1])
    nabla_w[-1] = activations[-2].T @ delta / n
    nabla_b[-1] = np.sum(delta, axis=1, keepdims=True) / n
    for l in range(2, 4):
        delta = (delta @ weights[-l + 1].T) * sigmoid_prime(zs[-l])
        nabla_w[-l] = activations[-l - 1].T @ delta / n
        nabla_b[-l] = np.sum(delta, axis=0, keepdims=True) / n

    # gradient step
    for i in range(3):
        weights[i] -= lr * nabla_w[i]
        biases[i] -= lr * nabla_b[i]

out = X
for W, b in zip(weights, biases):
    out = sigmoid(out @ W + b)
loss = np.mean((out - y) ** 2)
acc = np.mean((out > 0.5) == y)
checksum = sum(np.sum(W) for W in weights) + sum(np.sum(b) for b in biases)
print(f"final loss {loss:.6f} acc {acc:.3f} checksum {checksum:.6f}")
