import numpy as np
from sklearn.datasets import make_moons

# shallow network, "one example per column" like in the course notes
np.random.seed(3)

X, y = make_moons(n_samples=200, noise=0.2, random_state=0)
X = X.T                  # (n_x, m)
Y = y.reshape(1, -1)     # (1, m)
n_x, m = X.shape
n_h = 5
n_y = 1

# initialize parameters
W1 = np.random.randn(n_h, n_x) * 0.5
b1 = np.zeros((n_h, 1))
W2 = np.random.randn(n_y, n_h) * 0.5
b2 = np.zeros((n_y, 1))

learning_rate = 1.2


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


for i in range(2000):
    # forward propagation
    Z1 = W1 @ X + b1
    A1 = np.tanh(Z1)
    Z2 = W2 @ A1 + b2
    A2 = sigmoid(Z2)

    cost = -np.mean(Y * np.log(A2) + (1 - Y) * np.log(1 - A2))

    # backward propagation
    dZ2 = A2 - Y
    dW2 = (1 / m) * A1.T @ dZ2
    db2 = (1 / m) * np.sum(dZ2, axis=1, keepdims=True)
    dZ1 = (W2.T @ dZ2) * (1 - A1 ** 2)
    dW1 = (1 / m) * dZ1 @ X.T
    db1 = (1 / m) * np.sum(dZ1, axis=1, keepdims=True)

    # gradient descent step
    W1 = W1 - learning_rate * dW1
    b1 = b1 - learning_rate * db1
    W2 = W2 - learning_rate * dW2
    b2 = b2 - learning_rate * db2

    if i % 500 == 0:
        print(f"cost after iteration {i}: {cost:.4f}")

accuracy = np.mean((A2 > 0.5) == Y)

# predict one new point
x_new = np.array([[0.5], [-0.3]])
a1_new = np.tanh(W1 @ x_new + b1)
p_new = sigmoid(W2 @ a1_new + b2)
print(f"final cost {cost:.6f} accuracy {accuracy:.3f} p_new {p_new[0, 0]:.5f}")
