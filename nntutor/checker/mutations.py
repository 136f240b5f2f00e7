"""Moved to `nntutor.shapes.mutations` (one shape engine for the checker and the debugger);
this name stays importable."""

import sys

from nntutor.shapes import mutations as _moved

sys.modules[__name__] = _moved
