# XOR with a tiny 2-3-1 network (columns = samples)
import numpy as np

np.random.seed(1)

# each column is one training example
X = np.array([[0, 0, 1, 1], [0, 1, 0, 1]])
Y = np.array([[0, 1, 1, 0]])
m = X.shape[1]

n_x, n_h, n_y = 2, 3, 1
learning_rate = 1.2


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


# parameters
W1 = np.random.randn(n_h, n_x) * 0.5
b1 = np.zeros((n_h, 1))
W2 = np.random.randn(n_y, n_h) * 0.5
b2 = np.zeros((n_y, 1))

for i in range(5000):
    # forward propagation
    Z1 = np.matmul(W1, X) + b1
    A1 = sigmoid(Z1)
    Z2 = np.matmul(W2, A1) + b2
    A2 = sigmoid(Z2)

    # cross entropy cost
    cost = -np.sum(Y * np.log(A2) + (1 - Y) * np.log(1 - A2)) / m

    # backward propagation
    dZ2 = A2 - Y
    dW2 = np.matmul(dZ2, np.transpose(A1)) / m
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m
    dA1 = np.matmul(np.transpose(W2), dZ2)
    dZ1 = dA1 * A1 * (1 - A1)
    dW1 = np.matmul(dZ1, np.transpose(X)) / m
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m

    # gradient descent update
    W1 = W1 - learning_rate * dW1
    b1 = b1 - learning_rate * db1
    W2 = W2 - learning_rate * dW2
    b2 = b2 - learning_rate * db2

    if i % 1000 == 0:
        print("cost after iteration", i, ":", round(float(cost), 6))

predictions = (A2 > 0.5).astype(int)
accuracy = np.mean(predictions == Y)
checksum = np.sum(W1) + np.sum(b1) + np.sum(W2) + np.sum(b2)
print(f"final cost {cost:.6f} acc {accuracy:.3f} params {checksum:.6f}")
