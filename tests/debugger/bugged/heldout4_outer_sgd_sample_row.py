import numpy as np

rng = np.random.default_rng(9)
data = rng.normal(size=(40, 3))
targets = np.stack([data[:, 0] - data[:, 1], data[:, 2] ** 2], axis=1)
W1 = rng.normal(scale=0.5, size=(7, 3))
b1 = np.zeros((7, 1))
W2 = rng.normal(scale=0.5, size=(2, 7))
b2 = np.zeros((2, 1))
lr = 0.02
for epoch in range(15):
    total = 0.0
    for i in range(len(data)):
        x = data[i].reshape(1, 3)
        t = targets[i].reshape(2, 1)
        h = np.tanh(W1 @ x + b1)
        y = W2 @ h + b2
        e = y - t
        total += float(np.sum(e ** 2))
        dh = (W2.T @ e) * (1 - h ** 2)
        W2 -= lr * np.outer(e, h)
        b2 -= lr * e
        W1 -= lr * np.outer(dh, x)
        b1 -= lr * dh
print("epoch loss", round(total / len(data), 6))
