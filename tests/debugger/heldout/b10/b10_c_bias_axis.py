# Regression with one ReLU hidden layer and L2 weight decay
import numpy as np

rng = np.random.default_rng(42)

# generated data: y = X @ true_w + noise
n_features = 5
true_w = np.array([[1.5], [-2.0], [0.7], [0.0], [3.1]])
X = rng.normal(size=(200, n_features))
y = X @ true_w + 0.1 * rng.normal(size=(200, 1))
X_val = rng.normal(size=(60, n_features))
y_val = X_val @ true_w + 0.1 * rng.normal(size=(60, 1))
n = X.shape[0]

hidden = 16
W1 = rng.normal(size=(n_features, hidden)) * 0.3
b1 = np.zeros((1, hidden))
W2 = rng.normal(size=(hidden, 1)) * 0.3
b2 = np.zeros((1, 1))

lr = 0.05
lam = 1e-3

for epoch in range(600):
    # forward
    Z1 = X @ W1 + b1
    A1 = np.maximum(Z1, 0)
    y_hat = A1 @ W2 + b2
    mse = np.mean((y_hat - y) ** 2)

    # backward (mse gradient, plus weight decay)
    dZ2 = 2 * (y_hat - y)
    dW2 = A1.T @ dZ2 / n + lam * W2
    db2 = np.sum(dZ2, axis=0, keepdims=True) / n
    dA1 = dZ2 @ W2.T
    dZ1 = dA1 * (Z1 > 0)
    dW1 = X.T @ dZ1 / n + lam * W1
    db1 = np.sum(dZ1, axis=1, keepdims=True) / n

    # update
    W1 -= lr * dW1
    b1 -= lr * db1
    W2 -= lr * dW2
    b2 -= lr * db2

    # check the validation set
    if epoch % 100 == 0:
        A1_val = np.maximum(X_val @ W1 + b1, 0)
        val_pred = A1_val @ W2 + b2
        val_mse = np.mean((val_pred - y_val) ** 2)
        print(f"epoch {epoch}: train mse {mse:.4f} val mse {val_mse:.4f}")

A1_val = np.maximum(X_val @ W1 + b1, 0)
val_mse = np.mean((A1_val @ W2 + b2 - y_val) ** 2)
weights = W1.sum() + b1.sum() + W2.sum() + b2.sum()
print(f"final train {mse:.6f} val {val_mse:.6f} w {weights:.6f}")
