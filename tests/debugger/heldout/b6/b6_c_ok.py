import numpy as np
from sklearn.datasets import make_moons

np.random.seed(2)

X_data, y_data = make_moons(n_samples=300, noise=0.25, random_state=7)
X = X_data.T                   # (n_x, m)
Y = y_data.reshape(1, -1)      # (1, m)
X_test_data, y_test_data = make_moons(n_samples=100, noise=0.25, random_state=8)
X_test = X_test_data.T
Y_test = y_test_data.reshape(1, -1)
layers_dims = [X.shape[0], 8, 5, 1]


def initialize_parameters_deep(layer_dims):
    parameters = {}
    L = len(layer_dims)
    for l in range(1, L):
        parameters['W' + str(l)] = np.random.randn(layer_dims[l], layer_dims[l - 1]) * np.sqrt(2.0 / layer_dims[l - 1])
        parameters['b' + str(l)] = np.zeros((layer_dims[l], 1))
    return parameters


def L_model_forward(X, parameters):
    caches = []
    A = X
    L = len(parameters) // 2
    for l in range(1, L):
        A_prev = A
        Z = np.dot(parameters['W' + str(l)], A_prev) + parameters['b' + str(l)]
        A = np.maximum(0, Z)
        caches.append((A_prev, Z))
    ZL = np.dot(parameters['W' + str(L)], A) + parameters['b' + str(L)]
    AL = 1 / (1 + np.exp(-ZL))
    caches.append((A, ZL))
    return AL, caches


def compute_cost(AL, Y):
    m = Y.shape[1]
    cost = -np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)) / m
    return float(np.squeeze(cost))


def L_model_backward(AL, Y, caches, parameters):
    grads = {}
    L = len(caches)
    m = AL.shape[1]
    dZ = AL - Y
    for l in reversed(range(1, L + 1)):
        A_prev, Z = caches[l - 1]
        if l < L:
            dZ = dA * (Z > 0)
        grads['dW' + str(l)] = np.dot(dZ, A_prev.T) / m
        grads['db' + str(l)] = np.sum(dZ, axis=1, keepdims=True) / m
        dA = np.dot(parameters['W' + str(l)].T, dZ)
    return grads


def update_parameters(parameters, grads, learning_rate):
    L = len(parameters) // 2
    for l in range(1, L + 1):
        parameters['W' + str(l)] = parameters['W' + str(l)] - learning_rate * grads['dW' + str(l)]
        parameters['b' + str(l)] = parameters['b' + str(l)] - learning_rate * grads['db' + str(l)]
    return parameters


parameters = initialize_parameters_deep(layers_dims)
learning_rate = 0.3
for i in range(0, 2500):
    AL, caches = L_model_forward(X, parameters)
    cost = compute_cost(AL, Y)
    grads = L_model_backward(AL, Y, caches, parameters)
    parameters = update_parameters(parameters, grads, learning_rate)
    if i % 500 == 0:
        print("Cost after iteration {}: {}".format(i, cost))

AL, _ = L_model_forward(X, parameters)
train_acc = float(np.mean((AL > 0.5) == Y))
AL_test, _ = L_model_forward(X_test, parameters)
test_acc = float(np.mean((AL_test > 0.5) == Y_test))
checksum = sum(float(np.sum(v)) for v in parameters.values())
print(f"final cost {compute_cost(AL, Y):.6f} train {train_acc:.3f} test {test_acc:.3f} params {checksum:.6f}")
