"""The one shape engine: named dims, the shape rule of every NumPy call and operator we
accept, indexing, the clash, fix generation and the ranking of fixes, and the walker that
splits a statement into operations with shapes (`walker.py`, leaves read through a
`resolver.Resolver`).

The exercise checker (`nntutor.checker`) and the step debugger (`nntutor.debugger`) both
ask this package; they differ only in how a name gets its shape (an exercise's variables,
or a paused frame's values).
"""
