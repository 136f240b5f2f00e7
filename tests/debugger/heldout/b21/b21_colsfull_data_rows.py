import numpy as np

np.random.seed(1)

# make a toy 2D dataset: two features, label = inside a circle or not
m_total = 300
x1 = np.random.randn(m_total)
x2 = np.random.randn(m_total)
X = np.column_stack([x1, x2])                        # (2, m)
Y = ((x1 ** 2 + x2 ** 2) < 1.2).astype(float).reshape(1, m_total)   # (1, m)

m = X.shape[1]
n_x = X.shape[0]
n_h = 6
n_y = Y.shape[0]


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


# initialize parameters
W1 = np.random.randn(n_h, n_x) * 0.01
b1 = np.zeros((n_h, 1))
W2 = np.random.randn(n_y, n_h) * 0.01
b2 = np.zeros((n_y, 1))

learning_rate = 1.2
num_iterations = 1500

for i in range(num_iterations):
    # forward propagation
    Z1 = np.dot(W1, X) + b1
    A1 = np.tanh(Z1)
    Z2 = np.dot(W2, A1) + b2
    A2 = sigmoid(Z2)

    # cross-entropy cost
    logprobs = Y * np.log(A2) + (1 - Y) * np.log(1 - A2)
    cost = -np.sum(logprobs) / m

    # backward propagation
    dZ2 = A2 - Y
    dW2 = np.dot(dZ2, A1.T) / m
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m
    dZ1 = np.dot(W2.T, dZ2) * (1 - np.power(A1, 2))
    dW1 = np.dot(dZ1, X.T) / m
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m

    # gradient descent update
    W1 = W1 - learning_rate * dW1
    b1 = b1 - learning_rate * db1
    W2 = W2 - learning_rate * dW2
    b2 = b2 - learning_rate * db2

    if i % 500 == 0:
        print("Cost after iteration %i: %f" % (i, cost))

# predictions on the training set
A1 = np.tanh(np.dot(W1, X) + b1)
A2 = sigmoid(np.dot(W2, A1) + b2)
predictions = (A2 > 0.5).astype(float)
accuracy = np.mean(predictions == Y)
print("final cost %.6f accuracy %.3f" % (cost, accuracy))
