"""Gradient descent, full-batch or mini-batch.

The fast path records nothing; `traced=True` runs every iteration through the recorder
(for tests and teaching). Both call the same op functions in the same order, so for the same
seed they end with bit-identical parameters.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from nntutor.engine.network import Network


@dataclass
class History:
    epochs: list[int] = field(default_factory=list)
    losses: list[float] = field(default_factory=list)
    seconds: float = 0.0
    stopped: bool = False

    @property
    def final_loss(self) -> float | None:
        return self.losses[-1] if self.losses else None


def accuracy(yhat: np.ndarray, Y: np.ndarray) -> float:
    """Fraction right: threshold 0.5 for one output, arg-max for several."""
    if Y.shape[1] == 1:
        return float(np.mean((yhat >= 0.5) == (Y >= 0.5)))
    return float(np.mean(yhat.argmax(axis=1) == Y.argmax(axis=1)))


def batches(n: int, batch_size: int | None, rng: np.random.Generator):
    """Index arrays for one epoch: everything at once, or a fresh shuffle cut in batches."""
    if batch_size is None or batch_size >= n:
        yield slice(None)
        return
    order = rng.permutation(n)
    for start in range(0, n, batch_size):
        yield order[start : start + batch_size]


def train(
    net: Network,
    X: np.ndarray,
    Y: np.ndarray,
    epochs: int,
    lr: float,
    batch_size: int | None = None,
    seed: int = 0,
    traced: bool = False,
    log_every: int | None = None,
    callback: Callable[[int, float], bool | None] | None = None,
) -> History:
    """Train in place. Every `log_every` epochs (and at the end) the full-data loss is logged
    and `callback(epoch, loss)` is called; a callback returning True stops training."""
    if epochs < 0:
        raise ValueError(f"epochs must be 0 or more, not {epochs}")
    if not lr > 0:
        raise ValueError(f"the learning rate must be positive, not {lr}")
    log_every = log_every or max(1, epochs // 100)
    rng = np.random.default_rng(seed)
    history = History()
    start = time.perf_counter()
    n = X.shape[0]
    full = batch_size is None or batch_size >= n
    for epoch in range(1, epochs + 1):
        log = epoch % log_every == 0 or epoch == epochs
        loss = None
        for idx in batches(n, batch_size, rng):
            xb, yb = (X, Y) if full else (X[idx], Y[idx])
            if traced:
                loss = net.trace(xb, yb, lr=lr).loss
            else:
                loss = net.train_step(xb, yb, lr, want_loss=log and full)
        if log:
            # full batch: the loss this epoch's forward pass measured (before its update);
            # mini-batch: one extra pass over all the data
            loss = loss if full else net.loss_value(X, Y)
            history.epochs.append(epoch)
            history.losses.append(loss)
            if callback is not None and callback(epoch, loss):
                history.stopped = True
                break
    history.seconds = time.perf_counter() - start
    return history
