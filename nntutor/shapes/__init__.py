"""The one shape engine, used by the exercise checker and the step debugger alike.

    dims.py       named dims (`n`, `in`, `2*n*in`) and plain ints, one type `Dim`
    names.py      which NumPy names belong to which family of rule
    rules.py      the shape rule of every NumPy call and operator we accept (ints or named dims)
    indexing.py   the shape of `X[...]`
    clash.py      the one clash type: which operands' dims cannot meet
    concrete.py   the debugger's wording of a clash, and its calls by name on real shapes
    walker.py     the one expression walker: a statement split into operations, each given
                  its shape by the rules above; the first one that cannot run is the failure
    resolver.py   what the walker asks about a name (`Resolver`), and the extra questions of
                  a strict resolver that also says what may be written (a dialect)
    expression.py, mutations.py, fix.py, pairs.py   candidate edits and their ranking

The walker never looks a name up itself. The debugger resolves names from a paused frame
(`nntutor.debugger.namespace.Namespace`: real arrays, lenient, unknown stays unknown); the
checker from an exercise's variables (`nntutor.checker.resolver.ExerciseResolver`: named
dims, strict, the allow-list's errors). A clash is a `Failure` carrying `clash.Clash`; each
user words it its own way (the debugger through `concrete`, the checker as `ShapeMismatch`).
"""
