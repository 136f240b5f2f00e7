"""The loss curve while training: loss against epoch, on a log scale once it spans decades."""

from __future__ import annotations

import math
from typing import Sequence

from textual_plotext import PlotextPlot


class LossPlot(PlotextPlot):
    """Loss per logged epoch; `show(epochs, losses)` replaces the data and redraws."""

    DEFAULT_CSS = """
    LossPlot { height: 1fr; width: 1fr; min-height: 8; }
    """

    def __init__(self, title: str = "loss", **kw):
        super().__init__(**kw)
        self.title = title
        self.epochs: tuple[int, ...] = ()
        self.losses: tuple[float, ...] = ()
        self.logarithmic = False  # is the y axis drawn on a log scale (said in the title)?

    def on_mount(self) -> None:
        self.replot()

    def show(self, epochs: Sequence[int], losses: Sequence[float]) -> None:
        # A diverged run ends in nan or inf, which has no place on an axis.
        kept = [(e, v) for e, v in zip(epochs, losses) if math.isfinite(v)]
        self.epochs = tuple(e for e, _ in kept)
        self.losses = tuple(v for _, v in kept)
        self.replot()

    def replot(self) -> None:
        plt = self.plt
        plt.clear_figure()  # also drops the previous scale's ticks; render sets the theme
        ys, ticks = scaled(self.losses)
        self.logarithmic = ticks is not None
        plt.title(self.heading())
        plt.xlabel("epoch")
        if ticks is not None:
            plt.yticks(*ticks)
        if self.epochs:
            plt.xticks(round_ticks(self.epochs[-1]))
        if len(self.losses) == 1:  # one point makes no line, nor axes: mark it and frame it
            plt.scatter(list(self.epochs), ys, marker="●", color="orange")
            plt.xlim(self.epochs[0] - 1, self.epochs[0] + 10)
            plt.ylim(0, 2 * ys[0] if ys[0] > 0 else 1)
        elif self.losses:
            plt.plot(list(self.epochs), ys, marker="braille", color="orange")
        self.refresh()


    def heading(self) -> str:
        """The title, saying when the axis is logarithmic (equal steps are factors of 10)."""
        return f"{self.title} (log scale)" if self.logarithmic else self.title


def round_ticks(top: int, most: int = 5) -> list[int]:
    """Whole-number ticks 0, step, 2·step... up to `top`, the step 1, 2 or 5 times a power
    of ten (plotext's own ticks for 0..1190 are 0.0, 297.5, 595.0)."""
    if top <= 0:
        return [0]
    base = 1
    while True:
        for m in (1, 2, 5):
            step = m * base
            if top // step < most:
                return list(range(0, top + 1, step))
        base *= 10


def decade_label(k: int) -> str:
    """10^k written short: 0.01, 0.1, 1, 10, 100, 1e-05, 1e+04."""
    return f"{10.0 ** k:g}"


def scaled(losses: Sequence[float]) -> tuple[list[float], tuple[list[float], list[str]] | None]:
    """The values to draw and, for a log scale, (tick positions, labels).

    Once the loss spans more than two decades it is drawn as log10(loss) with ticks at whole
    decades (plotext's own log ticks print every digit), so late progress stays visible.
    """
    values = [float(v) for v in losses]
    positive = [v for v in values if v > 0 and math.isfinite(v)]
    if len(positive) < 2 or len(positive) != len(values) or max(positive) <= 100 * min(positive):
        return values, None
    logs = [math.log10(v) for v in values]
    lo, hi = math.floor(min(logs)), math.ceil(max(logs))
    step = max(1, math.ceil((hi - lo) / 5))
    decades = list(range(hi, lo - 1, -step))
    return logs, ([float(k) for k in decades], [decade_label(k) for k in decades])
