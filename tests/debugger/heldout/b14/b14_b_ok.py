# neural network class (following the "make your own neural network" way)
# columns convention: each sample is a column vector
import numpy as np
from sklearn.datasets import load_iris

np.random.seed(7)


class NeuralNetwork:

    def __init__(self, input_nodes, hidden_nodes, output_nodes, lr):
        self.inodes = input_nodes
        self.hnodes = hidden_nodes
        self.onodes = output_nodes
        # link weights: wih is hidden x input, who is output x hidden
        self.wih = np.random.normal(0.0, pow(self.inodes, -0.5), (self.hnodes, self.inodes))
        self.who = np.random.normal(0.0, pow(self.hnodes, -0.5), (self.onodes, self.hnodes))
        self.lr = lr
        self.activation_function = lambda x: 1.0 / (1.0 + np.exp(-x))

    def train(self, inputs_list, targets_list):
        # convert lists to 2d column vectors
        inputs = np.array(inputs_list, ndmin=2).T
        targets = np.array(targets_list, ndmin=2).T

        hidden_inputs = np.dot(self.wih, inputs)
        hidden_outputs = self.activation_function(hidden_inputs)
        final_inputs = np.dot(self.who, hidden_outputs)
        final_outputs = self.activation_function(final_inputs)

        # errors
        output_errors = targets - final_outputs
        hidden_errors = np.dot(self.who.T, output_errors)

        # update the weights between hidden and output
        self.who += self.lr * np.dot(output_errors * final_outputs * (1.0 - final_outputs), hidden_outputs.T)
        # update the weights between input and hidden
        self.wih += self.lr * np.dot(hidden_errors * hidden_outputs * (1.0 - hidden_outputs), inputs.T)
        return float(np.sum(output_errors ** 2))

    def query(self, inputs_list):
        inputs = np.array(inputs_list, ndmin=2).T
        hidden_outputs = self.activation_function(np.dot(self.wih, inputs))
        final_outputs = self.activation_function(np.dot(self.who, hidden_outputs))
        return final_outputs


iris = load_iris()
data = iris.data / iris.data.max(axis=0)  # scale features into 0..1
labels = iris.target

n = NeuralNetwork(4, 8, 3, 0.2)

for epoch in range(15):
    total = 0.0
    for i in range(len(data)):
        targets = np.zeros(3) + 0.01
        targets[labels[i]] = 0.99
        total += n.train(data[i], targets)

# score it
correct = 0
for i in range(len(data)):
    outputs = n.query(data[i])
    if np.argmax(outputs) == labels[i]:
        correct += 1
print(f"final loss {total / len(data):.6f} acc {correct / len(data):.3f} wsum {n.wih.sum() + n.who.sum():.6f}")
