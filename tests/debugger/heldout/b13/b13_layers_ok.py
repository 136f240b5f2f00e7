import numpy as np
from sklearn.datasets import load_iris

# iris classifier built from a list of layer dicts
np.random.seed(1)
iris = load_iris()
X = (iris.data - iris.data.mean(axis=0)) / iris.data.std(axis=0)
y = iris.target
Y = np.eye(3)[y]                        # (150, 3)


class Net:
    def __init__(self, sizes):
        self.layers = []
        for n_in, n_out in zip(sizes[:-1], sizes[1:]):
            self.layers.append({"W": np.random.randn(n_in, n_out) * 0.3,
                                "b": np.zeros((1, n_out))})

    def forward(self, x):
        for i, layer in enumerate(self.layers):
            layer["x"] = x
            layer["z"] = x @ layer["W"] + layer["b"]
            if i < len(self.layers) - 1:
                x = np.maximum(0, layer["z"])      # ReLU on hidden layers
            else:
                x = layer["z"]
        e = np.exp(x - x.max(axis=1, keepdims=True))
        return e / e.sum(axis=1, keepdims=True)

    def backward(self, probs, Y):
        grad = (probs - Y) / Y.shape[0]            # softmax + cross-entropy
        for i in reversed(range(len(self.layers))):
            layer = self.layers[i]
            if i < len(self.layers) - 1:
                grad = grad * (layer["z"] > 0)
            layer["dW"] = layer["x"].T @ grad
            layer["db"] = grad.sum(axis=0, keepdims=True)
            grad = grad @ layer["W"].T

    def sgd(self, lr):
        for layer in self.layers:
            layer["W"] -= lr * layer["dW"]
            layer["b"] -= lr * layer["db"]


net = Net([4, 10, 8, 3])
for epoch in range(400):
    probs = net.forward(X)
    loss = -np.mean(np.log(probs[np.arange(len(y)), y] + 1e-12))
    net.backward(probs, Y)
    net.sgd(0.2)
    if epoch % 100 == 0:
        print(f"epoch {epoch} loss {loss:.4f}")

probs = net.forward(X)
acc = np.mean(probs.argmax(axis=1) == y)
wsum = sum(l["W"].sum() + l["b"].sum() for l in net.layers)
print(f"final loss {loss:.6f} acc {acc:.3f} wsum {wsum:.6f}")
