import numpy as np
from sklearn.datasets import load_iris

np.random.seed(5)
data = load_iris()
X = (data.data - data.data.mean(axis=0)) / data.data.std(axis=0)   # (150, 4)
y = data.target
Y = np.eye(3)[y]                  # one-hot, one row per sample (150, 3)
n = X.shape[0]

sizes = [4, 16, 8, 3]
weights = []
biases = []
for fan_in, fan_out in zip(sizes[:-1], sizes[1:]):
    weights.append(np.random.randn(fan_in, fan_out) * np.sqrt(2.0 / fan_in))
    biases.append(np.zeros((1, fan_out)))

def relu(z):
    return np.maximum(z, 0)

def softmax(z):
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)

lr = 0.1
for epoch in range(200):
    # forward: keep every layer's input and pre-activation
    activations = [X]
    zs = []
    for i in range(len(weights)):
        z = activations[-1] @ weights[i] + biases[i]
        zs.append(z)
        if i == len(weights) - 1:
            activations.append(softmax(z))
        else:
            activations.append(relu(z))

    loss = -np.mean(np.sum(Y * np.log(activations[-1] + 1e-12), axis=1))

    # backward: softmax + cross-entropy gives a simple first delta
    delta = (activations[-1] - Y) / n
    grads_w = [None] * len(weights)
    grads_b = [None] * len(biases)
    for l in range(len(weights) - 1, -1, -1):
        grads_w[l] = activations[l].T @ delta
        grads_b[l] = np.sum(delta, axis=0, keepdims=True)
        if l > 0:
            delta = (delta @ weights[l].T) * (zs[l - 1] > 0)

    for l in range(len(weights)):
        weights[l] -= lr * grads_w[l]
        biases[l] -= lr * grads_b[l]

    if epoch % 50 == 0:
        print(f"epoch {epoch} loss {loss:.4f}")

out = X
for i in range(len(weights)):
    out = out @ weights[i] + biases[i]
    out = softmax(out) if i == len(weights) - 1 else relu(out)
acc = np.mean(np.argmax(out, axis=1) == y)
print(f"final loss {loss:.6f} acc {acc:.3f} check {out[:, 0].sum():.6f}")
