import numpy as np
from sklearn.datasets import load_iris

# Softmax classifier for iris, one column per sample (X is features x samples)
np.random.seed(1)
iris = load_iris()
X = iris.data.T                      # (4, 150)
X = (X - X.mean(axis=1, keepdims=True)) / X.std(axis=1, keepdims=True)
labels = iris.target
n_classes = 3
Y = np.eye(n_classes)[labels].T      # one-hot, (3, 150)


class SoftmaxNet:
    def __init__(self, n_in, n_hidden, n_out, lr=0.1):
        self.lr = lr
        self.params = {
            'W1': np.random.randn(n_hidden, n_in) * 0.1,
            'b1': np.zeros((n_hidden, 1)),
            'W2': np.random.randn(n_out, n_hidden) * 0.1,
            'b2': np.zeros((n_out, 1)),
        }

    def forward(self, X):
        p = self.params
        self.X = X
        self.H = np.maximum(0, p['W1'] @ X + p['b1'])  # ReLU hidden layer
        scores = p['W2'] @ self.H + p['b2']
        scores = scores - scores.max(axis=0, keepdims=True)
        e = np.exp(scores)
        self.probs = e / e.sum(axis=0, keepdims=True)
        return self.probs

    def backward(self, Y):
        p = self.params
        n = Y.shape[1]
        dscores = (self.probs - Y) / n   # softmax + cross-entropy
        self.grads = {}
        self.grads['W2'] = dscores @ self.H.T
        self.grads['b2'] = dscores.sum(axis=1, keepdims=True)
        dH = p['W2'].T @ dscores
        dH[self.H <= 0] = 0
        self.grads['W1'] = dH @ self.X.T
        self.grads['b1'] = dH.sum(axis=1, keepdims=True)

    def step(self):
        for name in self.params:
            self.params[name] = self.params[name] - self.lr * self.grads[name]


net = SoftmaxNet(4, 16, n_classes, lr=0.3)
for it in range(300):
    probs = net.forward(X)
    loss = -np.mean(np.sum(Y * np.log(probs + 1e-12), axis=0))
    net.backward(Y)
    net.step()

probs = net.forward(X)
loss = -np.mean(np.sum(Y * np.log(probs + 1e-12), axis=0))
acc = np.mean(probs.argmax(axis=0) == labels)
# look at one flower on its own
x_one = X[:, 75].reshape(-1, 1)
p_one = net.forward(x_one)
print(f"final loss {loss:.6f} acc {acc:.3f} p75 {p_one[1, 0]:.4f}")
