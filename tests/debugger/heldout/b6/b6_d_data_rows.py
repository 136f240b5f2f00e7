import numpy as np
from sklearn.datasets import load_digits

np.random.seed(42)

digits = load_digits()
X_all = digits.data[:500].T / 16.0     # (64, 500), one column per image
y_all = digits.target[:500]
X, labels = X_all[:, :400], y_all[:400]
X_test, labels_test = X_all[:, 400:], y_all[400:]
n_samples = X.shape[1]
n_classes = 10
Y = np.eye(n_classes)[labels]        # one-hot, (10, 400)

n_in, n_hidden = 64, 16
W_hidden = np.random.randn(n_hidden, n_in) * 0.1
b_hidden = np.zeros((n_hidden, 1))
W_out = np.random.randn(n_classes, n_hidden) * 0.1
b_out = np.zeros((n_classes, 1))


def softmax(z):
    z = z - np.max(z, axis=0, keepdims=True)
    e = np.exp(z)
    return e / np.sum(e, axis=0, keepdims=True)


learning_rate = 0.5
for step in range(300):
    # forward
    hidden_in = W_hidden @ X + b_hidden
    hidden_out = np.maximum(hidden_in, 0)
    scores = W_out @ hidden_out + b_out
    probs = softmax(scores)
    loss = -np.sum(Y * np.log(probs + 1e-12)) / n_samples

    # backward
    grad_scores = (probs - Y) / n_samples
    grad_W_out = grad_scores @ hidden_out.T
    grad_b_out = np.sum(grad_scores, axis=1, keepdims=True)
    grad_hidden_out = W_out.T @ grad_scores
    grad_hidden_in = grad_hidden_out * (hidden_in > 0)
    grad_W_hidden = grad_hidden_in @ X.T
    grad_b_hidden = np.sum(grad_hidden_in, axis=1, keepdims=True)

    # gradient descent step
    W_out -= learning_rate * grad_W_out
    b_out -= learning_rate * grad_b_out
    W_hidden -= learning_rate * grad_W_hidden
    b_hidden -= learning_rate * grad_b_hidden

    if step % 100 == 0:
        print(f"step {step} loss {loss:.4f}")

# evaluate on the held-out images
hidden_test = np.maximum(W_hidden @ X_test + b_hidden, 0)
probs_test = softmax(W_out @ hidden_test + b_out)
test_loss = -np.mean(np.log(probs_test[labels_test, np.arange(X_test.shape[1])] + 1e-12))
test_acc = np.mean(np.argmax(probs_test, axis=0) == labels_test)

# classify a single image to check the network by hand
x_single = X_test[:, 0].reshape(-1, 1)
h_single = np.maximum(W_hidden @ x_single + b_hidden, 0)
p_single = softmax(W_out @ h_single + b_out)
print("first test image: predicted", int(np.argmax(p_single)), "true", labels_test[0])

checksum = W_hidden.sum() + b_hidden.sum() + W_out.sum() + b_out.sum()
print(f"final train loss {loss:.6f} test loss {test_loss:.6f} test acc {test_acc:.3f} "
      f"p0 {p_single.max():.6f} params {checksum:.6f}")
