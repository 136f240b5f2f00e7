# A tiny neural network in numpy, following the classic 2-layer blog example
import numpy as np


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def sigmoid_output_to_derivative(output):
    return output * (1 - output)


# input dataset: each row is a training example (third column is always 1)
X = np.array([[0, 0, 1],
              [0, 1, 1],
              [1, 0, 1],
              [1, 1, 1]])

# output dataset, one row per example
y = np.array([[0, 1, 1, 0]]).T

np.random.seed(1)

# randomly initialize our weights with mean 0
syn0 = 2 * np.random.random((3, 4)) - 1
syn1 = 2 * np.random.random((4, 1)) - 1
alpha = 1.0

for j in range(3000):
    # feed forward through layers 0, 1, and 2
    l0 = X
    l1 = sigmoid(np.dot(l0, syn0))
    l2 = sigmoid(np.dot(l0, syn1))

    # how much did we miss the target value?
    l2_error = y - l2
    if (j % 1000) == 0:
        print("Error after " + str(j) + " iterations: " + str(np.mean(np.abs(l2_error))))

    # in what direction is the target value?
    l2_delta = l2_error * sigmoid_output_to_derivative(l2)

    # how much did each l1 value contribute to the l2 error?
    l1_error = l2_delta.dot(syn1.T)
    l1_delta = l1_error * sigmoid_output_to_derivative(l1)

    syn1 += alpha * l1.T.dot(l2_delta)
    syn0 += alpha * l0.T.dot(l1_delta)

print("final error %.6f output %s weights %.6f" % (np.mean(np.abs(l2_error)), np.round(l2.ravel(), 4), syn0.sum() + syn1.sum()))
