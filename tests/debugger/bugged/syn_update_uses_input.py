import numpy as np

np.random.seed(1)
X = np.array([[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]])
y = np.array([[0, 1, 1, 0]]).T
syn0 = 2 * np.random.random((3, 5)) - 1
syn1 = 2 * np.random.random((5, 1)) - 1

for j in range(400):
    l0 = X
    l1 = 1 / (1 + np.exp(-(np.dot(l0, syn0))))
    l2 = 1 / (1 + np.exp(-(np.dot(l1, syn1))))
    l2_error = y - l2
    l2_delta = l2_error * (l2 * (1 - l2))
    l1_error = l2_delta.dot(syn1.T)
    l1_delta = l1_error * (l1 * (1 - l1))
    syn1 += l0.T.dot(l2_delta)
    syn0 += l0.T.dot(l1_delta)

print("output", np.round(l2.ravel(), 3))
