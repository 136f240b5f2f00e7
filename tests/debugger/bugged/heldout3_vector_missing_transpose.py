import numpy as np

rng = np.random.default_rng(2)
n, d = 50, 4
X = rng.normal(size=(n, d))
true_w = np.array([1.5, -2.0, 0.5, 3.0])
y = X @ true_w + 0.1 * rng.normal(size=n)
V = rng.normal(scale=0.3, size=(d, 5))
u = rng.normal(scale=0.3, size=5)
c = 0.0
for step in range(400):
    H = np.tanh(X @ V)
    pred = H @ u + c
    err = pred - y
    grad_u = H.T @ err / n
    grad_c = err.mean()
    grad_H = np.outer(err, u) * (1 - H ** 2)
    grad_V = X @ grad_H / n
    u -= 0.1 * grad_u
    c -= 0.1 * grad_c
    V -= 0.1 * grad_V
print("mse", round(float(np.mean(err ** 2)), 6))
