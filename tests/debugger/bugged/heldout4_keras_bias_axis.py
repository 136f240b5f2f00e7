import numpy as np


class Dense:
    def __init__(self, n_in, n_out, rng):
        self.W = rng.normal(scale=0.5, size=(n_in, n_out))
        self.b = np.zeros((1, n_out))

    def forward(self, x):
        self.x = x
        return x @ self.W + self.b

    def backward(self, grad, lr):
        gW = self.x.T @ grad
        gb = grad.sum(axis=1, keepdims=True)
        gx = grad @ self.W.T
        self.W -= lr * gW
        self.b -= lr * gb
        return gx


class Tanh:
    def forward(self, x):
        self.out = np.tanh(x)
        return self.out

    def backward(self, grad, lr):
        return grad * (1 - self.out ** 2)


rng = np.random.default_rng(7)
X = rng.normal(size=(64, 3))
y = (X[:, :1] * X[:, 1:2] > 0).astype(float)
net = [Dense(3, 8, rng), Tanh(), Dense(8, 1, rng)]
for epoch in range(300):
    out = X
    for layer in net:
        out = layer.forward(out)
    grad = 2 * (out - y) / len(X)
    for layer in reversed(net):
        grad = layer.backward(grad, 0.1)
loss = float(np.mean((out - y) ** 2))
print("loss", round(loss, 6))
