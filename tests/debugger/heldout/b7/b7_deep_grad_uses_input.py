import numpy as np
from sklearn.datasets import load_iris

np.random.seed(0)

iris = load_iris()
X = iris.data
X = (X - X.mean(axis=0)) / X.std(axis=0)      # standardise each feature
y = iris.target
n, n_classes = X.shape[0], 3

# one-hot targets: one row per flower
Y = np.eye(n_classes)[y]

# input -> hidden 1 -> hidden 2 -> output
sizes = [4, 16, 12, 3]
Ws, bs = [], []
for i in range(len(sizes) - 1):
    Ws.append(np.random.randn(sizes[i], sizes[i + 1]) * np.sqrt(2.0 / sizes[i]))
    bs.append(np.zeros((1, sizes[i + 1])))
n_layers = len(Ws)


def softmax(z):
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


lr = 0.1
for epoch in range(300):
    # forward pass, keeping the output of every layer
    activations = [X]
    for i in range(n_layers):
        z = activations[-1] @ Ws[i] + bs[i]
        if i < n_layers - 1:
            activations.append(np.maximum(0, z))   # ReLU for hidden layers
        else:
            activations.append(softmax(z))
    probs = activations[-1]
    loss = -np.mean(np.sum(Y * np.log(probs + 1e-12), axis=1))

    # backward pass: deltas[i] is dL/dz for layer i
    deltas = [None] * n_layers
    deltas[-1] = (probs - Y) / n
    for i in range(n_layers - 2, -1, -1):
        deltas[i] = (deltas[i + 1] @ Ws[i + 1].T) * (activations[i + 1] > 0)

    # gradients for all layers, then the update
    dWs = [activations[i + 1].T @ deltas[i] for i in range(n_layers)]
    dbs = [deltas[i].sum(axis=0, keepdims=True) for i in range(n_layers)]
    for i in range(n_layers):
        Ws[i] -= lr * dWs[i]
        bs[i] -= lr * dbs[i]

    if epoch % 100 == 0:
        print(f"epoch {epoch:3d}  loss {loss:.4f}")

acc = np.mean(np.argmax(probs, axis=1) == y)
print(f"final loss {loss:.6f} acc {acc:.3f}")
