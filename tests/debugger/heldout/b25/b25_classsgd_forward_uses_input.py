import numpy as np
from sklearn.datasets import make_moons

# A tiny MLP class trained with mini-batch SGD on the moons dataset
np.random.seed(11)
x_all, y_all = make_moons(n_samples=240, noise=0.2, random_state=11)
y_all = y_all.reshape(-1, 1)


class MLP:
    def __init__(self, n_in, n_hidden):
        self.w1 = np.random.randn(n_in, n_hidden) * 0.5
        self.b1 = np.zeros((1, n_hidden))
        self.w2 = np.random.randn(n_hidden, 1) * 0.5
        self.b2 = np.zeros((1, 1))

    def sigmoid(self, z):
        return 1.0 / (1.0 + np.exp(-z))

    def forward(self, x):
        self.h = np.tanh(x @ self.w1 + self.b1)
        self.out = self.sigmoid(x @ self.w2 + self.b2)
        return self.out

    def backward(self, x, y):
        batch = x.shape[0]
        d_out = (self.out - y) / batch
        dw2 = self.h.T @ d_out
        db2 = d_out.sum(axis=0, keepdims=True)
        d_h = (d_out @ self.w2.T) * (1 - self.h ** 2)
        dw1 = x.T @ d_h
        db1 = d_h.sum(axis=0, keepdims=True)
        return (dw1, db1, dw2, db2)

    def sgd(self, grads, lr):
        for name, grad in zip(["w1", "b1", "w2", "b2"], grads):
            setattr(self, name, getattr(self, name) - lr * grad)


def bce(p, y):
    p = np.clip(p, 1e-7, 1 - 1e-7)
    return -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))


net = MLP(2, 10)
batch_size = 16

for epoch in range(60):
    order = np.random.permutation(len(x_all))
    for start in range(0, len(x_all), batch_size):
        idx = order[start:start + batch_size]
        xb, yb = x_all[idx], y_all[idx]
        net.forward(xb)
        grads = net.backward(xb, yb)
        net.sgd(grads, lr=0.5)
    if epoch % 20 == 0:
        print("epoch", epoch, "loss", round(bce(net.forward(x_all), y_all), 4))

# sanity check on a single point
point = x_all[0].reshape(1, 2)
print("first point prob", round(float(net.forward(point)[0, 0]), 4), "label", int(y_all[0, 0]))

probs = net.forward(x_all)
acc = np.mean((probs > 0.5) == y_all)
weights_sum = net.w1.sum() + net.b1.sum() + net.w2.sum() + net.b2.sum()
print(f"final loss {bce(probs, y_all):.6f} acc {acc:.3f} wsum {weights_sum:.6f}")
