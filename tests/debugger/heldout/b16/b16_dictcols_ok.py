# Planar-style classifier on make_moons: tanh hidden layer, sigmoid output
# columns convention: X is (n_x, m), Y is (1, m)
import numpy as np
from sklearn.datasets import make_moons

np.random.seed(1)

X_data, y_data = make_moons(n_samples=200, noise=0.2, random_state=1)
X = X_data.T                  # (2, 200)
Y = y_data.reshape(1, -1)     # (1, 200)


def initialize_parameters(n_x, n_h, n_y):
    W1 = np.random.randn(n_h, n_x) * 0.01
    b1 = np.zeros((n_h, 1))
    W2 = np.random.randn(n_y, n_h) * 0.01
    b2 = np.zeros((n_y, 1))
    parameters = {"W1": W1, "b1": b1, "W2": W2, "b2": b2}
    return parameters


def forward_propagation(X, parameters):
    W1 = parameters["W1"]
    b1 = parameters["b1"]
    W2 = parameters["W2"]
    b2 = parameters["b2"]
    Z1 = np.dot(W1, X) + b1
    A1 = np.tanh(Z1)
    Z2 = np.dot(W2, A1) + b2
    A2 = 1 / (1 + np.exp(-Z2))
    cache = {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}
    return A2, cache


def compute_cost(A2, Y):
    m = Y.shape[1]
    logprobs = Y * np.log(A2) + (1 - Y) * np.log(1 - A2)
    cost = -np.sum(logprobs) / m
    return float(cost)


def backward_propagation(parameters, cache, X, Y):
    m = X.shape[1]
    W2 = parameters["W2"]
    A1 = cache["A1"]
    A2 = cache["A2"]
    dZ2 = A2 - Y
    dW2 = np.dot(dZ2, A1.T) / m
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m
    dZ1 = np.dot(W2.T, dZ2) * (1 - np.power(A1, 2))
    dW1 = np.dot(dZ1, X.T) / m
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m
    grads = {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}
    return grads


def update_parameters(parameters, grads, learning_rate=1.2):
    for key in ["W1", "b1", "W2", "b2"]:
        parameters[key] = parameters[key] - learning_rate * grads["d" + key]
    return parameters


parameters = initialize_parameters(2, 4, 1)
for i in range(1000):
    A2, cache = forward_propagation(X, parameters)
    cost = compute_cost(A2, Y)
    grads = backward_propagation(parameters, cache, X, Y)
    parameters = update_parameters(parameters, grads)
    if i % 250 == 0:
        print("Cost after iteration %i: %f" % (i, cost))

predictions = (A2 > 0.5).astype(int)
accuracy = np.mean(predictions == Y)
total = sum(float(np.sum(v)) for v in parameters.values())
print(f"final cost {cost:.6f} accuracy {accuracy:.3f} param_sum {total:.6f}")
