# MLP with two hidden layers for handwritten digits, mini-batch SGD
import numpy as np
from sklearn.datasets import load_digits

np.random.seed(42)

digits = load_digits()
X = digits.data[:500] / 16.0          # (500, 64) pixel values scaled to 0..1
labels = digits.target[:500]
Y = np.eye(10)[labels]                # one-hot, (500, 10)

def relu(z):
    return np.maximum(0, z)

def softmax(z):
    e = np.exp(z - np.max(z, axis=1, keepdims=True))
    return e / np.sum(e, axis=1, keepdims=True)

# layer sizes 64 -> 32 -> 16 -> 10
W_1 = np.random.randn(64, 32) * np.sqrt(2.0 / 64)
b_1 = np.zeros((1, 32))
W_2 = np.random.randn(32, 16) * np.sqrt(2.0 / 32)
b_2 = np.zeros((1, 16))
W_3 = np.random.randn(16, 10) * np.sqrt(2.0 / 16)
b_3 = np.zeros((1, 10))

learning_rate = 0.1
batch_size = 32

for epoch in range(20):
    for i in range(0, len(X), batch_size):
        x_batch = X[i:i+32]
        y_batch = Y[i:i+32]
        m = x_batch.shape[0]

        # forward
        h_1 = relu(np.dot(x_batch, W_1) + b_1)
        h_2 = relu(np.dot(h_1, W_2) + b_2)
        out = softmax(np.dot(h_2, W_3) + b_3)

        # backward (softmax + cross entropy)
        delta_3 = (out - y_batch) / m
        grad_W_3 = np.dot(h_2.T, delta_3)
        grad_b_3 = np.sum(delta_3, axis=0, keepdims=True)
        delta_2 = np.dot(delta_3, W_3.T) * (h_2 > 0)
        grad_W_2 = np.dot(h_1.T, delta_2)
        grad_b_2 = np.sum(delta_2, axis=1, keepdims=True)
        delta_1 = np.dot(delta_2, W_2.T) * (h_1 > 0)
        grad_W_1 = np.dot(x_batch.T, delta_1)
        grad_b_1 = np.sum(delta_1, axis=0, keepdims=True)

        # update
        W_3 -= learning_rate * grad_W_3
        b_3 -= learning_rate * grad_b_3
        W_2 -= learning_rate * grad_W_2
        b_2 -= learning_rate * grad_b_2
        W_1 -= learning_rate * grad_W_1
        b_1 -= learning_rate * grad_b_1

# evaluate on the whole 500
h_1 = relu(np.dot(X, W_1) + b_1)
h_2 = relu(np.dot(h_1, W_2) + b_2)
probs = softmax(np.dot(h_2, W_3) + b_3)
loss = -np.mean(np.sum(Y * np.log(probs + 1e-12), axis=1))
acc = np.mean(np.argmax(probs, axis=1) == labels)
print(f"final loss {loss:.6f} acc {acc:.3f} params {W_1.sum() + W_2.sum() + W_3.sum() + b_1.sum() + b_2.sum() + b_3.sum():.6f}")
