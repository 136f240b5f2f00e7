import numpy as np


class TwoLayer:
    def __init__(self, sizes, seed=0):
        rng = np.random.default_rng(seed)
        n_in, n_h, n_out = sizes
        self.params = {
            "W1": rng.normal(scale=0.3, size=(n_in, n_h)),
            "b1": np.zeros((1, n_h)),
            "W2": rng.normal(scale=0.3, size=(n_h, n_out)),
            "b2": np.zeros((1, n_out)),
        }

    def loss_and_grads(self, X, T):
        p = self.params
        n = X.shape[0]
        a1 = 1 / (1 + np.exp(-(X @ p["W1"] + p["b1"])))
        logits = a1 @ p["W2"] + p["b2"]
        e = np.exp(logits - logits.max(axis=1, keepdims=True))
        probs = e / e.sum(axis=1, keepdims=True)
        loss = -np.mean(np.sum(T * np.log(probs), axis=1))
        dlogits = (probs - T) / n
        grads = {}
        grads["W2"] = a1.T @ dlogits
        grads["b2"] = dlogits.sum(axis=1, keepdims=True)
        da1 = dlogits @ p["W2"].T
        dz1 = da1 * a1 * (1 - a1)
        grads["W1"] = X.T @ dz1
        grads["b1"] = dz1.sum(axis=0, keepdims=True)
        return loss, grads

    def step(self, grads, lr):
        for name in self.params:
            self.params[name] -= lr * grads[name]


rng = np.random.default_rng(11)
X = rng.normal(size=(90, 4))
labels = (X[:, 0] + X[:, 1] * X[:, 2] > 0).astype(int) + (X[:, 3] > 0.8).astype(int)
T = np.eye(3)[labels]
model = TwoLayer((4, 7, 3), seed=5)
for it in range(200):
    loss, grads = model.loss_and_grads(X, T)
    model.step(grads, 1.0)
print("loss", round(float(loss), 5))
