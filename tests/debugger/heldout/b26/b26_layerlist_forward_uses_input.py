# Digits classifier where every layer is a small dict kept in a list.
import numpy as np
from sklearn.datasets import load_digits

np.random.seed(1)
digits = load_digits()
X = digits.data[:500] / 16.0       # (500, 64), pixel values scaled to [0, 1]
y = digits.target[:500]            # (500,) integer labels
n = X.shape[0]

sizes = [64, 32, 10]
layers = []
for n_in, n_out in zip(sizes[:-1], sizes[1:]):
    layers.append({'W': np.random.randn(n_in, n_out) * np.sqrt(2.0 / n_in),
                   'b': np.zeros((1, n_out))})


def forward(x):
    for i, layer in enumerate(layers):
        layer['x'] = X                               # remember the input for backprop
        layer['z'] = x @ layer['W'] + layer['b']
        if i < len(layers) - 1:
            x = np.maximum(0, layer['z'])            # ReLU on hidden layers
        else:
            x = layer['z']                           # raw scores on the last layer
    return x


def softmax(s):
    e = np.exp(s - s.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


lr = 0.5
for epoch in range(100):
    probs = softmax(forward(X))
    loss = -np.mean(np.log(probs[np.arange(n), y] + 1e-12))

    # gradient of the cross-entropy w.r.t. the scores
    grad = probs.copy()
    grad[np.arange(n), y] -= 1
    grad /= n

    for i, layer in enumerate(reversed(layers)):
        if i > 0:
            grad = grad * (layer['z'] > 0)           # back through the ReLU
        layer['dW'] = layer['x'].T @ grad
        layer['db'] = np.sum(grad, axis=0, keepdims=True)
        grad = grad @ layer['W'].T                   # pass to the layer below

    for layer in layers:
        layer['W'] -= lr * layer['dW']
        layer['b'] -= lr * layer['db']

    if epoch % 25 == 0:
        print(f"epoch {epoch} loss {loss:.4f}")

acc = np.mean(np.argmax(forward(X), axis=1) == y)
sample = X[7].reshape(1, -1)                          # a single digit as a 1-row batch
sample_pred = np.argmax(forward(sample), axis=1)[0]
print(f"final loss {loss:.6f} acc {acc:.3f} sample {sample_pred} (true {y[7]})")
