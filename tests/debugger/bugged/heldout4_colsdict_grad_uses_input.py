import numpy as np

rng = np.random.default_rng(4)
n = 60
raw = rng.normal(size=(n, 2))
X = raw.T
y = ((raw[:, 0] ** 2 + raw[:, 1] ** 2) < 1.2).astype(float).reshape(1, n)
params = {"W1": rng.normal(scale=0.6, size=(5, 2)), "b1": np.zeros((5, 1)),
          "W2": rng.normal(scale=0.6, size=(1, 5)), "b2": np.zeros((1, 1))}
for it in range(300):
    Z1 = params["W1"] @ X + params["b1"]
    A1 = np.tanh(Z1)
    A2 = 1 / (1 + np.exp(-(params["W2"] @ A1 + params["b2"])))
    dZ2 = A2 - y
    grads = {"W2": dZ2 @ X.T / n, "b2": dZ2.mean(axis=1, keepdims=True)}
    dZ1 = (params["W2"].T @ dZ2) * (1 - A1 ** 2)
    grads["W1"] = dZ1 @ X.T / n
    grads["b1"] = dZ1.mean(axis=1, keepdims=True)
    for k in params:
        params[k] -= 0.5 * grads[k]
acc = float(np.mean((A2 > 0.5) == (y > 0.5)))
print("accuracy", round(acc, 4))
