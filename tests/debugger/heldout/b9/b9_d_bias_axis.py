import numpy as np
from sklearn.datasets import load_digits

# small Network class, rows convention: weights[l] is (n_in, n_out)
np.random.seed(7)
digits = load_digits()
X = digits.data[:400] / 16.0
labels = digits.target[:400]
Y = np.eye(10)[labels]           # (400, 10) one-hot rows


def softmax(z):
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


class Network:
    def __init__(self, sizes):
        self.sizes = sizes
        self.weights = [np.random.randn(a, b) * 0.1 for a, b in zip(sizes[:-1], sizes[1:])]
        self.biases = [np.zeros((1, b)) for b in sizes[1:]]

    def feedforward(self, x):
        h = np.maximum(0, x @ self.weights[0] + self.biases[0])
        return softmax(h @ self.weights[1] + self.biases[1])

    def backprop(self, x_batch, y_batch):
        z1 = x_batch @ self.weights[0] + self.biases[0]
        a1 = np.maximum(0, z1)
        out = softmax(a1 @ self.weights[1] + self.biases[1])
        delta = (out - y_batch) / len(x_batch)
        nabla_w = [None, None]
        nabla_b = [None, None]
        nabla_w[1] = a1.T @ delta
        nabla_b[1] = delta.sum(axis=1, keepdims=True)
        delta = (delta @ self.weights[1].T) * (z1 > 0)
        nabla_w[0] = x_batch.T @ delta
        nabla_b[0] = delta.sum(axis=0, keepdims=True)
        return nabla_w, nabla_b

    def update_mini_batch(self, x_batch, y_batch, eta):
        nabla_w, nabla_b = self.backprop(x_batch, y_batch)
        self.weights = [w - eta * nw for w, nw in zip(self.weights, nabla_w)]
        self.biases = [b - eta * nb for b, nb in zip(self.biases, nabla_b)]

    def train(self, X, Y, epochs, batch_size, eta):
        n = len(X)
        for epoch in range(epochs):
            idx = np.random.permutation(n)
            for k in range(0, n, batch_size):
                batch = idx[k:k + batch_size]
                self.update_mini_batch(X[batch], Y[batch], eta)


net = Network([64, 20, 10])
net.train(X, Y, epochs=10, batch_size=16, eta=0.5)
probs = net.feedforward(X)
loss = -np.mean(np.sum(Y * np.log(probs + 1e-12), axis=1))
acc = np.mean(np.argmax(probs, axis=1) == labels)
total = sum(w.sum() for w in net.weights) + sum(b.sum() for b in net.biases)
print(f"final loss {loss:.6f} acc {acc:.3f} params {total:.6f}")
