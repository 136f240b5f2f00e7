# Two layer tanh network with softmax output on the iris flowers
import numpy as np
from sklearn.datasets import load_iris

np.random.seed(0)

iris = load_iris()
X = iris.data                       # (150, 4), one flower per row
X = (X - np.mean(X, 0)) / np.std(X, 0)
y = iris.target                     # (150,)
num_examples = X.shape[0]
num_classes = 3
hidden_size = 10

# weights and biases
w_in = 0.1 * np.random.randn(4, hidden_size)
b_in = np.zeros((1, hidden_size))
w_out = 0.1 * np.random.randn(hidden_size, num_classes)
b_out = np.zeros((1, num_classes))

step_size = 0.5
reg = 1e-3

for epoch in range(300):
    # forward pass
    hidden = np.tanh(np.dot(X, w_in) + b_in)
    scores = np.dot(hidden, w_out) + b_out

    # softmax probabilities
    exp_scores = np.exp(scores - np.max(scores, 1, keepdims=True))
    probs = exp_scores / np.sum(exp_scores, 1, keepdims=True)

    # average cross-entropy loss plus regularisation
    correct_logprobs = -np.log(probs[range(num_examples), y])
    loss = np.mean(correct_logprobs, 0) + 0.5 * reg * (np.sum(w_in * w_in) + np.sum(w_out * w_out))

    # gradient on the scores
    d_scores = probs.copy()
    d_scores[range(num_examples), y] -= 1
    d_scores /= num_examples

    # backprop into w_out and b_out
    d_w_out = np.dot(hidden.T, d_scores) + reg * w_out
    d_b_out = np.sum(d_scores, 0, keepdims=True)
    # backprop into the hidden layer
    d_hidden = np.dot(d_scores, w_out.T)
    d_hidden = d_hidden * (1 - hidden ** 2)
    d_w_in = np.dot(X, d_hidden) + reg * w_in
    d_b_in = np.sum(d_hidden, 0, keepdims=True)

    # parameter update
    w_in += -step_size * d_w_in
    b_in += -step_size * d_b_in
    w_out += -step_size * d_w_out
    b_out += -step_size * d_b_out

    if epoch % 50 == 0:
        print("epoch %d: loss %f" % (epoch, loss))

predicted_class = np.argmax(scores, 1)
acc = np.mean(predicted_class == y)
total = np.sum(w_in) + np.sum(b_in) + np.sum(w_out) + np.sum(b_out)
print(f"final loss {loss:.6f} acc {acc:.3f} params {total:.6f}")
