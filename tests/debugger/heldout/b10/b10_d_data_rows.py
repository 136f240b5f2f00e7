# A small multi-layer net whose sizes come from the data: 3 gaussian blobs
import numpy as np

np.random.seed(7)

# three clusters in 2d, 50 points each
centers = np.array([[0.0, 0.0], [3.0, 3.0], [-3.0, 3.0]])
X = np.vstack([c + np.random.randn(50, 2) for c in centers])
labels = np.repeat(np.arange(3), 50)
Y = np.eye(3)[labels].T             # one-hot labels

n_in = X.shape[1]
n_out = Y.shape[1]


def init(layer_sizes):
    params = []
    for i in range(len(layer_sizes) - 1):
        W = np.random.randn(layer_sizes[i], layer_sizes[i + 1]) * 0.5
        b = np.zeros((1, layer_sizes[i + 1]))
        params.append((W, b))
    return params


def softmax(z):
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


layers = init([n_in, 8, 6, n_out])
lr = 0.3

for step in range(400):
    # forward: remember the input and z of every layer
    cache = []
    a = X
    for i, (W, b) in enumerate(layers):
        z = a @ W + b
        cache.append((a, z))
        a = softmax(z) if i == len(layers) - 1 else np.tanh(z)
    probs = a
    loss = -np.mean(np.sum(Y * np.log(probs + 1e-12), axis=1))

    # backward
    delta = (probs - Y) / X.shape[0]
    grads = [None] * len(layers)
    for i in reversed(range(len(layers))):
        a_in, z = cache[i]
        W, b = layers[i]
        dW = a_in.T @ delta
        db = delta.sum(axis=0, keepdims=True)
        grads[i] = (dW, db)
        if i > 0:
            delta = (delta @ W.T) * (1 - np.tanh(cache[i - 1][1]) ** 2)

    # update every layer
    layers = [(W - lr * dW, b - lr * db) for (W, b), (dW, db) in zip(layers, grads)]

    if step % 100 == 0:
        print("step", step, "loss", round(loss, 5))

acc = np.mean(np.argmax(probs, axis=1) == labels)
total = sum(W.sum() + b.sum() for W, b in layers)
print(f"final loss {loss:.6f} acc {acc:.3f} params {total:.6f}")
