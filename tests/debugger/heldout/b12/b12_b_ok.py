import numpy as np

# regression net: 3 inputs -> 10 relu units -> 1 output
np.random.seed(7)
n_samples = 150
X = np.random.randn(n_samples, 3)
true_w = np.array([[1.5], [-2.0], [0.7]])
y = X @ true_w + 0.3 * np.sin(X[:, :1] * 2) + 0.1 * np.random.randn(n_samples, 1)


class Regressor:
    def __init__(self, n_in, n_hidden):
        self.W1 = np.random.randn(n_in, n_hidden) * 0.3
        self.b1 = np.zeros((1, n_hidden))
        self.W2 = np.random.randn(n_hidden, 1) * 0.3
        self.b2 = np.zeros((1, 1))

    def forward(self, X):
        self.z1 = X @ self.W1 + self.b1
        self.a1 = np.maximum(0, self.z1)
        self.out = self.a1 @ self.W2 + self.b2
        return self.out

    def backward(self, X, y):
        m = X.shape[0]
        d_out = 2 * (self.out - y) / m
        self.dW2 = self.a1.T @ d_out
        self.db2 = np.sum(d_out, axis=0, keepdims=True)
        d_a1 = d_out @ self.W2.T
        d_z1 = d_a1 * (self.z1 > 0)
        self.dW1 = X.T @ d_z1
        self.db1 = np.sum(d_z1, axis=0, keepdims=True)

    def update(self, lr):
        self.W1 -= lr * self.dW1
        self.b1 -= lr * self.db1
        self.W2 -= lr * self.dW2
        self.b2 -= lr * self.db2


model = Regressor(3, 10)
for step in range(400):
    pred = model.forward(X)
    loss = np.mean((pred - y) ** 2)
    model.backward(X, y)
    model.update(0.05)

pred = model.forward(X)
loss = np.mean((pred - y) ** 2)
params = [model.W1, model.b1, model.W2, model.b2]
checksum = sum(float(np.sum(p * p)) for p in params)
print(f"final mse {loss:.6f} norm {checksum:.6f}")
