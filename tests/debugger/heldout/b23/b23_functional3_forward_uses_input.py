import numpy as np
from sklearn.datasets import load_digits

np.random.seed(5)

digits = load_digits()
X = digits.data[:400] / 16.0        # (400, 64)
y = digits.target[:400]             # integer labels 0..9


def dense_forward(x, W, b):
    out = x @ W + b
    return out, (x, W)


def dense_backward(dout, cache):
    x, W = cache
    dx = dout @ W.T
    dW = x.T @ dout
    db = np.sum(dout, axis=0, keepdims=True)
    return dx, dW, db


def relu_forward(x):
    return np.maximum(0, x)


def relu_backward(dout, x):
    return dout * (x > 0)


def softmax_loss(scores, y):
    shifted = scores - scores.max(axis=1, keepdims=True)
    probs = np.exp(shifted) / np.exp(shifted).sum(axis=1, keepdims=True)
    n = scores.shape[0]
    loss = -np.mean(np.log(probs[np.arange(n), y]))
    dscores = probs.copy()
    dscores[np.arange(n), y] -= 1
    return loss, dscores / n


# 64 -> 48 -> 32 -> 10
W1 = np.random.randn(64, 48) * np.sqrt(2.0 / 64)
b1 = np.zeros((1, 48))
W2 = np.random.randn(48, 32) * np.sqrt(2.0 / 48)
b2 = np.zeros((1, 32))
W3 = np.random.randn(32, 10) * np.sqrt(2.0 / 32)
b3 = np.zeros((1, 10))
params = [W1, b1, W2, b2, W3, b3]
lr = 0.1

for step in range(150):
    # forward
    z1, cache1 = dense_forward(X, W1, b1)
    a1 = relu_forward(z1)
    z2, cache2 = dense_forward(X, W2, b2)
    a2 = relu_forward(z2)
    scores, cache3 = dense_forward(a2, W3, b3)
    loss, dscores = softmax_loss(scores, y)

    # backward
    da2, dW3, db3 = dense_backward(dscores, cache3)
    dz2 = relu_backward(da2, z2)
    da1, dW2, db2 = dense_backward(dz2, cache2)
    dz1 = relu_backward(da1, z1)
    _, dW1, db1 = dense_backward(dz1, cache1)

    grads = [dW1, db1, dW2, db2, dW3, db3]
    for p, g in zip(params, grads):
        p -= lr * g
    if step % 50 == 0:
        print("step", step, "loss", round(loss, 4))

a2 = relu_forward(relu_forward(X @ W1 + b1) @ W2 + b2)
acc = np.mean(np.argmax(a2 @ W3 + b3, axis=1) == y)
print(f"final loss {loss:.6f} acc {acc:.3f} sum {sum(p.sum() for p in params):.6f}")
