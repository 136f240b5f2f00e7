# Two-layer softmax classifier on digits, with L2 regularization and lr decay
import numpy as np
from sklearn.datasets import load_digits

np.random.seed(1)

digits = load_digits()
X = digits.data[:400] / 16.0       # (400, 64)
y = digits.target[:400]            # (400,)
num_train, D = X.shape
H, C = 32, 10

W1 = 0.01 * np.random.randn(D, H)
b1 = np.zeros(H)
W2 = 0.01 * np.random.randn(H, C)
b2 = np.zeros(C)

reg = 1e-3
learning_rate = 0.5
lr_decay = 0.99

for it in range(200):
    # forward pass
    hidden = np.maximum(0, X @ W1 + b1)
    scores = hidden @ W2 + b2
    scores -= np.max(scores, axis=1, keepdims=True)
    exp_scores = np.exp(scores)
    probs = exp_scores / np.sum(exp_scores, axis=1, keepdims=True)

    data_loss = -np.mean(np.log(probs[np.arange(num_train), y]))
    reg_loss = 0.5 * reg * (np.sum(W1 * W1) + np.sum(W2 * W2))
    loss = data_loss + reg_loss

    # backward pass
    dscores = probs.copy()
    dscores[np.arange(num_train), y] -= 1
    dscores /= num_train

    grad_W2 = hidden.T @ dscores + reg * W2
    grad_b2 = np.sum(dscores, axis=0)
    dhidden = dscores @ W2.T
    dhidden[hidden <= 0] = 0
    grad_W1 = X.T @ dhidden + reg * W1
    grad_b1 = np.sum(dhidden, axis=0)

    W1 -= learning_rate * grad_W1
    b1 -= learning_rate * grad_b1
    W2 -= learning_rate * grad_W2
    b2 -= learning_rate * grad_b2

    if it % 50 == 0:
        print(f"iteration {it}: loss {loss:.4f}")
        learning_rate *= lr_decay

# classify one unseen digit
x_test = digits.data[450] / 16.0   # (64,)
x_test = x_test.reshape(D, 1)
h_test = np.maximum(0, x_test @ W1 + b1)
test_scores = h_test @ W2 + b2
pred = np.argmax(test_scores)

train_acc = np.mean(np.argmax(scores, axis=1) == y)
print(f"final loss {loss:.6f} train acc {train_acc:.3f} W {np.sum(W1) + np.sum(W2):.6f} b {np.sum(b1) + np.sum(b2):.6f} test {pred} {test_scores.max():.6f}")
