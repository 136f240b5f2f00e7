import numpy as np

# a tiny 3 layer network, written the way the old blog post does it
np.random.seed(1)


def nonlin(x, deriv=False):
    # sigmoid; with deriv=True, x is already the sigmoid output
    if deriv:
        return x * (1 - x)
    return 1 / (1 + np.exp(-x))


# input dataset: every 3-bit pattern, last column is a constant bias input
X = np.array([[0, 0, 0, 1],
              [0, 0, 1, 1],
              [0, 1, 0, 1],
              [0, 1, 1, 1],
              [1, 0, 0, 1],
              [1, 0, 1, 1],
              [1, 1, 0, 1],
              [1, 1, 1, 1]])

# output dataset: parity of the three bits
y = np.array([[0, 1, 1, 0, 1, 0, 0, 1]]).T

# randomly initialize our weights with mean 0
syn0 = 2 * np.random.random((4, 6)) - 1
syn1 = 2 * np.random.random((6, 5)) - 1
syn2 = 2 * np.random.random((5, 1)) - 1

# the blog used 20000 iterations, 3000 is enough here
for j in range(3000):
    # feed forward through layers 0, 1, 2 and 3
    l0 = X
    l1 = nonlin(np.dot(l0, syn0))
    l2 = nonlin(np.dot(l1, syn1))
    l3 = nonlin(np.dot(l2, syn2))

    # how much did we miss the target value?
    l3_error = y - l3
    if (j % 1000) == 0:
        print("Error:" + str(np.mean(np.abs(l3_error))))

    # in what direction is the target value?
    l3_delta = l3_error * nonlin(l3, deriv=True)

    # how much did each l2 value contribute to the l3 error?
    l2_error = syn2.dot(l3_delta.T)
    l2_delta = l2_error * nonlin(l2, deriv=True)

    # how much did each l1 value contribute to the l2 error?
    l1_error = l2_delta.dot(syn1.T)
    l1_delta = l1_error * nonlin(l1, deriv=True)

    # update the weights
    syn2 += l2.T.dot(l3_delta)
    syn1 += l1.T.dot(l2_delta)
    syn0 += l0.T.dot(l1_delta)

checksum = np.abs(syn0).sum() + np.abs(syn1).sum() + np.abs(syn2).sum()
print(f"final error {np.mean(np.abs(l3_error)):.6f} weights {checksum:.4f}")
