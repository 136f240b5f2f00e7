import numpy as np
from sklearn.datasets import load_iris


class TwoLayerNet:
    """Two layer fully connected net: affine - relu - affine - softmax."""

    def __init__(self, input_size, hidden_size, output_size, std=1e-2):
        self.params = {}
        self.params['W1'] = std * np.random.randn(input_size, hidden_size)
        self.params['b1'] = np.zeros(hidden_size)
        self.params['W2'] = std * np.random.randn(hidden_size, output_size)
        self.params['b2'] = np.zeros(output_size)

    def loss(self, X, y=None, reg=0.0):
        W1, b1 = self.params['W1'], self.params['b1']
        W2, b2 = self.params['W2'], self.params['b2']
        N = X.shape[0]

        # forward pass
        hidden = np.maximum(0, X.dot(W1) + b1)
        scores = hidden.dot(W2) + b2
        if y is None:
            return scores

        # softmax loss
        shifted = scores - np.max(scores, axis=1, keepdims=True)
        probs = np.exp(shifted) / np.sum(np.exp(shifted), axis=1, keepdims=True)
        loss = -np.sum(np.log(probs[np.arange(N), y])) / N
        loss += reg * (np.sum(W1 * W1) + np.sum(W2 * W2))

        # backward pass
        grads = {}
        dscores = probs.copy()
        dscores[np.arange(N), y] -= 1
        dscores /= N
        grads['W2'] = hidden.T.dot(dscores) + 2 * reg * W2
        grads['b2'] = np.sum(dscores, axis=0)
        dhidden = dscores.dot(W2.T)
        dhidden[hidden <= 0] = 0
        grads['W1'] = X.T.dot(dhidden) + 2 * reg * W1
        grads['b1'] = np.sum(dhidden, axis=0)
        return loss, grads

    def train(self, X, y, learning_rate=0.1, reg=1e-4, num_iters=300, batch_size=32):
        num_train = X.shape[0]
        loss_history = []
        for it in range(num_iters):
            idx = np.random.choice(num_train, batch_size)
            X_batch = X[idx]
            y_batch = y[idx]
            loss, grads = self.loss(X_batch, y=y_batch, reg=reg)
            loss_history.append(loss)
            for name in self.params:
                self.params[name] -= learning_rate * grads[name]
        return loss_history

    def predict(self, X):
        scores = self.loss(X)
        return np.argmax(scores, axis=1)


np.random.seed(0)
iris = load_iris()
X = iris.data
y = iris.target
X = (X - X.mean(axis=0)) / X.std(axis=0)

net = TwoLayerNet(4, 10, 3, std=0.1)
history = net.train(X, y, learning_rate=0.2, reg=1e-3, num_iters=400, batch_size=32)
full_loss, _ = net.loss(X, y, reg=1e-3)
acc = np.mean(net.predict(X) == y)

# look at a single flower on its own
first = X[0].reshape(-1, 1)             # one flower as a (1, 4) row
first_scores = net.loss(first)
print(f"final loss {full_loss:.6f} acc {acc:.3f} first {first_scores[0, 0]:.4f}")
