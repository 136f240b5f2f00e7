import numpy as np

rng = np.random.default_rng(4)
n = 40
X = rng.uniform(-1, 1, size=(n, 3))
Y = np.tanh(X[:, :1] - 0.5 * X[:, 1:2] * X[:, 2:3])
layers = [3, 6, 4, 1]
Ws = [rng.normal(scale=0.5, size=(a, b)) for a, b in zip(layers[:-1], layers[1:])]
bs = [np.zeros((1, b)) for b in layers[1:]]
lr = 0.3

for it in range(150):
    acts = [X]
    for W, b in zip(Ws, bs):
        acts.append(np.tanh(acts[-1] @ W + b))
    err = acts[-1] - Y
    delta = err * (1 - acts[-1] ** 2)
    for k in reversed(range(len(Ws))):
        gW = acts[k + 1].T @ delta / n
        gb = delta.sum(axis=0, keepdims=True) / n
        delta = (delta @ Ws[k].T) * (1 - acts[k] ** 2)
        Ws[k] -= lr * gW
        bs[k] -= lr * gb

print("mse", round(float(np.mean(err ** 2)), 6))
