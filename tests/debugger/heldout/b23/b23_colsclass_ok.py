import numpy as np
from sklearn.datasets import load_iris

np.random.seed(3)

# iris: features as columns -> X is (4, n), one-hot labels Y is (3, n)
iris = load_iris()
X = iris.data.T
X = (X - X.mean(axis=1, keepdims=True)) / X.std(axis=1, keepdims=True)
y = iris.target
Y = np.eye(3)[y].T


class Network:
    def __init__(self, n_in, n_hidden, n_out):
        self.params = {
            'W1': np.random.randn(n_hidden, n_in) * 0.3,
            'b1': np.zeros((n_hidden, 1)),
            'W2': np.random.randn(n_out, n_hidden) * 0.3,
            'b2': np.zeros((n_out, 1)),
        }
        self.grads = {}
        self.cache = {}

    def forward(self, X):
        Z1 = self.params['W1'] @ X + self.params['b1']
        A1 = np.tanh(Z1)
        Z2 = self.params['W2'] @ A1 + self.params['b2']
        expZ = np.exp(Z2 - Z2.max(axis=0, keepdims=True))
        A2 = expZ / expZ.sum(axis=0, keepdims=True)
        self.cache = {'X': X, 'Z1': Z1, 'A1': A1, 'A2': A2}
        return A2

    def backward(self, Y):
        m = Y.shape[1]
        X, A1, A2 = self.cache['X'], self.cache['A1'], self.cache['A2']
        dZ2 = (A2 - Y) / m
        self.grads['dW2'] = dZ2 @ A1.T
        self.grads['db2'] = np.sum(dZ2, axis=1, keepdims=True)
        dA1 = self.params['W2'].T @ dZ2
        dZ1 = dA1 * (1 - A1 ** 2)
        self.grads['dW1'] = dZ1 @ X.T
        self.grads['db1'] = np.sum(dZ1, axis=1, keepdims=True)

    def update(self, lr):
        for key in self.params:
            self.params[key] -= lr * self.grads['d' + key]


def cross_entropy(A2, Y):
    return -np.sum(Y * np.log(A2 + 1e-12)) / Y.shape[1]


net = Network(4, 8, 3)
for epoch in range(300):
    A2 = net.forward(X)
    loss = cross_entropy(A2, Y)
    net.backward(Y)
    net.update(0.2)
    if epoch % 100 == 0:
        print(f"epoch {epoch} loss {loss:.4f}")

A2 = net.forward(X)
loss = cross_entropy(A2, Y)
acc = np.mean(np.argmax(A2, axis=0) == y)
total = sum(float(np.sum(v)) for v in net.params.values())
print(f"final loss {loss:.6f} acc {acc:.3f} params {total:.6f}")
