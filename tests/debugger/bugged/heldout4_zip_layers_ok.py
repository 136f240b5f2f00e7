import numpy as np

rng = np.random.default_rng(21)
sizes = [4, 9, 6, 2]
weights = [rng.normal(scale=1 / np.sqrt(m), size=(m, n)) for m, n in zip(sizes[:-1], sizes[1:])]
biases = [np.zeros((1, n)) for n in sizes[1:]]
X = rng.normal(size=(100, 4))
Y = np.stack([np.tanh(X[:, 0] * X[:, 1]), np.tanh(X[:, 2] - X[:, 3])], axis=1)
lr = 0.1
for epoch in range(150):
    acts = [X]
    for W, b in zip(weights, biases):
        acts.append(np.tanh(acts[-1] @ W + b))
    delta = (acts[-1] - Y) * (1 - acts[-1] ** 2) / len(X)
    deltas = [delta]
    for W, a in zip(weights[:0:-1], acts[-2:0:-1]):
        delta = (delta @ W.T) * (1 - a ** 2)
        deltas.append(delta)
    deltas.reverse()
    grads_w = [a.T @ d for a, d in zip(acts[:-1], deltas)]
    grads_b = [d.sum(axis=0, keepdims=True) for d in deltas]
    for W, b, gw, gb in zip(weights, biases, grads_w, grads_b):
        W -= lr * gw
        b -= lr * gb
loss = float(np.mean((acts[-1] - Y) ** 2))
print("loss", round(loss, 6))
