# my first neural network - 2 layers, sigmoid, trained on the moons dataset
import numpy as np
from sklearn.datasets import make_moons

np.random.seed(1)

# get the data
X, y = make_moons(n_samples=200, noise=0.2, random_state=3)
y = y.reshape(-1, 1)  # make y a column so it matches the output

def sigmoid(x):
    return 1 / (1 + np.exp(-x))

def sigmoid_derivative(s):
    # s is already sigmoid(x)
    return s * (1 - s)

# network size
input_size = 2
hidden_size = 6
output_size = 1
learning_rate = 0.5

# weights and biases
w1 = np.random.randn(input_size, hidden_size) * 0.5
b1 = np.zeros((1, hidden_size))
w2 = np.random.randn(hidden_size, output_size) * 0.5
b2 = np.zeros((1, output_size))

for epoch in range(1500):
    # forward pass
    hidden_in = np.dot(X, w1) + b1
    hidden_out = sigmoid(hidden_in)
    final_in = np.dot(X, w2) + b2
    final_out = sigmoid(final_in)

    # mean squared error
    error = final_out - y
    loss = np.mean(error ** 2)

    # backward pass
    d_final = error * sigmoid_derivative(final_out)
    d_w2 = np.dot(hidden_out.T, d_final) / len(X)
    d_b2 = np.sum(d_final, axis=0, keepdims=True) / len(X)
    d_hidden = np.dot(d_final, w2.T) * sigmoid_derivative(hidden_out)
    d_w1 = np.dot(X.T, d_hidden) / len(X)
    d_b1 = np.sum(d_hidden, axis=0, keepdims=True) / len(X)

    # update the weights
    w2 -= learning_rate * d_w2
    b2 -= learning_rate * d_b2
    w1 -= learning_rate * d_w1
    b1 -= learning_rate * d_b1

    if epoch % 500 == 0:
        print("epoch", epoch, "loss", round(loss, 5))

# check how good it is
predictions = (final_out > 0.5).astype(int)
accuracy = np.mean(predictions == y)
print(f"final loss {loss:.6f} acc {accuracy:.3f} checksum {w1.sum() + b1.sum() + w2.sum() + b2.sum():.6f}")
