"""Prediction against truth for regression (seed 003): the data, the untrained network's
predictions and the current ones; or, with several inputs, predicted against true values."""

from __future__ import annotations

import numpy as np
from textual_plotext import PlotextPlot


def finite_or_none(values: np.ndarray | None) -> np.ndarray | None:
    """The values as a flat array, or None when there are none or some are nan/inf
    (a diverged network): plotext cannot place those."""
    if values is None:
        return None
    values = np.asarray(values, dtype=float).ravel()
    return values if np.all(np.isfinite(values)) else None


class FitPlot(PlotextPlot):
    """One input: truth as points, 'before' and 'now' as lines over the input axis."""

    DEFAULT_CSS = """
    FitPlot { height: 1fr; width: 1fr; min-height: 8; }
    """

    def __init__(self, x: np.ndarray, y: np.ndarray, curve_x: np.ndarray,
                 before: np.ndarray, xlabel: str = "x", ylabel: str = "y", **kw):
        super().__init__(**kw)
        self.x, self.y = np.asarray(x).ravel(), np.asarray(y).ravel()
        self.curve_x, self.before = np.asarray(curve_x).ravel(), np.asarray(before).ravel()
        self.now: np.ndarray | None = None
        self.labels = (xlabel, ylabel)

    def on_mount(self) -> None:
        self.replot()

    def show(self, now: np.ndarray | None) -> None:
        self.now = finite_or_none(now)
        self.replot()

    def replot(self) -> None:
        plt = self.plt
        plt.clear_data()
        plt.title("prediction vs truth")
        plt.xlabel(self.labels[0])
        plt.ylabel(self.labels[1])
        plt.scatter(self.x.tolist(), self.y.tolist(), marker="dot", color="blue", label="truth")
        plt.plot(self.curve_x.tolist(), self.before.tolist(), marker="braille", color="red",
                 label="before")
        if self.now is not None:
            plt.plot(self.curve_x.tolist(), self.now.tolist(), marker="braille", color="green",
                     label="now")
        self.refresh()


class ScatterFitPlot(PlotextPlot):
    """Several inputs: each row's prediction against its true value; on the diagonal is right."""

    DEFAULT_CSS = """
    ScatterFitPlot { height: 1fr; width: 1fr; min-height: 8; }
    """

    def __init__(self, y: np.ndarray, **kw):
        super().__init__(**kw)
        self.y = np.asarray(y).ravel()
        self.fitted: np.ndarray | None = None

    def on_mount(self) -> None:
        self.replot()

    def show(self, fitted: np.ndarray | None) -> None:
        self.fitted = finite_or_none(fitted)
        self.replot()

    def replot(self) -> None:
        plt = self.plt
        plt.clear_data()
        plt.title("predicted vs true")
        plt.xlabel("true")
        lo, hi = float(self.y.min()), float(self.y.max())
        plt.plot([lo, hi], [lo, hi], marker="braille", color="blue", label="perfect")
        if self.fitted is not None:
            plt.scatter(self.y.tolist(), self.fitted.tolist(), marker="dot", color="green",
                        label="now")
        self.refresh()
