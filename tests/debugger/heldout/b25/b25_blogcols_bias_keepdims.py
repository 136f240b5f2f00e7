import numpy as np

# XOR with a neural network, columns are the training examples
np.random.seed(1)

def sigmoid(x):
    return 1 / (1 + np.exp(-x))

def sigmoid_deriv(s):
    # s is already sigmoid(x)
    return s * (1 - s)

# truth table: each column is one example
X = np.array([[0, 0, 1, 1], [0, 1, 0, 1]])
y = np.array([[0, 1, 1, 0]])

W1 = np.random.randn(4, 2)
b1 = np.zeros((4, 1))
W2 = np.random.randn(1, 4)
b2 = np.zeros((1, 1))

lr = 0.5

for i in range(4000):
    # forward
    a1 = sigmoid(W1.dot(X) + b1)
    a2 = sigmoid(W2.dot(a1) + b2)

    # error and deltas (we add, because error = y - a2)
    error = y - a2
    d2 = error * sigmoid_deriv(a2)
    d1 = W2.T.dot(d2) * sigmoid_deriv(a1)

    # update weights
    W2 += lr * d2.dot(a1.T)
    b2 += lr * np.sum(d2, axis=1, keepdims=True)
    W1 += lr * d1.dot(X.T)
    b1 += lr * np.sum(d1, axis=1)

    if i % 1000 == 0:
        print("Error:", np.mean(np.abs(error)))

# try a single input pair
x_test = np.array([1, 0]).reshape(2, 1)
h_test = sigmoid(W1.dot(x_test) + b1)
print("1 xor 0 =", round(float(sigmoid(W2.dot(h_test) + b2)[0, 0]), 4))

a1 = sigmoid(W1.dot(X) + b1)
a2 = sigmoid(W2.dot(a1) + b2)
print("final output", np.round(a2, 4), "sum", round(float(W1.sum() + b1.sum() + W2.sum() + b2.sum()), 6))
