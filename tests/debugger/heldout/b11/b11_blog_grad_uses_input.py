import numpy as np

# three layer network, following the "neural net in a few lines" blog post
def nonlin(x, deriv=False):
    if deriv:
        return x * (1 - x)
    return 1 / (1 + np.exp(-x))

# input dataset: 8 samples, 3 features
X = np.array([[0, 0, 1],
              [0, 1, 1],
              [1, 0, 1],
              [1, 1, 1],
              [0, 0, 0],
              [1, 0, 0],
              [0, 1, 0],
              [1, 1, 0]])

# output dataset
y = np.array([[0, 1, 1, 0, 0, 1, 1, 0]]).T

np.random.seed(1)

# randomly initialize our weights with mean 0
syn0 = 2 * np.random.random((3, 5)) - 1
syn1 = 2 * np.random.random((5, 4)) - 1
syn2 = 2 * np.random.random((4, 1)) - 1

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
    l2_error = l3_delta.dot(syn2.T)
    l2_delta = l2_error * nonlin(l2, deriv=True)

    l1_error = l2_delta.dot(syn1.T)
    l1_delta = l1_error * nonlin(l1, deriv=True)

    syn2 += l2.T.dot(l3_delta)
    syn1 += l0.T.dot(l2_delta)
    syn0 += l0.T.dot(l1_delta)

print("Output after training:")
print(l3.round(3).T)
print(f"final error {np.mean(np.abs(l3_error)):.6f} checksum {syn0.sum() + syn1.sum() + syn2.sum():.6f}")
