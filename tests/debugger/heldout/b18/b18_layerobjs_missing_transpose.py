# A tiny layer-based network on iris (each layer knows its forward and backward)
import numpy as np
from sklearn.datasets import load_iris

np.random.seed(42)

iris = load_iris()
X = iris.data                      # (150, 4)
X = (X - X.mean(axis=0)) / X.std(axis=0)
y = iris.target                    # (150,)
Y = np.eye(3)[y]                   # one-hot, (150, 3)

class Dense:
    def __init__(self, n_in, n_out):
        self.W = np.random.randn(n_in, n_out) * np.sqrt(2.0 / n_in)
        self.b = np.zeros((1, n_out))

    def forward(self, x):
        self.x = x
        return x @ self.W + self.b

    def backward(self, grad):
        self.dW = self.x.T @ grad
        self.db = np.sum(grad, axis=0, keepdims=True)
        return grad @ self.W

class ReLU:
    def forward(self, x):
        self.mask = x > 0
        return x * self.mask

    def backward(self, grad):
        return grad * self.mask

class Tanh:
    def forward(self, x):
        self.out = np.tanh(x)
        return self.out

    def backward(self, grad):
        return grad * (1 - self.out ** 2)

def softmax(z):
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)

net = [Dense(4, 12), ReLU(), Dense(12, 3)]
lr = 0.1

for step in range(300):
    out = X
    for layer in net:
        out = layer.forward(out)
    probs = softmax(out)
    loss = -np.mean(np.log(probs[np.arange(len(y)), y] + 1e-12))

    grad = (probs - Y) / len(y)
    for layer in reversed(net):
        grad = layer.backward(grad)

    for layer in net:
        if isinstance(layer, Dense):
            layer.W -= lr * layer.dW
            layer.b -= lr * layer.db

acc = np.mean(np.argmax(probs, axis=1) == y)
total = sum(layer.W.sum() + layer.b.sum() for layer in net if isinstance(layer, Dense))
print(f"final loss {loss:.6f} acc {acc:.3f} params {total:.6f}")
