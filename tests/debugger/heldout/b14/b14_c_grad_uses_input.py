# 3-layer network (input, hidden, softmax output) on the moons data
import numpy as np
from sklearn.datasets import make_moons

np.random.seed(0)
X, y = make_moons(300, noise=0.20, random_state=0)

num_examples = len(X)
nn_input_dim = 2
nn_output_dim = 2
epsilon = 0.01      # learning rate
reg_lambda = 0.01   # regularization strength


def forward(model, X):
    W1, b1, W2, b2 = model['W1'], model['b1'], model['W2'], model['b2']
    z1 = X.dot(W1) + b1
    a1 = np.tanh(z1)
    z2 = a1.dot(W2) + b2
    exp_scores = np.exp(z2)
    probs = exp_scores / np.sum(exp_scores, axis=1, keepdims=True)
    return z1, a1, z2, probs


def calculate_loss(model):
    _, _, _, probs = forward(model, X)
    correct_logprobs = -np.log(probs[range(num_examples), y])
    data_loss = np.sum(correct_logprobs)
    data_loss += reg_lambda / 2 * (np.sum(np.square(model['W1'])) + np.sum(np.square(model['W2'])))
    return data_loss / num_examples


def build_model(nn_hdim, num_passes=2000):
    W1 = np.random.randn(nn_input_dim, nn_hdim) / np.sqrt(nn_input_dim)
    b1 = np.zeros((1, nn_hdim))
    W2 = np.random.randn(nn_hdim, nn_output_dim) / np.sqrt(nn_hdim)
    b2 = np.zeros((1, nn_output_dim))
    model = {'W1': W1, 'b1': b1, 'W2': W2, 'b2': b2}

    for i in range(num_passes):
        z1, a1, z2, probs = forward(model, X)

        # backpropagation
        delta3 = probs.copy()
        delta3[range(num_examples), y] -= 1
        dW2 = (X.T).dot(delta3)
        db2 = np.sum(delta3, axis=0, keepdims=True)
        delta2 = delta3.dot(W2.T) * (1 - np.power(a1, 2))
        dW1 = np.dot(X.T, delta2)
        db1 = np.sum(delta2, axis=0)

        # regularization terms
        dW2 += reg_lambda * W2
        dW1 += reg_lambda * W1

        # gradient descent parameter update
        W1 += -epsilon * dW1
        b1 += -epsilon * db1
        W2 += -epsilon * dW2
        b2 += -epsilon * db2
        model = {'W1': W1, 'b1': b1, 'W2': W2, 'b2': b2}

        if i % 1000 == 0:
            print("Loss after iteration %i: %f" % (i, calculate_loss(model)))
    return model


model = build_model(5, num_passes=1200)
_, _, _, probs = forward(model, X)
acc = np.mean(np.argmax(probs, axis=1) == y)
total = sum(np.sum(v) for v in model.values())
print(f"final loss {calculate_loss(model):.6f} acc {acc:.3f} params {total:.6f}")
