import numpy as np
from sklearn.datasets import load_iris

np.random.seed(3)


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def sigmoid_prime(z):
    s = sigmoid(z)
    return s * (1 - s)


class NeuralNetwork:
    def __init__(self, layer_sizes):
        self.num_layers = len(layer_sizes)
        self.layer_sizes = layer_sizes
        self.biases = [np.random.randn(y, 1) for y in layer_sizes[1:]]
        self.weights = [np.random.randn(y, x) * 0.5
                        for x, y in zip(layer_sizes[:-1], layer_sizes[1:])]

    def feedforward(self, a):
        for b, w in zip(self.biases, self.weights):
            a = sigmoid(w @ a + b)
        return a

    def backprop(self, x, y):
        nabla_b = [np.zeros(b.shape) for b in self.biases]
        nabla_w = [np.zeros(w.shape) for w in self.weights]
        # forward pass, remembering every z and activation
        activation = x
        activations = [x]
        zs = []
        for b, w in zip(self.biases, self.weights):
            z = w @ activation + b
            zs.append(z)
            activation = sigmoid(z)
            activations.append(activation)
        # output error for MSE cost
        delta = (activations[-1] - y) * sigmoid_prime(zs[-1])
        nabla_b[-1] = delta
        nabla_w[-1] = delta @ activations[-2].T
        # go back through the hidden layers
        for l in range(2, self.num_layers):
            sp = sigmoid_prime(zs[-l])
            delta = (self.weights[-l + 1].T @ delta) * sp
            nabla_b[-l] = delta
            nabla_w[-l] = delta @ activations[-l - 1].T
        return (nabla_b, nabla_w)

    def train(self, data, epochs, batch_size, eta):
        for epoch in range(epochs):
            for k in range(0, len(data), batch_size):
                batch = data[k:k + batch_size]
                nabla_b = [np.zeros(b.shape) for b in self.biases]
                nabla_w = [np.zeros(w.shape) for w in self.weights]
                for x, y in batch:
                    delta_nabla_b, delta_nabla_w = self.backprop(x, y)
                    nabla_b = [nb + dnb for nb, dnb in zip(nabla_b, delta_nabla_b)]
                    nabla_w = [nw + dnw for nw, dnw in zip(nabla_w, delta_nabla_w)]
                self.weights = [w - (eta / len(batch)) * nw for w, nw in zip(self.weights, nabla_w)]
                self.biases = [b - (eta / len(batch)) * nb for b, nb in zip(self.biases, nabla_b)]

    def cost(self, data):
        total = 0.0
        for x, y in data:
            total += 0.5 * np.sum((self.feedforward(x) - y) ** 2)
        return total / len(data)


iris = load_iris()
features = (iris.data - iris.data.mean(axis=0)) / iris.data.std(axis=0)
labels = iris.target

training_data = []
for i in range(len(labels)):
    x = features[i].reshape(1, 4)
    y = np.zeros((3, 1))
    y[labels[i]] = 1.0
    training_data.append((x, y))

net = NeuralNetwork([4, 8, 3])
net.train(training_data, epochs=30, batch_size=10, eta=2.0)

correct = sum(int(np.argmax(net.feedforward(x)) == np.argmax(y)) for x, y in training_data)
print(f"final cost {net.cost(training_data):.6f} acc {correct / len(training_data):.3f}")
