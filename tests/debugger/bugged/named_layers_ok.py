import numpy as np

np.random.seed(42)
inputs = np.random.rand(40, 3)
expected = (inputs.sum(axis=1, keepdims=True) > 1.5).astype(float)
hidden_weights = np.random.uniform(size=(3, 6))
hidden_bias = np.random.uniform(size=(1, 6))
output_weights = np.random.uniform(size=(6, 1))
output_bias = np.random.uniform(size=(1, 1))


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


for _ in range(500):
    hidden_layer_activation = np.dot(inputs, hidden_weights) + hidden_bias
    hidden_layer_output = sigmoid(hidden_layer_activation)
    output_layer_activation = np.dot(hidden_layer_output, output_weights) + output_bias
    predicted_output = sigmoid(output_layer_activation)
    error = expected - predicted_output
    d_predicted_output = error * predicted_output * (1 - predicted_output)
    error_hidden_layer = d_predicted_output.dot(output_weights.T)
    d_hidden_layer = error_hidden_layer * hidden_layer_output * (1 - hidden_layer_output)
    output_weights += hidden_layer_output.T.dot(d_predicted_output) * 0.1
    output_bias += np.sum(d_predicted_output, axis=0, keepdims=True) * 0.1
    hidden_weights += inputs.T.dot(d_hidden_layer) * 0.1
    hidden_bias += np.sum(d_hidden_layer, axis=0, keepdims=True) * 0.1

print("mean error", round(float(np.mean(np.abs(error))), 6))
