# Handwritten digits with a small two-layer net written as a class
# rows = samples: X is (N, 64), W1 is (64, H)
import numpy as np
from sklearn.datasets import load_digits

np.random.seed(42)


class TwoLayerNet:
    def __init__(self, input_size, hidden_size, output_size):
        self.params = {}
        self.params['W1'] = 0.1 * np.random.randn(input_size, hidden_size)
        self.params['b1'] = np.zeros(hidden_size)
        self.params['W2'] = 0.1 * np.random.randn(hidden_size, output_size)
        self.params['b2'] = np.zeros(output_size)
        self.grads = {}

    def forward(self, X):
        self.X = X
        self.z1 = X @ self.params['W1'] + self.params['b1']
        self.h1 = np.maximum(0, self.z1)            # ReLU
        scores = self.h1 @ self.params['W2'] + self.params['b2']
        scores = scores - scores.max(axis=1, keepdims=True)
        exp_scores = np.exp(scores)
        self.probs = exp_scores / exp_scores.sum(axis=1, keepdims=True)
        return self.probs

    def loss(self, y):
        N = y.shape[0]
        return -np.mean(np.log(self.probs[np.arange(N), y] + 1e-12))

    def backward(self, y):
        N = y.shape[0]
        dscores = self.probs.copy()
        dscores[np.arange(N), y] -= 1
        dscores /= N
        self.grads['W2'] = self.h1.T @ dscores
        self.grads['b2'] = dscores.sum(axis=0)
        dh1 = dscores @ self.params['W2'].T
        dh1[self.z1 <= 0] = 0                       # ReLU backward
        self.grads['W1'] = self.h1.T @ dh1
        self.grads['b1'] = dh1.sum(axis=0)

    def step(self, lr):
        for key in self.params:
            self.params[key] -= lr * self.grads[key]


digits = load_digits()
X = digits.data[:400] / 16.0          # (400, 64), pixels in [0, 1]
y = digits.target[:400]

net = TwoLayerNet(64, 32, 10)
for it in range(200):
    net.forward(X)
    loss = net.loss(y)
    net.backward(y)
    net.step(0.5)
    if it % 50 == 0:
        print(f"iter {it} loss {loss:.4f}")

acc = np.mean(np.argmax(net.probs, axis=1) == y)
x0 = X[0].reshape(1, -1)              # a single digit as a (1, 64) row
p0 = net.forward(x0)
print(f"final loss {loss:.6f} acc {acc:.3f} first digit -> {np.argmax(p0)} p={p0.max():.5f}")
