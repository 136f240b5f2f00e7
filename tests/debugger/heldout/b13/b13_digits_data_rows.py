import numpy as np
from sklearn.datasets import load_digits

# digit classifier: one ReLU hidden layer, softmax output
np.random.seed(0)

digits = load_digits()
X = digits.data[:500] / 16.0          # scale pixels to [0, 1]
y = digits.target[:500]
n = X.shape[0]

# one-hot labels, one row per sample
Y = np.zeros((n, 10))
Y[np.arange(n), y] = 1

n_in, n_hidden, n_out = X.shape[0], 32, 10
W1 = np.random.randn(n_in, n_hidden) * 0.1
b1 = np.zeros((1, n_hidden))
W2 = np.random.randn(n_hidden, n_out) * 0.1
b2 = np.zeros((1, n_out))

lr = 0.8
for epoch in range(60):
    # forward
    hidden_pre = X @ W1 + b1
    hidden = np.maximum(0, hidden_pre)
    logits = hidden @ W2 + b2
    logits = logits - logits.max(axis=1, keepdims=True)
    exp = np.exp(logits)
    probs = exp / exp.sum(axis=1, keepdims=True)
    loss = -np.mean(np.sum(Y * np.log(probs + 1e-12), axis=1))

    # backward
    d_logits = (probs - Y) / n
    dW2 = hidden.T @ d_logits
    db2 = d_logits.sum(axis=0, keepdims=True)
    d_hidden = d_logits @ W2.T
    d_hidden_pre = d_hidden * (hidden_pre > 0)
    dW1 = X.T @ d_hidden_pre
    db1 = d_hidden_pre.sum(axis=0, keepdims=True)

    # full-batch gradient descent
    W1 -= lr * dW1
    b1 -= lr * db1
    W2 -= lr * dW2
    b2 -= lr * db2

    if epoch % 20 == 0:
        print(f"epoch {epoch}: loss {loss:.4f}")

hidden = np.maximum(0, X @ W1 + b1)
logits = hidden @ W2 + b2
acc = np.mean(np.argmax(logits, axis=1) == y)
print(f"final loss {loss:.6f} acc {acc:.3f} logit sum {logits.sum():.5f}")
