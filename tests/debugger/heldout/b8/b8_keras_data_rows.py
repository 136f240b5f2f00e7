import numpy as np

# tiny keras-like framework: layers with forward/backward, a Sequential container
np.random.seed(3)


class Layer:
    def params(self):
        return []

    def grads(self):
        return []


class Linear(Layer):
    def __init__(self, n_in, n_out):
        self.W = np.random.randn(n_in, n_out) * np.sqrt(1.0 / n_in)
        self.b = np.zeros((1, n_out))

    def forward(self, x):
        self.x = x
        return x @ self.W + self.b

    def backward(self, grad_out):
        self.dW = self.x.T @ grad_out
        self.db = np.sum(grad_out, axis=0, keepdims=True)
        return grad_out @ self.W.T

    def params(self):
        return [self.W, self.b]

    def grads(self):
        return [self.dW, self.db]


class Tanh(Layer):
    def forward(self, x):
        self.out = np.tanh(x)
        return self.out

    def backward(self, grad_out):
        return grad_out * (1 - self.out ** 2)


class Sequential:
    def __init__(self, layers):
        self.layers = layers

    def forward(self, x):
        for layer in self.layers:
            x = layer.forward(x)
        return x

    def backward(self, grad):
        for layer in reversed(self.layers):
            grad = layer.backward(grad)

    def params(self):
        return [p for layer in self.layers for p in layer.params()]

    def grads(self):
        return [g for layer in self.layers for g in layer.grads()]


# regression data: 3 input features, 2 targets (one row per sample)
n = 200
X = np.random.uniform(-1, 1, size=(n, 3))
Y = np.array([np.sin(2 * X[:, 0]) + X[:, 1] * X[:, 2],
                     np.cos(X[:, 1]) - 0.5 * X[:, 0]])

model = Sequential([Linear(3, 16), Tanh(), Linear(16, 8), Tanh(), Linear(8, 2)])
lr = 0.05

for epoch in range(400):
    pred = model.forward(X)
    loss = np.mean((pred - Y) ** 2)
    grad = 2 * (pred - Y) / n
    model.backward(grad)
    for p, g in zip(model.params(), model.grads()):
        p -= lr * g
    if epoch % 100 == 0:
        print(f"epoch {epoch} mse {loss:.5f}")

pred = model.forward(X)
loss = np.mean((pred - Y) ** 2)
print(f"final mse {loss:.6f} pred0 {pred[0, 0]:.5f} {pred[0, 1]:.5f}")
