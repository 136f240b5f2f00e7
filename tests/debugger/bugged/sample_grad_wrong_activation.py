import numpy as np


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


rng = np.random.default_rng(3)
sizes = [2, 4, 1]
weights = [rng.normal(size=(b, a)) for a, b in zip(sizes[:-1], sizes[1:])]
biases = [rng.normal(size=(b, 1)) for b in sizes[1:]]
data = rng.uniform(-1, 1, size=(30, 2))
targets = (data[:, 0] > data[:, 1]).astype(float)
lr = 0.5

for epoch in range(15):
    for i in range(len(data)):
        x = data[i].reshape(2, 1)
        y = targets[i]
        activation = x
        activations = [x]
        for w, b in zip(weights, biases):
            z = w @ activation + b
            activation = sigmoid(z)
            activations.append(activation)
        delta = (activations[-1] - y) * activations[-1] * (1 - activations[-1])
        nabla_b = [None, delta]
        nabla_w = [None, delta @ activations[-2].T]
        sp = activations[1] * (1 - activations[1])
        delta = (weights[1].T @ delta) * sp
        nabla_b[0] = delta
        nabla_w[0] = delta @ activations[1].T
        for k in range(2):
            weights[k] -= lr * nabla_w[k]
            biases[k] -= lr * nabla_b[k]

outputs = [sigmoid(weights[1] @ sigmoid(weights[0] @ p.reshape(2, 1) + biases[0]) + biases[1]).item() for p in data]
print("accuracy", np.mean((np.array(outputs) > 0.5) == targets))
