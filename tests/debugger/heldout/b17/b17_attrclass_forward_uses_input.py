import numpy as np
from sklearn.datasets import load_diabetes

# Regression on the diabetes data with a small tanh network (MSE loss).
np.random.seed(11)
data = load_diabetes()
X = data.data
X = (X - X.mean(axis=0)) / X.std(axis=0)
target = data.target
y = ((target - target.mean()) / target.std()).reshape(-1, 1)   # (442, 1)


class MLP:
    def __init__(self, n_in, n_hidden, n_out):
        self.W1 = np.random.randn(n_in, n_hidden) * 0.3
        self.b1 = np.zeros((1, n_hidden))
        self.W2 = np.random.randn(n_hidden, n_out) * 0.3
        self.b2 = np.zeros((1, n_out))

    def forward(self, X):
        self.z1 = X @ self.W1 + self.b1
        self.a1 = np.tanh(self.z1)
        self.z2 = X @ self.W2 + self.b2
        return self.z2

    def loss(self, y_pred, y):
        return np.mean((y_pred - y) ** 2)

    def backward(self, X, y, lr):
        n = X.shape[0]
        dz2 = 2 * (self.z2 - y) / n
        dW2 = self.a1.T @ dz2
        db2 = np.sum(dz2, axis=0, keepdims=True)
        da1 = dz2 @ self.W2.T
        dz1 = da1 * (1 - self.a1 ** 2)
        dW1 = X.T @ dz1
        db1 = np.sum(dz1, axis=0, keepdims=True)
        # update the parameters in place
        self.W2 -= lr * dW2
        self.b2 -= lr * db2
        self.W1 -= lr * dW1
        self.b1 -= lr * db1


model = MLP(X.shape[1], 12, 1)
for epoch in range(300):
    pred = model.forward(X)
    loss = model.loss(pred, y)
    model.backward(X, y, lr=0.05)
    if epoch % 100 == 0:
        print(f"epoch {epoch} mse {loss:.4f}")

pred = model.forward(X)
mse = model.loss(pred, y)
r2 = 1 - np.sum((pred - y) ** 2) / np.sum((y - y.mean()) ** 2)
print(f"final mse {mse:.6f} r2 {r2:.4f}")
