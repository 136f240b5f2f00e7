"""nntutor: a terminal tutor and step debugger for neural-network backpropagation."""

from __future__ import annotations

__version__ = "0.1.0"

# The public API is imported lazily so `nntutor --version` and the TUI launch stay fast.
_LAZY = {
    "Network": ("nntutor.engine.network", "Network"),
    "Layer": ("nntutor.engine.network", "Layer"),
    "ArchitectureError": ("nntutor.engine.network", "ArchitectureError"),
    "Tape": ("nntutor.engine.tape", "Tape"),
    "Step": ("nntutor.engine.step", "Step"),
    "Operand": ("nntutor.engine.step", "Operand"),
    "gradcheck": ("nntutor.engine.gradcheck", "gradcheck"),
    "evaluate": ("nntutor.checker.evaluator", "evaluate"),
    "ExpressionError": ("nntutor.checker.errors", "ExpressionError"),
    "ExpressionRefused": ("nntutor.checker.errors", "ExpressionRefused"),
    "infer_shape": ("nntutor.checker.shapes", "infer_shape"),
}

__all__ = ["__version__", *_LAZY]


def __getattr__(name: str):
    if name in _LAZY:
        import importlib

        module, attr = _LAZY[name]
        return getattr(importlib.import_module(module), attr)
    raise AttributeError(f"module 'nntutor' has no attribute {name!r}")
