# A 2-layer network for the moons data set, following the classic tutorial layout.
import numpy as np
from sklearn.datasets import make_moons

np.random.seed(0)
X, y = make_moons(200, noise=0.20, random_state=0)
X_test, y_test = make_moons(100, noise=0.20, random_state=1)

num_examples = len(X)      # training set size
nn_input_dim = 2           # input layer dimensionality
nn_output_dim = 2          # output layer dimensionality
epsilon = 0.01             # learning rate for gradient descent
reg_lambda = 0.01          # regularization strength


def forward(model, x):
    z1 = x.dot(model['W1']) + model['b1']
    a1 = np.tanh(z1)
    z2 = a1.dot(model['W2']) + model['b2']
    exp_scores = np.exp(z2)
    return exp_scores / np.sum(exp_scores, axis=1, keepdims=True)


def calculate_loss(model):
    probs = forward(model, X)
    correct_logprobs = -np.log(probs[range(num_examples), y])
    data_loss = np.sum(correct_logprobs)
    data_loss += reg_lambda / 2 * (np.sum(np.square(model['W1'])) + np.sum(np.square(model['W2'])))
    return 1. / num_examples * data_loss


def predict(model, X):
    return np.argmax(forward(model, X), axis=1)


def build_model(nn_hdim, num_passes=2000):
    np.random.seed(0)
    W1 = np.random.randn(nn_input_dim, nn_hdim) / np.sqrt(nn_input_dim)
    b1 = np.zeros(nn_hdim)
    W2 = np.random.randn(nn_hdim, nn_output_dim) / np.sqrt(nn_hdim)
    b2 = np.zeros(nn_output_dim)
    model = {}
    for i in range(num_passes):
        # forward propagation
        z1 = X.dot(W1) + b1
        a1 = np.tanh(z1)
        z2 = a1.dot(W2) + b2
        exp_scores = np.exp(z2)
        probs = exp_scores / np.sum(exp_scores, axis=1, keepdims=True)
        # backpropagation
        delta3 = probs
        delta3[range(num_examples), y] -= 1
        dW2 = (a1.T).dot(delta3)
        db2 = np.sum(delta3, axis=0, keepdims=True)
        delta2 = delta3.dot(W2.T) * (1 - np.power(a1, 2))
        dW1 = np.dot(X.T, delta2)
        db1 = np.sum(delta2, axis=0)
        # regularization terms (biases are not regularized)
        dW2 += reg_lambda * W2
        dW1 += reg_lambda * W1
        # gradient descent parameter update
        W1 = W1 - epsilon * dW1
        b1 = b1 - epsilon * db1
        W2 = W2 - epsilon * dW2
        b2 = b2 - epsilon * db2
        model = {'W1': W1, 'b1': b1, 'W2': W2, 'b2': b2}
        if i % 500 == 0:
            print("Loss after iteration %i: %f" % (i, calculate_loss(model)))
    return model


model = build_model(3)
test_acc = np.mean(predict(model, X_test) == y_test)
print(f"final loss {calculate_loss(model):.6f} test acc {test_acc:.3f}")
