import numpy as np


def affine_forward(x, w, b):
    out = x @ w + b
    return out, (x, w, b)


def affine_backward(dout, cache):
    x, w, b = cache
    dx = dout @ w.T
    dw = x.T @ dout
    db = np.sum(dout, axis=0)
    return dx, dw, db


def relu_forward(x):
    return np.maximum(0, x), x


def relu_backward(dout, cache):
    return dout * (cache > 0)


rng = np.random.default_rng(17)
N, D, H = 64, 6, 11
x = rng.normal(size=(N, D))
y = x[:, :1] - 2 * x[:, 1:2] + np.tanh(x[:, 2:3])
model = {"W1": 0.3 * rng.normal(size=(D, H)), "b1": np.zeros(H),
         "W2": 0.3 * rng.normal(size=(H, 1)), "b2": np.zeros(1)}
for it in range(300):
    h, cache1 = affine_forward(x, model["W1"], model["b1"])
    r, cache_r = relu_forward(h)
    out, cache2 = affine_forward(r, model["W2"], model["b2"])
    loss = np.mean((out - y) ** 2)
    dout = 2 * (out - y) / N
    grads = {}
    dr, grads["W2"], grads["b2"] = affine_backward(dout, cache2)
    dh = relu_backward(dr, cache_r)
    _, grads["W1"], grads["b1"] = affine_backward(dh, cache1)
    for k in model:
        model[k] -= 0.05 * grads[k]
print("loss", round(float(loss), 6))
