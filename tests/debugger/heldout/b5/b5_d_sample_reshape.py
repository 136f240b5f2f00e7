import numpy as np


# sigmoid, and its derivative given the sigmoid output
def nonlin(x, deriv=False):
    if deriv:
        return x * (1 - x)
    return 1 / (1 + np.exp(-x))


# XOR input dataset
X = np.array([[0, 0],
              [0, 1],
              [1, 0],
              [1, 1]])

# output dataset
y = np.array([[0, 1, 1, 0]]).T

np.random.seed(1)

# synapses, randomly initialised with mean 0
syn0 = 2 * np.random.random((2, 6)) - 1
syn1 = 2 * np.random.random((6, 1)) - 1
# biases kept as separate arrays
b0 = np.zeros((1, 6))
b1 = np.zeros((1, 1))

for j in range(5000):
    # feed forward through layers 0, 1 and 2
    l0 = X
    l1 = nonlin(np.dot(l0, syn0) + b0)
    l2 = nonlin(np.dot(l1, syn1) + b1)

    # how much did we miss?
    l2_error = y - l2
    l2_delta = l2_error * nonlin(l2, deriv=True)

    # how much did each l1 value contribute to the l2 error?
    l1_error = l2_delta.dot(syn1.T)
    l1_delta = l1_error * nonlin(l1, deriv=True)

    syn1 += l1.T.dot(l2_delta)
    syn0 += l0.T.dot(l1_delta)
    b1 += np.sum(l2_delta, axis=0, keepdims=True)
    b0 += np.sum(l1_delta, axis=0, keepdims=True)

    if j % 1000 == 0:
        print("Error: " + str(np.mean(np.abs(l2_error))))

# try one input on its own
x_test = np.array([1, 0]).reshape(-1, 1)
out = nonlin(np.dot(nonlin(np.dot(x_test, syn0) + b0), syn1) + b1)
print(f"final error {np.mean(np.abs(l2_error)):.6f} out10 {out[0, 0]:.5f}")
