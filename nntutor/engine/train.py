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

    def log(self, epoch: int, loss, callback=None) -> bool:
        """Keep (epoch, loss); True when `callback` asks to stop (then `stopped` is set)."""
        self.epochs.append(epoch)
        self.losses.append(loss)
        if callback is not None and callback(epoch, loss):
            self.stopped = True
        return self.stopped


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


def _traced_step(net: Network):
    """Same signature as Network.train_step, but every step is recorded on a tape."""

    def step(X: np.ndarray, Y: np.ndarray, lr: float, want_loss: bool = False):
        return net.trace(X, Y, lr=lr).loss

    return step


_ALLOCATOR_TUNED = False


def keep_freed_memory() -> None:
    """Ask glibc's malloc to keep freed memory instead of returning it to the OS.

    Each training step frees and re-allocates the same few hundred KB of arrays. With the
    default settings malloc often trims that memory on free, and the next step pays page
    faults to get it back: measured 1.4-1.7x slower on the moons network, depending on heap
    layout. Once per process; a no-op where there is no glibc."""
    global _ALLOCATOR_TUNED
    if _ALLOCATOR_TUNED:
        return
    _ALLOCATOR_TUNED = True
    try:
        import ctypes

        libc = ctypes.CDLL("libc.so.6")
        M_TRIM_THRESHOLD, M_MMAP_THRESHOLD = -1, -3
        libc.mallopt(M_TRIM_THRESHOLD, 256 * 1024 * 1024)
        libc.mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024)
    except (OSError, AttributeError):
        pass


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
    keep_freed_memory()
    rng = np.random.default_rng(seed)
    history = History()
    start = time.perf_counter()
    n = X.shape[0]
    full = batch_size is None or batch_size >= n
    step = _traced_step(net) if traced else net.train_step  # bound once: the hot loop
    for epoch in range(1, epochs + 1):
        log = epoch % log_every == 0 or epoch == epochs
        if full:
            # the loss this epoch's forward pass measured (before its update): no extra pass
            loss = step(X, Y, lr, log)
        else:
            for idx in batches(n, batch_size, rng):
                step(X[idx], Y[idx], lr, False)
            loss = net.loss_value(X, Y) if log else None
        if log and history.log(epoch, loss, callback):
            break
    history.seconds = time.perf_counter() - start
    return history
