"""A hidden layer of 3 units given a bias made for 4: the broadcast fails.

X·W1 is (n, 3); b1 was created (1, 4), so `X @ W1 + b1` lines up 3 against 4.

    nntutor debug --plain examples/bug_bias_shape.py
"""

import numpy as np

rng = np.random.default_rng(6)
X = rng.standard_normal((50, 2))
W1 = rng.standard_normal((2, 3)) * 0.5
b1 = np.zeros((1, 4))  # BUG: the hidden layer has 3 units
W2 = rng.standard_normal((3, 1)) * 0.5
b2 = np.zeros((1, 1))

H = np.tanh(X @ W1 + b1)
out = H @ W2 + b2
print(out.shape)
