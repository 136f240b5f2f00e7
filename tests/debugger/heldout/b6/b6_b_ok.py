import numpy as np
from sklearn.datasets import load_iris

np.random.seed(0)

iris = load_iris()
X = iris.data
X = (X - X.mean(axis=0)) / X.std(axis=0)
labels = iris.target


def one_hot(j):
    e = np.zeros((3, 1))
    e[j] = 1.0
    return e


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def sigmoid_prime(z):
    return sigmoid(z) * (1 - sigmoid(z))


sizes = [4, 8, 3]
num_layers = len(sizes)
biases = [np.random.randn(y, 1) for y in sizes[1:]]
weights = [np.random.randn(y, x) for x, y in zip(sizes[:-1], sizes[1:])]


def feedforward(a):
    for b, w in zip(biases, weights):
        a = sigmoid(np.dot(w, a) + b)
    return a


def backprop(x, y):
    nabla_b = [np.zeros(b.shape) for b in biases]
    nabla_w = [np.zeros(w.shape) for w in weights]
    activation = x
    activations = [x]
    zs = []
    for b, w in zip(biases, weights):
        z = np.dot(w, activation) + b
        zs.append(z)
        activation = sigmoid(z)
        activations.append(activation)
    # quadratic cost derivative
    delta = (activations[-1] - y) * sigmoid_prime(zs[-1])
    nabla_b[-1] = delta
    nabla_w[-1] = np.dot(delta, activations[-2].transpose())
    for l in range(2, num_layers):
        z = zs[-l]
        sp = sigmoid_prime(z)
        delta = np.dot(weights[-l + 1].transpose(), delta) * sp
        nabla_b[-l] = delta
        nabla_w[-l] = np.dot(delta, activations[-l - 1].transpose())
    return nabla_b, nabla_w


eta = 0.5
order = np.arange(len(X))
for epoch in range(30):
    np.random.shuffle(order)
    for i in order:
        x = X[i].reshape(-1, 1)
        y = one_hot(labels[i])
        delta_nabla_b, delta_nabla_w = backprop(x, y)
        weights = [w - eta * nw for w, nw in zip(weights, delta_nabla_w)]
        biases = [b - eta * nb for b, nb in zip(biases, delta_nabla_b)]

correct = 0
total_cost = 0.0
for i in range(len(X)):
    out = feedforward(X[i].reshape(-1, 1))
    total_cost += 0.5 * np.sum((out - one_hot(labels[i])) ** 2)
    correct += int(np.argmax(out) == labels[i])
checksum = sum(float(np.sum(w)) for w in weights) + sum(float(np.sum(b)) for b in biases)
print(f"final cost {total_cost / len(X):.6f} acc {correct / len(X):.3f} params {checksum:.6f}")
