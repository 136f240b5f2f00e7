import numpy as np

rng = np.random.default_rng(11)
X = rng.uniform(-1, 1, size=(120, 2))
t = np.sin(3 * X[:, 0]) * X[:, 1]
t = t.reshape(-1, 1)
W1 = rng.normal(scale=0.8, size=(2, 16))
c1 = np.zeros((1, 16))
W2 = rng.normal(scale=0.8, size=(16, 1))
c2 = np.zeros((1, 1))
lr = 0.05
for epoch in range(40):
    for xb, tb in zip(np.array_split(X, 6), np.array_split(t, 6)):
        a = np.tanh(np.dot(xb, W1) + c1)
        out = np.dot(a, W2) + c2
        g = (out - tb) / len(xb)
        gW2 = np.dot(a.T, g)
        gc2 = np.sum(g, axis=0, keepdims=True)
        ga = np.dot(g, W2.T) * (1 - a ** 2)
        gW1 = np.dot(xb.T, ga)
        gc1 = np.sum(ga, axis=1, keepdims=True)
        W2 -= lr * gW2
        c2 -= lr * gc2
        W1 -= lr * gW1
        c1 -= lr * gc1
pred = np.dot(np.tanh(np.dot(X, W1) + c1), W2) + c2
print("mse", round(float(np.mean((pred - t) ** 2)), 6))
