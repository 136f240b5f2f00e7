"""Shape errors whose mistake was made earlier: provenance and fixes verified downstream."""

from __future__ import annotations

import numpy as np

from nntutor.debugger.events import ExceptionRaised
from nntutor.debugger.provenance import Provenance, stand_in
from tests.debugger.conftest import events_of


def explanation(path):
    return [e for e in events_of(path) if isinstance(e, ExceptionRaised)][0].explanation


def test_a_stand_in_has_the_shape_and_no_data():
    array = stand_in((300, 7))
    assert array.shape == (300, 7) and array.strides == (0, 0)


def test_an_array_is_born_where_it_was_made_not_where_it_was_passed_on(write_script):
    path = write_script("""
        import numpy as np
        b = np.zeros((1, 2))
        d = np.ones((30, 2))
        for step in range(3):
            gb = np.sum(d, axis=1, keepdims=True)
            grads = {"b": gb}
            b -= 0.1 * grads["b"]
    """)
    ex = explanation(path)
    assert ex.location.lineno == 7
    # gb was made on line 5 and only passed on by the dict on line 6
    assert ex.hints[0] == ("gb is (30, 1) because line 5 summed over axis=1; a bias "
                           "gradient sums over the batch axis (one number per unit).")
    best = ex.fixes[0]
    assert (best.where.lineno, best.line, best.shape) == (
        5, "gb = np.sum(d, axis=0, keepdims=True)", (1, 2))


def test_a_wrong_variable_in_a_weight_gradient_is_fixed_where_the_gradient_is_made(write_script):
    path = write_script("""
        import numpy as np
        rng = np.random.default_rng(1)
        X = rng.normal(size=(20, 3))
        W1 = rng.normal(size=(3, 6))
        W2 = rng.normal(size=(6, 1))
        Z1 = X @ W1
        A1 = np.tanh(Z1)
        out = A1 @ W2
        d_out = out - 1.0
        dW2 = X.T @ d_out
        W2 -= 0.1 * dW2
    """)
    ex = explanation(path)
    assert ex.location.lineno == 11  # the update fails...
    best = ex.fixes[0]
    # ...but the gradient was made from the input: the activation A1, not Z1, is meant
    assert (best.where.lineno, best.line, best.shape) == (10, "dW2 = A1.T @ d_out", (6, 1))
    assert "a weight gradient pairs the layer's input" in best.reason


def test_a_fix_that_leaves_a_clash_downstream_is_not_offered(write_script):
    path = write_script("""
        import numpy as np
        X = np.ones((2, 8))
        Y = X[0:1] * 2
        W = np.ones((2, 3))
        H = X @ W
    """)
    ex = explanation(path)
    lines = {(f.where.lineno if f.where else ex.location.lineno, f.line) for f in ex.fixes}
    # making X (8, 2) on line 2 keeps line 3 running (X[0:1] is then (1, 2)): offered first
    assert ex.fixes[0].where is not None and ex.fixes[0].line == "X = np.ones((8, 2))"
    assert all(not line.startswith("X.T =") for _, line in lines)


def test_provenance_keeps_the_first_birth_of_an_array():
    from nntutor.debugger.events import ArrayInfo, Location

    class Frame:
        f_globals = {}

    prov = Provenance()
    a = np.ones((3, 2))
    where1 = Location("f.py", 1, "<module>", "a = np.ones((3, 2))")
    where2 = Location("f.py", 2, "<module>", "b = a")
    info = ArrayInfo("a", (3, 2), "float64", "new")
    prov.record(1, where1, {}, Frame, (), {}, (info,), {"a": a})
    prov.record(2, where2, {"a": a}, Frame, (info,), {"a": a},
                (ArrayInfo("b", (3, 2), "float64", "new"),), {"a": a, "b": a})
    record, name = prov.born(a)
    assert (record.location.lineno, name) == (1, "a")
    assert [r.step for r in prov.after(record)] == [2]
    assert prov.born(np.ones(2)) is None


def test_data_kept_the_wrong_way_is_fixed_with_the_sizes_read_from_it(write_script):
    # m and the layer size come from X's shape: laying X out the other way changes them
    # too, and the statements after it (a bias row stacked on) must be checked with them
    path = write_script("""
        import numpy as np
        rng = np.random.default_rng(0)
        raw, labels = rng.normal(size=(50, 2)), np.zeros(50)
        X = raw
        n_x, m = X.shape
        W1 = rng.normal(size=(4, 3))
        X_b = np.vstack([X, np.ones((1, m))])
        for step in range(3):
            Z1 = W1 @ X_b
            dW1 = Z1 @ X_b.T / m
            W1 -= 0.1 * dW1
    """)
    ex = explanation(path)
    best = ex.fixes[0]
    assert (best.where.lineno, best.line) == (4, "X = raw.T")


def test_a_size_reassigned_later_is_not_recomputed(write_script):
    # `m` is assigned twice: which one the statement saw is unknown, so no fix relies on it
    from nntutor.debugger.sizes import Sizes
    from nntutor.debugger.source import SourceIndex

    text = "import numpy as np\nX = np.ones((3, 5))\nm = X.shape[1]\nk = len(X)\nm = 2\n"
    sizes = Sizes(SourceIndex("<t>", text))
    assert sizes.definition("m", 4) is None
    value, place = sizes.definition("k", 5)
    assert ast_text(value) == "len(X)" and place is None


def ast_text(node):
    import ast

    return ast.unparse(node)


def test_a_join_of_computed_arrays_has_a_shape():
    import ast

    from nntutor.debugger.namespace import Namespace
    from nntutor.shapes import walker

    ns = Namespace({"X": stand_in((2, 40)), "m": 40}, {"np": np})
    stmt = ast.parse("X_b = np.vstack([X, np.ones((1, m))])").body[0]
    analysis = walker.analyse(stmt, ns, assume_user_elementwise=True)
    assert analysis.failure is None and analysis.operations[-1].shape == (3, 40)
    stmt = ast.parse("X_b = np.hstack((X, np.ones((3, 1))))").body[0]
    analysis = walker.analyse(stmt, ns, assume_user_elementwise=True)
    assert analysis.failure is not None  # 2 rows against 3
