import numpy as np
from sklearn.datasets import make_moons

np.random.seed(11)
X, y = make_moons(n_samples=200, noise=0.2, random_state=0)
X = X.T                      # columns convention: (features, samples)
Y = y.reshape(-1, 1)         # labels as a row (1, n)

def sigmoid(z):
    return 1 / (1 + np.exp(-z))

class Net:
    def __init__(self, n_in, n_hidden):
        self.W1 = np.random.randn(n_hidden, n_in) * 0.5
        self.b1 = np.zeros((n_hidden, 1))
        self.W2 = np.random.randn(1, n_hidden) * 0.5
        self.b2 = np.zeros((1, 1))

    def forward(self, X):
        self.Z1 = self.W1 @ X + self.b1
        self.A1 = np.tanh(self.Z1)
        self.Z2 = self.W2 @ self.A1 + self.b2
        self.A2 = sigmoid(self.Z2)
        return self.A2

    def backward(self, X, Y):
        m = X.shape[1]
        dZ2 = self.A2 - Y
        self.dW2 = dZ2 @ self.A1.T / m
        self.db2 = np.sum(dZ2, axis=1, keepdims=True) / m
        dZ1 = (self.W2.T @ dZ2) * (1 - self.A1 ** 2)
        self.dW1 = dZ1 @ X.T / m
        self.db1 = np.sum(dZ1, axis=1, keepdims=True) / m

    def update(self, lr):
        self.W1 = self.W1 - lr * self.dW1
        self.b1 = self.b1 - lr * self.db1
        self.W2 = self.W2 - lr * self.dW2
        self.b2 = self.b2 - lr * self.db2

def loss_fn(A2, Y):
    return -np.mean(Y * np.log(A2 + 1e-9) + (1 - Y) * np.log(1 - A2 + 1e-9))

net = Net(2, 8)
for it in range(400):
    A2 = net.forward(X)
    loss = loss_fn(A2, Y)
    net.backward(X, Y)
    net.update(1.0)
    if it % 100 == 0:
        print(f"iter {it} loss {loss:.4f}")

A2 = net.forward(X)
acc = np.mean((A2 > 0.5) == Y)
print(f"final loss {loss_fn(A2, Y):.6f} acc {acc:.3f} check {A2.sum():.6f}")
