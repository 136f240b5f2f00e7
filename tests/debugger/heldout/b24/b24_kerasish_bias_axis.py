import numpy as np
from sklearn.datasets import load_diabetes

# a tiny "keras-like" framework written by hand: Dense, Activation, Sequential
np.random.seed(42)


class Dense:
    def __init__(self, units, input_dim):
        self.kernel = np.random.randn(input_dim, units) * np.sqrt(2.0 / input_dim)
        self.bias = np.zeros(units)

    def forward(self, inputs):
        self.inputs = inputs
        return inputs @ self.kernel + self.bias

    def backward(self, grad):
        self.dkernel = self.inputs.T @ grad
        self.dbias = grad.sum(axis=1)
        return grad @ self.kernel.T


class Activation:
    def __init__(self, name):
        self.name = name  # only 'relu' is supported for now

    def forward(self, inputs):
        self.mask = inputs > 0
        return inputs * self.mask

    def backward(self, grad):
        return grad * self.mask


class Sequential:
    def __init__(self):
        self.layers = []

    def add(self, layer):
        self.layers.append(layer)

    def predict(self, X):
        out = X
        for layer in self.layers:
            out = layer.forward(out)
        return out

    def fit(self, X, Y, epochs, lr):
        for epoch in range(epochs):
            out = X
            for layer in self.layers:
                out = layer.forward(out)
            loss = np.mean((out - Y) ** 2)
            grad = 2 * (out - Y) / len(X)
            for layer in reversed(self.layers):
                grad = layer.backward(grad)
            for layer in self.layers:
                if isinstance(layer, Dense):
                    layer.kernel -= lr * layer.dkernel
                    layer.bias -= lr * layer.dbias
        return loss


data = load_diabetes()
X = data.data
X = (X - X.mean(axis=0)) / X.std(axis=0)
y = data.target
Y = ((y - y.mean()) / y.std()).reshape(-1, 1)  # targets as a column

model = Sequential()
model.add(Dense(16, input_dim=10))
model.add(Activation('relu'))
model.add(Dense(1, input_dim=16))

loss = model.fit(X, Y, epochs=300, lr=0.05)

# prediction for the first patient
x_one = X[0:1]
pred = model.predict(x_one)[0, 0]
print(f"final mse {loss:.6f} first patient {pred:.5f}")
