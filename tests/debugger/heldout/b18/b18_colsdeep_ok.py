# L-layer network, columns convention (each column is one example)
import numpy as np
from sklearn.datasets import make_moons

np.random.seed(3)

X_data, y_data = make_moons(n_samples=200, noise=0.15, random_state=7)
X = X_data.T                       # (2, m)
Y = y_data.reshape(1, -1)          # (1, m)
m = X.shape[1]

layer_dims = [2, 10, 6, 1]
L = len(layer_dims)

parameters = {}
for l in range(1, L):
    parameters['W' + str(l)] = np.random.randn(layer_dims[l], layer_dims[l - 1]) * np.sqrt(2.0 / layer_dims[l - 1])
    parameters['b' + str(l)] = np.zeros((layer_dims[l], 1))

def sigmoid(Z):
    return 1 / (1 + np.exp(-Z))

learning_rate = 0.3

for i in range(1500):
    # forward propagation
    caches = []
    A = X
    for l in range(1, L):
        A_prev = A
        Z = np.dot(parameters['W' + str(l)], A_prev) + parameters['b' + str(l)]
        if l == L - 1:
            A = sigmoid(Z)
        else:
            A = np.maximum(0, Z)
        caches.append((A_prev, Z))
    AL = A

    # cost
    cost = -np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)) / m
    cost = np.squeeze(cost)

    # backward propagation
    grads = {}
    dZ = AL - Y
    for l in reversed(range(L)):
        if l == 0:
            break
        A_prev, Z = caches[l - 1]
        if l < L - 1:
            dZ = dA * (Z > 0)
        grads['dW' + str(l)] = np.dot(dZ, A_prev.T) / m
        grads['db' + str(l)] = np.sum(dZ, axis=1, keepdims=True) / m
        dA = np.dot(parameters['W' + str(l)].T, dZ)

    # update parameters
    for l in range(1, L):
        parameters['W' + str(l)] = parameters['W' + str(l)] - learning_rate * grads['dW' + str(l)]
        parameters['b' + str(l)] = parameters['b' + str(l)] - learning_rate * grads['db' + str(l)]

    if i % 500 == 0:
        print("cost after iteration %i: %f" % (i, cost))

# predict one new point
x_new = np.array([0.5, -0.25])
x_new = x_new.reshape(2, 1)
a = x_new
for l in range(1, L):
    z = np.dot(parameters['W' + str(l)], a) + parameters['b' + str(l)]
    a = sigmoid(z) if l == L - 1 else np.maximum(0, z)
p_new = float(np.squeeze(a))

predictions = (AL > 0.5)
accuracy = np.mean(predictions == Y)
total = sum(np.sum(v) for v in parameters.values())
print(f"final cost {cost:.6f} acc {accuracy:.3f} sum {total:.6f} p_new {p_new:.6f}")
