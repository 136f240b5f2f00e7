import numpy as np

np.random.seed(1)

def relu(x):
    return (x > 0) * x          # returns x if x > 0, else 0

def relu2deriv(output):
    return output > 0           # 1 where the unit was active

# each row is one streetlight pattern, each target says walk (1) or stop (0)
inputs = np.array([[1, 0, 1],
                   [0, 1, 1],
                   [0, 0, 1],
                   [1, 1, 1],
                   [0, 1, 0],
                   [1, 0, 0]])
targets = np.array([[1, 1, 0, 0, 1, 1]])

alpha = 0.1
hidden_size = 4

weights_0_1 = 2 * np.random.random((3, hidden_size)) - 1
weights_1_2 = 2 * np.random.random((hidden_size, 1)) - 1

for iteration in range(60):
    layer_2_error = 0
    for i in range(len(inputs)):
        layer_0 = inputs[i:i+1]
        layer_1 = relu(np.dot(layer_0, weights_0_1))
        layer_2 = np.dot(layer_1, weights_1_2)

        layer_2_error += np.sum((layer_2 - targets[i:i+1]) ** 2)

        layer_2_delta = targets[i:i+1] - layer_2
        layer_1_delta = layer_2_delta.dot(weights_1_2.T) * relu2deriv(layer_1)

        weights_1_2 += alpha * layer_1.T.dot(layer_2_delta)
        weights_0_1 += alpha * layer_0.T.dot(layer_1_delta)

    if iteration % 20 == 19:
        print("Error:" + str(layer_2_error))

prediction = relu(inputs.dot(weights_0_1)).dot(weights_1_2)
print(f"final error {layer_2_error:.6e} pred {np.round(prediction.ravel(), 4)}")
