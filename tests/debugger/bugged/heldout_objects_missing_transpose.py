import numpy as np


class Dense:
    def __init__(self, rng, n_in, n_out):
        self.W = rng.normal(scale=1 / np.sqrt(n_in), size=(n_in, n_out))
        self.b = np.zeros((1, n_out))

    def forward(self, x):
        self.x = x
        return x @ self.W + self.b

    def backward(self, grad, lr):
        self.dW = self.x @ grad
        self.db = grad.sum(axis=0, keepdims=True)
        grad_x = grad @ self.W.T
        self.W -= lr * self.dW
        self.b -= lr * self.db
        return grad_x


class Tanh:
    def forward(self, x):
        self.out = np.tanh(x)
        return self.out

    def backward(self, grad, lr):
        return grad * (1 - self.out ** 2)


rng = np.random.default_rng(12)
X = rng.normal(size=(48, 4))
y = np.sin(X[:, :1]) + 0.5 * X[:, 1:2] * X[:, 3:4]
net = [Dense(rng, 4, 9), Tanh(), Dense(rng, 9, 1)]
for epoch in range(200):
    h = X
    for layer in net:
        h = layer.forward(h)
    grad = 2 * (h - y) / len(X)
    for layer in reversed(net):
        grad = layer.backward(grad, 0.05)
print("mse %.6f" % np.mean((h - y) ** 2))
