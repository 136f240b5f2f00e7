import numpy as np

# Two-class "circles" toy problem, made by hand with numpy
np.random.seed(7)
N = 150  # points per class
D = 2    # input dimensions
K = 2    # classes

# inner ring is class 0, outer ring is class 1
angles = np.random.rand(2 * N) * 2 * np.pi
radius = np.concatenate([np.random.randn(N) * 0.15 + 0.5, np.random.randn(N) * 0.15 + 1.2])
X = np.array([radius * np.cos(angles), radius * np.sin(angles)])
y = np.concatenate([np.zeros(N, dtype=int), np.ones(N, dtype=int)])

# network: 2 -> 24 -> 2
h = 24
W1 = 0.1 * np.random.randn(D, h)
b1 = np.zeros((1, h))
W2 = 0.1 * np.random.randn(h, K)
b2 = np.zeros((1, K))

step_size = 0.5
reg = 1e-3
num_examples = X.shape[0]

for it in range(600):
    # forward pass
    hidden_layer = np.maximum(0, np.dot(X, W1) + b1)
    scores = np.dot(hidden_layer, W2) + b2
    exp_scores = np.exp(scores - np.max(scores, axis=1, keepdims=True))
    probs = exp_scores / np.sum(exp_scores, axis=1, keepdims=True)

    # average cross-entropy loss plus L2 regularization
    correct_logprobs = -np.log(probs[range(num_examples), y])
    data_loss = np.sum(correct_logprobs) / num_examples
    reg_loss = 0.5 * reg * np.sum(W1 * W1) + 0.5 * reg * np.sum(W2 * W2)
    loss = data_loss + reg_loss
    if it % 200 == 0:
        print("iteration %d: loss %f" % (it, loss))

    # gradient on the scores
    dscores = probs.copy()
    dscores[range(num_examples), y] -= 1
    dscores /= num_examples

    # backprop into W2 and b2
    dW2 = np.dot(hidden_layer.T, dscores)
    db2 = np.sum(dscores, axis=0, keepdims=True)
    # backprop into the hidden layer, through the ReLU
    dhidden = np.dot(dscores, W2.T)
    dhidden[hidden_layer <= 0] = 0
    # backprop into W1 and b1
    dW1 = np.dot(X.T, dhidden)
    db1 = np.sum(dhidden, axis=0, keepdims=True)

    # regularization gradient
    dW2 += reg * W2
    dW1 += reg * W1

    # parameter update
    W1 += -step_size * dW1
    b1 += -step_size * db1
    W2 += -step_size * dW2
    b2 += -step_size * db2

hidden_layer = np.maximum(0, np.dot(X, W1) + b1)
scores = np.dot(hidden_layer, W2) + b2
predicted_class = np.argmax(scores, axis=1)
acc = np.mean(predicted_class == y)
checksum = np.sum(W1) + np.sum(b1) + np.sum(W2) + np.sum(b2)
print(f"final loss {loss:.6f} acc {acc:.3f} check {checksum:.6f}")
