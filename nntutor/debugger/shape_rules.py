"""Moved to `nntutor.shapes.concrete` (one shape engine); this name stays importable."""

import sys

from nntutor.shapes import concrete as _moved

sys.modules[__name__] = _moved
