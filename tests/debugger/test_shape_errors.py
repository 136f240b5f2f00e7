"""Shape errors: stopped on, explained (failing sub-expression, operands, clash) and fixed."""

from __future__ import annotations

from nntutor.debugger.events import ExceptionRaised, Finished
from tests.debugger.conftest import events_of, example, trace


def test_output_layer_fed_the_input_instead_of_the_hidden_layer():
    status, out, err = trace(example("bug_skipped_hidden_layer.py"))
    assert status == 1
    assert err == ""  # explained, so no traceback
    expected = [
        "shape error at bug_skipped_hidden_layer.py:27",
        "    Y_hat = sigmoid(np.dot(X, W2) + b2)",
        "                    ^^^^^^^^^^^^^",
        "  failing operation: np.dot(X, W2)   (matrix product (np.dot))",
        "    X   (100, 2)",
        "    W2  (3, 1)",
        "  inner dimensions 2 and 3 differ",
        "  W2 expects 3 inputs (its rows); X gives 2 (its columns).",
        "    1. did you mean `np.dot(H, W2)`, the hidden layer's output? H is (100, 3), computed "
        "from X on line 26: H = sigmoid(np.dot(X, W1) + b1)",
        "       the line becomes: Y_hat = sigmoid(np.dot(H, W2) + b2)",
        "  NumPy said: ValueError: shapes (100,2) and (3,1) not aligned: 2 (dim 1) != 3 (dim 0)",
    ]
    lines = out.splitlines()
    for line in expected:
        assert line in lines, line
    assert "loss:" not in out  # the script stopped at the error
    assert lines[-1] == "finished: exit status 1"


def test_the_explanation_is_plain_data():
    events = events_of(example("bug_skipped_hidden_layer.py"))
    raised = [e for e in events if isinstance(e, ExceptionRaised)]
    assert len(raised) == 1 and raised[0].exc_type == "ValueError"
    ex = raised[0].explanation
    assert ex.location.lineno == 27 and ex.failing == "np.dot(X, W2)"
    assert [(o.text, o.shape) for o in ex.operands] == [("X", (100, 2)), ("W2", (3, 1))]
    assert ex.clash == "inner dimensions 2 and 3 differ"
    best = ex.fixes[0]
    assert (best.expr, best.label, best.origin) == (
        "np.dot(H, W2)", "the hidden layer's output", "scope")
    assert best.shape == (100, 1)
    assert isinstance(events[-1], Finished) and events[-1].exit_status == 1


def test_missing_transpose_in_a_function_called_from_a_loop():
    status, out, err = trace(example("bug_backward_transpose.py"))
    assert status == 1 and err == ""
    assert "shape error at bug_backward_transpose.py:13 in backward()" in out
    assert "  failing operation: H @ delta_out   (matrix product)" in out
    assert "    H          (4, 5)" in out and "    delta_out  (4, 1)" in out
    assert "  inner dimensions 5 and 4 differ" in out
    # the gradient of W2 must have W2's shape (5, 1): the transpose that gives it comes first
    first = [line for line in out.splitlines() if line.startswith("    1. ")][0]
    assert "`H.T @ delta_out`" in first
    ex = [e for e in events_of(example("bug_backward_transpose.py"))
          if isinstance(e, ExceptionRaised)][0].explanation
    assert (ex.fixes[0].expr, ex.fixes[0].shape) == ("H.T @ delta_out", (5, 1))
    assert "  called from line 29: grad_W1, grad_W2 = backward(X, H, W2, delta_out)" in out


def test_a_bias_made_for_the_wrong_number_of_units():
    status, out, _ = trace(example("bug_bias_shape.py"))
    assert status == 1
    assert "  failing operation: X @ W1 + b1   (element-wise +)" in out
    assert "    X @ W1  (50, 3)" in out and "    b1      (1, 4)" in out
    assert "  sizes differ: 3 in X @ W1 (axis 1) vs 4 in b1 (axis 1)" in out
    assert ("    1. did you mean `np.zeros((1, 3))`? b1 is created (1, 4) on line 13; (1, 3) "
            "matches the 3 of X @ W1.") in out
    assert "       the line becomes (line 13): b1 = np.zeros((1, 3))" in out


def test_a_sum_that_needs_keepdims(write_script):
    path = write_script("""
        import numpy as np
        scores = np.arange(12.0).reshape(4, 3)
        shifted = scores - scores.max(axis=1)
    """)
    status, out, _ = trace(path)
    assert status == 1
    assert "  failing operation: scores - scores.max(axis=1)   (element-wise -)" in out
    assert "    scores.max(axis=1)  (4,)" in out
    first = [line for line in out.splitlines() if line.startswith("    1. ")][0]
    assert "`scores - scores.max(axis=1, keepdims=True)`" in first


def test_a_reshape_that_cannot_fit(write_script):
    path = write_script("""
        import numpy as np
        X = np.zeros((100, 2))
        rows = X.reshape(3, 5)
    """)
    status, out, _ = trace(path)
    assert status == 1
    assert "  failing operation: X.reshape(3, 5)   (reshape)" in out
    assert "the array has 200 elements but shape (3, 5) holds 15" in out
    assert "did you mean `X.reshape(-1, 5)`?" in out


def test_swapped_operands_and_a_transpose_to_remove(write_script):
    path = write_script("""
        import numpy as np
        X = np.ones((10, 4))
        W = np.ones((4, 2))
        out = W @ X
    """)
    status, out, _ = trace(path)
    assert status == 1
    assert "did you mean `X @ W`?" in out


def test_a_fix_at_the_call_site_when_the_function_got_the_wrong_array(write_script):
    path = write_script("""
        import numpy as np

        def layer(inputs, weights):
            return inputs @ weights

        X = np.ones((8, 2))
        W1 = np.ones((2, 3))
        W2 = np.ones((3, 1))
        H = layer(X, W1)
        out = layer(X, W2)
    """)
    status, out, _ = trace(path)
    assert status == 1
    assert "shape error at" in out and "in layer()" in out
    assert "  called from line 10: out = layer(X, W2)" in out
    assert "did you mean `layer(H, W2)`?" in out
    assert "the line becomes (line 10): out = layer(H, W2)" in out


def test_other_errors_keep_pythons_traceback(write_script):
    path = write_script("""
        import numpy as np
        weights = {"W1": np.zeros((2, 2))}
        print(weights["W2"])
    """)
    status, out, err = trace(path)
    assert status == 1
    assert "shape error" not in out
    assert err.startswith("Traceback (most recent call last):")
    assert 'line 3, in <module>' in err and err.rstrip().endswith("KeyError: 'W2'")
    assert "bdb.py" not in err and "nntutor" not in err  # no debugger frames


def test_a_caught_shape_error_is_not_reported(write_script):
    path = write_script("""
        import numpy as np
        try:
            np.ones((2, 3)) @ np.ones((2, 3))
        except ValueError:
            print("caught it")
    """)
    status, out, err = trace(path)
    assert status == 0 and err == ""
    assert "caught it" in out and "shape error" not in out


def test_a_parameter_made_with_the_wrong_shape_is_fixed_where_the_caller_made_it(write_script):
    path = write_script("""
        import numpy as np

        def layer(x, w):
            return x @ w

        w = np.ones((3, 1))
        x = np.ones((8, 2))
        out = layer(x, w)
    """)
    status, out, _ = trace(path)
    assert status == 1
    assert ("    1. did you mean `np.ones((2, 1))`? w is created (3, 1) on line 6; (2, 1) matches "
            "the 2 of x.") in out
    assert "       the line becomes (line 6): w = np.ones((2, 1))" in out


def test_a_column_minus_a_vector_is_flagged_though_numpy_accepts_it(write_script):
    path = write_script("""
        import numpy as np
        y = np.linspace(0, 1, 100)
        y_hat = np.zeros((100, 1))
        for step in range(10):
            loss = np.mean((y_hat - y) ** 2)
    """)
    status, out, _ = trace(path)
    assert status == 0
    warning = ("warning: line 5: y_hat - y stretches y_hat (100, 1) and y (100,) into (100, 100); "
               "if they hold the same samples, give them one shape (e.g. y.reshape(-1, 1))")
    assert out.count(warning) == 1  # once, not once per iteration
    ok = write_script("import numpy as np\nZ = np.ones((100, 3)) + np.zeros(3)\n")
    assert "warning" not in trace(ok)[1]  # a bias row added to every sample is fine


def test_a_gradient_in_a_method_gets_the_transpose_giving_its_parameters_shape(write_script):
    path = write_script("""
        import numpy as np

        class Net:
            def __init__(self):
                self.W2 = np.ones((3, 1))

            def backward(self, H, grad_out):
                grad_W2 = H @ grad_out
                return grad_W2

        net = Net()
        net.H = np.ones((10, 3))
        g = net.backward(net.H, np.ones((10, 1)))
    """)
    events = events_of(path)
    ex = [e for e in events if isinstance(e, ExceptionRaised)][0].explanation
    assert (ex.location.function, ex.failing) == ("backward", "H @ grad_out")
    # grad_W2 must come out shaped like self.W2 (3, 1): that fix comes first
    assert (ex.fixes[0].expr, ex.fixes[0].shape) == ("H.T @ grad_out", (3, 1))
    assert ex.fixes[0].line == "grad_W2 = H.T @ grad_out"
    assert [c.lineno for c in ex.called_from] == [13]
