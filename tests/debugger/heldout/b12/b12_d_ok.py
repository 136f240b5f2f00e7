import numpy as np
from sklearn.datasets import load_iris

# 4-2-4 tanh autoencoder on iris, one sample per COLUMN
np.random.seed(11)
iris = load_iris()
X = iris.data.T                                   # (4, 150)
X = (X - X.mean(axis=1, keepdims=True)) / X.std(axis=1, keepdims=True)
m = X.shape[1]

enc_W = np.random.randn(2, 4) * 0.3
enc_b = np.zeros((2, 1))
dec_W = np.random.randn(4, 2) * 0.3
dec_b = np.zeros((4, 1))

lr = 0.05
for it in range(500):
    # encode / decode
    code = np.tanh(enc_W @ X + enc_b)             # (2, m)
    recon = dec_W @ code + dec_b                  # (4, m) linear output
    err = recon - X
    loss = np.mean(np.sum(err ** 2, axis=0))

    # gradients of the mean squared reconstruction error
    g_recon = 2 * err / m
    g_dec_W = g_recon @ code.T
    g_dec_b = np.sum(g_recon, axis=1, keepdims=True)
    g_code = dec_W.T @ g_recon
    g_pre = g_code * (1 - code ** 2)
    g_enc_W = g_pre @ X.T
    g_enc_b = np.sum(g_pre, axis=1, keepdims=True)

    enc_W -= lr * g_enc_W
    enc_b -= lr * g_enc_b
    dec_W -= lr * g_dec_W
    dec_b -= lr * g_dec_b

code = np.tanh(enc_W @ X + enc_b)
recon = dec_W @ code + dec_b
loss = np.mean(np.sum((recon - X) ** 2, axis=0))
fp = enc_W.sum() + 2 * enc_b.sum() + 3 * dec_W.sum() + 4 * dec_b.sum()
print(f"final recon loss {loss:.6f} fingerprint {fp:.6f}")
