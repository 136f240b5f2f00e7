import numpy as np

rng = np.random.default_rng(31)
X = rng.normal(size=(36, 3))
T = (X[:, :1] * X[:, 1:2] - X[:, 2:3] > 0).astype(float)
sizes = [3, 8, 1]
layers = [{"W": rng.normal(scale=0.6, size=(a, b)), "b": np.zeros((1, b))}
          for a, b in zip(sizes[:-1], sizes[1:])]


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


for epoch in range(250):
    caches = []
    a = X
    for layer in layers:
        z = a @ layer["W"] + layer["b"]
        caches.append((a, z))
        a = sigmoid(z)
    delta = (a - T) / len(X)
    for layer, (a_in, z) in zip(reversed(layers), reversed(caches)):
        dW = a_in.T @ delta
        db = delta.sum(axis=1, keepdims=True)
        s = sigmoid(a_in @ layer["W"] + layer["b"])
        delta = (delta @ layer["W"].T) * a_in * (1 - a_in)
        layer["W"] -= 1.5 * dW
        layer["b"] -= 1.5 * db
print("loss %.6f" % np.mean((a - T) ** 2))
