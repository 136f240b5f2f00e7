import numpy as np

# 2-layer net in the style of the classic "neural network in a few lines" blog post,
# but I added bias rows b0 and b1 because the tutorial comments said it helps XOR


def sigmoid(x, deriv=False):
    if deriv:
        # x is already the sigmoid output here
        return x * (1 - x)
    return 1 / (1 + np.exp(-x))


# truth table: columns are input A, input B  (4 rows x 2 inputs)
X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]])

# XOR targets, one per row
y = np.array([[0, 1, 1, 0]]).T

np.random.seed(1)
hidden = 3
alpha = 0.5

# weights between layers (synapses) and bias rows
syn0 = 2 * np.random.random((2, hidden)) - 1
syn1 = 2 * np.random.random((hidden, 1)) - 1
b0 = np.zeros((1, hidden))
b1 = np.zeros((1, 1))

for j in range(5000):
    # forward pass through layers 0, 1 and 2
    l0 = X
    l1 = sigmoid(np.dot(l0, syn0) + b0)
    l2 = sigmoid(np.dot(l1, syn1) + b1)

    # how much did we miss?
    l2_error = y - l2
    if j % 1000 == 0:
        print("Error:" + str(np.mean(np.abs(l2_error))))

    # in what direction is the target value?
    l2_delta = l2_error * sigmoid(l2, deriv=True)

    # how much did each l1 value contribute to the l2 error?
    l1_error = l2_delta.dot(syn1)
    l1_delta = l1_error * sigmoid(l1, deriv=True)

    # update weights and biases
    syn1 += l1.T.dot(l2_delta) * alpha
    syn0 += l0.T.dot(l1_delta) * alpha
    b1 += l2_delta.sum(axis=0, keepdims=True) * alpha
    b0 += l1_delta.sum(axis=0, keepdims=True) * alpha

final_error = np.mean(np.abs(y - l2))
print(f"final error {final_error:.6f} outputs {np.round(l2.ravel(), 4)} b0sum {b0.sum():.5f}")
