import numpy as np
from sklearn.datasets import make_moons

# A deeper network (3 weight layers) stored as lists of weights and biases.
np.random.seed(3)
X, y = make_moons(n_samples=200, noise=0.2, random_state=3)
y = y.reshape(-1, 1)               # labels as a column, (200, 1)
n = X.shape[0]

sizes = [2, 16, 8, 1]
weights = []
biases = []
for i in range(len(sizes) - 1):
    weights.append(np.random.randn(sizes[i], sizes[i + 1]) * np.sqrt(1.0 / sizes[i]))
    biases.append(np.zeros((1, sizes[i + 1])))
L = len(weights)


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


lr = 1.0
for step in range(400):
    # forward pass: keep every layer's output
    activations = [X]
    zs = []
    a = X
    for W, b in zip(weights, biases):
        z = a @ W + b
        zs.append(z)
        a = sigmoid(z)
        activations.append(a)
    out = activations[-1]
    loss = -np.mean(y * np.log(out + 1e-12) + (1 - y) * np.log(1 - out + 1e-12))

    # backward pass, last layer first
    delta = (out - y) / n
    deltas = [delta]
    grads_W = [None] * L
    grads_b = [None] * L
    for l in reversed(range(L)):
        grads_W[l] = delta.T @ activations[l]
        grads_b[l] = np.sum(delta, axis=0, keepdims=True)
        if l > 0:
            delta = (delta @ weights[l].T) * activations[l] * (1 - activations[l])
            deltas.append(delta)

    # gradient step on every layer
    for l in range(L):
        weights[l] -= lr * grads_W[l]
        biases[l] -= lr * grads_b[l]

    if step % 100 == 0:
        print(f"step {step} loss {loss:.4f}")

acc = np.mean((out > 0.5) == y)
print(f"final loss {loss:.6f} acc {acc:.3f}")
