import numpy as np
from sklearn.datasets import make_moons

np.random.seed(7)

# two interleaving half moons, 200 points
X, y = make_moons(n_samples=200, noise=0.2, random_state=7)
y = y.reshape(-1, 1)          # column of labels so it matches the network output


class Dense:
    """Fully connected layer: out = x @ W + b"""

    def __init__(self, n_in, n_out):
        self.W = np.random.randn(n_in, n_out) * np.sqrt(2.0 / n_in)
        self.b = np.zeros((1, n_out))

    def forward(self, x):
        self.x = x                      # remember the input for backprop
        return x @ self.W + self.b

    def backward(self, grad):
        self.dW = self.x.T @ grad
        self.db = grad.sum(axis=1, keepdims=True)
        return grad @ self.W.T          # gradient w.r.t. this layer's input

    def step(self, lr):
        self.W -= lr * self.dW
        self.b -= lr * self.db


class ReLU:
    def forward(self, x):
        self.mask = x > 0
        return x * self.mask

    def backward(self, grad):
        return grad * self.mask


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


layers = [Dense(2, 16), ReLU(), Dense(16, 1)]
lr = 0.5
n = X.shape[0]

for epoch in range(400):
    # forward pass through all layers
    out = X
    for layer in layers:
        out = layer.forward(out)
    p = sigmoid(out)

    # binary cross-entropy
    loss = -np.mean(y * np.log(p + 1e-9) + (1 - y) * np.log(1 - p + 1e-9))

    # sigmoid + BCE together give a simple gradient
    grad = (p - y) / n
    for layer in reversed(layers):
        grad = layer.backward(grad)

    for layer in layers:
        if isinstance(layer, Dense):
            layer.step(lr)

    if epoch % 100 == 0:
        print(f"epoch {epoch} loss {loss:.4f}")

acc = np.mean((p > 0.5) == y)

# try the trained net on one new point
x_new = np.array([0.5, -0.25]).reshape(1, -1)
out = x_new
for layer in layers:
    out = layer.forward(out)
p_new = sigmoid(out)[0, 0]
print(f"final loss {loss:.6f} acc {acc:.3f} p_new {p_new:.6f}")
