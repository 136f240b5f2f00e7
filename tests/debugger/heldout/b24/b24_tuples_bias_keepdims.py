import numpy as np
from sklearn.datasets import load_iris

# iris classifier, parameters stored as a list of (W, b) tuples
rng = np.random.RandomState(7)

iris = load_iris()
X_all = iris.data
X_all = (X_all - X_all.mean(axis=0)) / X_all.std(axis=0)
y_all = iris.target

order = rng.permutation(len(X_all))
X_train, y_train = X_all[order[:120]], y_all[order[:120]]
X_test, y_test = X_all[order[120:]], y_all[order[120:]]

n_classes = 3
Y_train = np.eye(n_classes)[y_train]  # one-hot, one row per flower

W1 = rng.randn(4, 8) * 0.5
b1 = np.zeros((1, 8))
W2 = rng.randn(8, n_classes) * 0.5
b2 = np.zeros((1, n_classes))
params = [(W1, b1), (W2, b2)]


def forward(params, X):
    acts = [X]
    A = X
    for W, b in params[:-1]:
        A = np.maximum(0, A @ W + b)
        acts.append(A)
    W, b = params[-1]
    Z = A @ W + b
    Z = Z - Z.max(axis=1, keepdims=True)
    P = np.exp(Z) / np.exp(Z).sum(axis=1)
    return acts, P


def backward(params, acts, P, Y):
    (W1, b1), (W2, b2) = params
    X, H = acts
    m = X.shape[0]
    dZ2 = (P - Y) / m
    dW2 = H.T @ dZ2
    db2 = dZ2.sum(axis=0, keepdims=True)
    dH = dZ2 @ W2.T
    dZ1 = dH * (H > 0)
    dW1 = X.T @ dZ1
    db1 = dZ1.sum(axis=0, keepdims=True)
    grads = [(dW1, db1), (dW2, db2)]
    return grads


lr = 0.1
for epoch in range(500):
    acts, P = forward(params, X_train)
    loss = -np.mean(np.sum(Y_train * np.log(P + 1e-12), axis=1))
    grads = backward(params, acts, P, Y_train)
    params = [(W - lr * dW, b - lr * db) for (W, b), (dW, db) in zip(params, grads)]

_, P_test = forward(params, X_test)
test_acc = np.mean(P_test.argmax(axis=1) == y_test)
print(f"final loss {loss:.6f} test acc {test_acc:.3f} p0 {P_test[0].max():.5f}")
