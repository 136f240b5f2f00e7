# TwoLayerNet on the first 500 digits, mini-batch SGD
import numpy as np
from sklearn.datasets import load_digits


class TwoLayerNet:
    def __init__(self, input_size, hidden_size, output_size, std=0.1):
        self.params = {}
        self.params['W1'] = std * np.random.randn(input_size, hidden_size)
        self.params['b1'] = np.zeros(hidden_size)
        self.params['W2'] = std * np.random.randn(hidden_size, output_size)
        self.params['b2'] = np.zeros(output_size)

    def loss(self, X, y):
        W1, b1 = self.params['W1'], self.params['b1']
        W2, b2 = self.params['W2'], self.params['b2']
        N = X.shape[0]
        h = np.maximum(0, X.dot(W1) + b1)
        scores = h.dot(W2) + b2
        scores -= np.max(scores, axis=1, keepdims=True)
        probs = np.exp(scores)
        probs /= np.sum(probs, axis=1, keepdims=True)
        loss = -np.mean(np.log(probs[np.arange(N), y]))

        grads = {}
        dscores = probs.copy()
        dscores[np.arange(N), y] -= 1
        dscores /= N
        grads['W2'] = h.T.dot(dscores)
        grads['b2'] = np.sum(dscores, axis=0)
        dh = dscores.dot(W2.T)
        dh[h <= 0] = 0
        grads['W1'] = X.T.dot(dh)
        grads['b1'] = np.sum(dh, axis=0, keepdims=True)
        return loss, grads

    def predict(self, X):
        h = np.maximum(0, X.dot(self.params['W1']) + self.params['b1'])
        return np.argmax(h.dot(self.params['W2']) + self.params['b2'], axis=1)

    def train(self, X, y, learning_rate=0.2, num_epochs=20, batch_size=50):
        num_train = X.shape[0]
        rng = np.random.RandomState(3)
        for epoch in range(num_epochs):
            order = rng.permutation(num_train)
            for start in range(0, num_train, batch_size):
                idx = order[start:start + batch_size]
                X_batch = X[idx]
                y_batch = y[idx]
                loss, grads = self.loss(X_batch, y_batch)
                for name in self.params:
                    self.params[name] -= learning_rate * grads[name]
            if epoch % 5 == 0:
                print("epoch %d loss %.4f" % (epoch, loss))
        return loss


np.random.seed(42)
digits = load_digits()
X = digits.data[:500] / 16.0   # (500, 64)
y = digits.target[:500]

net = TwoLayerNet(64, 32, 10)
last_loss = net.train(X, y)
full_loss, _ = net.loss(X, y)
acc = np.mean(net.predict(X) == y)
sample = X[7].reshape(1, -1)   # one digit as a batch of 1
sample_pred = net.predict(sample)[0]
wsum = sum(float(np.abs(p).sum()) for p in net.params.values())
print(f"final loss {full_loss:.6f} acc {acc:.3f} wsum {wsum:.6f} sample {sample_pred}")
