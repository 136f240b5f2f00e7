import numpy as np

# XOR blobs: four gaussian clusters, opposite corners share a label
rng = np.random.default_rng(7)
centres = np.array([[-1.0, -1.0], [1.0, 1.0], [-1.0, 1.0], [1.0, -1.0]])
X = np.vstack([c + 0.35 * rng.standard_normal((60, 2)) for c in centres])
labels = np.array([0] * 120 + [1] * 120)
y = labels.reshape(-1, 1)          # (n, 1) column of 0/1 labels
n = X.shape[0]

def init(n_in, n_hidden, n_out):
    P = {}
    P["W1"] = rng.standard_normal((n_in, n_hidden)) * 0.5
    P["b1"] = np.zeros((1, n_hidden))
    P["W2"] = rng.standard_normal((n_hidden, n_out)) * 0.5
    P["b2"] = np.zeros((1, n_out))
    return P

def relu(z):
    return np.maximum(0, z)

def sigmoid(z):
    return 1 / (1 + np.exp(-z))

def forward(P, X):
    Z1 = X @ P["W1"] + P["b1"]
    A1 = relu(Z1)
    Z2 = A1 @ P["W2"] + P["b2"]
    A2 = sigmoid(Z2)
    cache = {"Z1": Z1, "A1": A1, "A2": A2}
    return A2, cache

def bce(A2, y):
    eps = 1e-9
    return -np.mean(y * np.log(A2 + eps) + (1 - y) * np.log(1 - A2 + eps))

def backward(P, cache, X, y):
    G = {}
    dZ2 = (cache["A2"] - y) / n
    G["W2"] = cache["A1"].T @ dZ2
    G["b2"] = np.sum(dZ2, axis=0, keepdims=True)
    dA1 = dZ2 @ P["W2"]
    dZ1 = dA1 * (cache["Z1"] > 0)
    G["W1"] = X.T @ dZ1
    G["b1"] = np.sum(dZ1, axis=0, keepdims=True)
    return G

def update(P, G, lr):
    for key in P:
        P[key] -= lr * G[key]

P = init(2, 16, 1)
for step in range(300):
    A2, cache = forward(P, X)
    loss = bce(A2, y)
    G = backward(P, cache, X, y)
    update(P, G, 0.5)
    if step % 100 == 0:
        print(f"step {step} loss {loss:.4f}")

A2, _ = forward(P, X)
acc = np.mean((A2 > 0.5) == y)
print(f"final loss {bce(A2, y):.6f} acc {acc:.3f} check {A2.sum():.6f}")
