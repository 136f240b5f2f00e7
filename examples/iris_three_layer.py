"""A 3-layer network (4 -> 8 -> 6 -> 3) on iris-like flowers, with the δ recursion.

The data is generated here (no download): 50 flowers per species around the real iris
means of sepal length, sepal width, petal length and petal width. Sigmoid layers,
half squared error E = ½‖X3 − T‖², and the backward pass as a recursion:

    δ3 = (X3 − T) ∘ f'(X2·W3)      ∂E/∂W3 = X2ᵀ·δ3
    δ2 = δ3·W3ᵀ ∘ f'(X1·W2)        ∂E/∂W2 = X1ᵀ·δ2
    δ1 = δ2·W2ᵀ ∘ f'(X0·W1)        ∂E/∂W1 = X0ᵀ·δ1
"""

import numpy as np

rng = np.random.default_rng(1)
means = np.array([[5.0, 3.4, 1.5, 0.2], [5.9, 2.8, 4.3, 1.3], [6.6, 3.0, 5.6, 2.0]])
spread = np.array([0.35, 0.35, 0.45, 0.2])
X0 = np.vstack([m + spread * rng.standard_normal((50, 4)) for m in means])  # (150, 4)
labels = np.repeat(np.arange(3), 50)
T = np.eye(3)[labels]  # one-hot targets, (150, 3)
X0 = (X0 - X0.mean(axis=0)) / X0.std(axis=0)


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


W1 = rng.normal(0.0, 0.5, size=(4, 8))
W2 = rng.normal(0.0, 0.5, size=(8, 6))
W3 = rng.normal(0.0, 0.5, size=(6, 3))

for epoch in range(1500):
    X1 = sigmoid(X0 @ W1)  # (150, 8)
    X2 = sigmoid(X1 @ W2)  # (150, 6)
    X3 = sigmoid(X2 @ W3)  # (150, 3)
    E = 0.5 * np.sum((X3 - T) ** 2)

    delta3 = (X3 - T) * X3 * (1 - X3)          # (150, 3)
    delta2 = (delta3 @ W3.T) * X2 * (1 - X2)   # (150, 6)
    delta1 = (delta2 @ W2.T) * X1 * (1 - X1)   # (150, 8)

    W3 -= 0.01 * X2.T @ delta3                 # (6, 3)
    W2 -= 0.01 * X1.T @ delta2                 # (8, 6)
    W1 -= 0.01 * X0.T @ delta1                 # (4, 8)

accuracy = np.mean(np.argmax(X3, axis=1) == labels)
print(f"E = {E:.2f}, training accuracy {accuracy:.1%}")
