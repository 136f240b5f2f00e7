# 3-bit parity with a tiny numpy network (a la the classic blog post)
import numpy as np


def nonlin(x, deriv=False):
    if deriv == True:
        return x * (1 - x)
    return 1 / (1 + np.exp(-x))


# input dataset: 8 patterns of 3 bits
X = np.array([[0, 0, 0],
              [0, 0, 1],
              [0, 1, 0],
              [0, 1, 1],
              [1, 0, 0],
              [1, 0, 1],
              [1, 1, 0],
              [1, 1, 1]])

# output dataset: parity bit
y = np.array([[0, 1, 1, 0, 1, 0, 0, 1]]).T

np.random.seed(1)

# weights and biases
syn0 = 2 * np.random.random((3, 6)) - 1
syn1 = 2 * np.random.random((6, 1)) - 1
bias0 = np.zeros((1, 6))
bias1 = np.zeros((1, 1))
alpha = 0.5

for j in range(6000):
    # feed forward through layers 0, 1 and 2
    l0 = X
    l1 = nonlin(np.dot(l0, syn0) + bias0)
    l2 = nonlin(np.dot(l1, syn1) + bias1)

    # how much did we miss?
    l2_error = y - l2
    if (j % 2000) == 0:
        print("Error:" + str(np.mean(np.abs(l2_error))))

    l2_delta = l2_error * nonlin(l2, deriv=True)

    # how much did each l1 value contribute to the l2 error?
    l1_error = l2_delta.dot(syn1)
    l1_delta = l1_error * nonlin(l1, deriv=True)

    syn1 += alpha * l1.T.dot(l2_delta)
    syn0 += alpha * l0.T.dot(l1_delta)
    bias1 += alpha * np.sum(l2_delta, axis=0, keepdims=True)
    bias0 += alpha * np.sum(l1_delta, axis=0, keepdims=True)

err = np.mean(np.abs(l2_error))
check = syn0.sum() + syn1.sum() + bias0.sum() + bias1.sum()
print("Output After Training: " + " ".join("%.4f" % v for v in l2.ravel()) + " | error %.6f check %.6f" % (err, check))
