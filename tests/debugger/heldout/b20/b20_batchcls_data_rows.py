import numpy as np
from sklearn.datasets import load_iris

np.random.seed(3)

class Linear:
    def __init__(self, n_in, n_out):
        self.W = np.random.randn(n_in, n_out) * 0.5
        self.b = np.zeros((1, n_out))
    def forward(self, x):
        self.x = x                                # (n, n_in)
        return x @ self.W + self.b
    def backward(self, grad):
        self.gW = self.x.T @ grad                 # (n_in, n_out)
        self.gb = grad.sum(axis=0, keepdims=True) # (1, n_out)
        return grad @ self.W.T
    def step(self, lr):
        self.W -= lr * self.gW
        self.b -= lr * self.gb

class Sigmoid:
    def forward(self, x):
        self.out = 1.0 / (1.0 + np.exp(-x))
        return self.out
    def backward(self, grad):
        return grad * self.out * (1.0 - self.out)

class SoftmaxCrossEntropy:
    def forward(self, logits, y_idx):
        e = np.exp(logits - logits.max(axis=1, keepdims=True))
        self.probs = e / e.sum(axis=1, keepdims=True)
        self.y_idx = y_idx
        n = logits.shape[0]
        return -np.mean(np.log(self.probs[np.arange(n), y_idx]))
    def backward(self):
        n = self.probs.shape[0]
        grad = self.probs.copy()
        grad[np.arange(n), self.y_idx] -= 1.0
        return grad / n

class Model:
    def __init__(self):
        self.layers = [Linear(4, 10), Sigmoid(), Linear(10, 3)]
        self.criterion = SoftmaxCrossEntropy()
    def forward(self, x):
        for layer in self.layers:
            x = layer.forward(x)
        return x
    def backward(self):
        grad = self.criterion.backward()
        for layer in reversed(self.layers):
            grad = layer.backward(grad)
    def step(self, lr):
        for layer in self.layers:
            if isinstance(layer, Linear):
                layer.step(lr)

iris = load_iris()
X = ((iris.data - iris.data.mean(axis=0)) / iris.data.std(axis=0)).T   # (150, 4) rows are flowers
y = iris.target                                                     # (150,) integer labels
model = Model()
batch_size = 32
rng = np.random.RandomState(0)
n_samples = X.shape[0]

for epoch in range(60):
    perm = rng.permutation(n_samples)
    for start in range(0, n_samples, batch_size):
        batch = perm[start:start + batch_size]
        logits = model.forward(X[batch])
        loss = model.criterion.forward(logits, y[batch])
        model.backward()
        model.step(0.2)

logits = model.forward(X)
full_loss = model.criterion.forward(logits, y)
acc = np.mean(logits.argmax(axis=1) == y)
print(f"final loss {full_loss:.6f} acc {acc:.3f}")
