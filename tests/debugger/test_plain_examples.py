"""The plain trace on the examples: each line with the arrays it made or changed, loops
summarised, the script's own output and exit status kept."""

from __future__ import annotations

import pytest

from tests.debugger.conftest import example, trace


def lines_with(out: str, text: str) -> list[str]:
    return [line for line in out.splitlines() if text in line]


def test_xor_training_loop_shows_each_array_with_its_shape_then_summarises_the_loop():
    status, out, err = trace(example("xor_training_loop.py"), "50")
    assert status == 0, err
    assert err == ""
    assert "x (4, 2) float64 new" in out
    assert "z0 = dense(x, w0, b0)" in out and "z0 (4, 4) float64 new" in out
    assert "z0 (4, 4) float64 changed" in out  # the second iteration assigns it again
    # inside the learner's own functions, indented, with the call's array arguments
    assert "↳ call dense(x (4, 2), w (2, 4), b (1, 4))" in out
    assert "return x @ w + b" in out and "returns (4, 4) float64" in out
    # in-place updates are changes too
    assert "w1 -= LEARNING_RATE * grad_w1" in out and "w1 (4, 1) float64 changed" in out
    # three iterations in full, then one line for the other 47
    assert len(lines_with(out, "z0 = dense(x, w0, b0)")) == 3
    summary = lines_with(out, "… loop at line 49 repeated")
    assert summary == [summary[0]] and "repeated 47 more times (first 3 shown)" in summary[0]
    assert "changed: w0, b0, w1, b1" in summary[0]
    # the script's own output, then the status
    assert "loss after 50 steps:" in out
    assert out.rstrip().endswith("finished: exit status 0")


def test_a_long_training_loop_prints_few_lines():
    status, out, _ = trace(example("xor_training_loop.py"), "2000")
    assert status == 0
    assert "repeated 1997 more times" in out
    assert len(out.splitlines()) < 150


def test_samples_as_columns_and_arrays_inside_dicts():
    status, out, err = trace(example("moons_columns.py"))
    assert status == 0, err
    assert "X (2, 400) float64 new" in out and "Y (1, 400) float64 new" in out
    assert "params['W1'] (16, 2) float64 new" in out
    assert "params['b3'] (1, 1) float64 new" in out
    assert 'Z = params[f"W{number}"] @ A + params[f"b{number}"]' in out
    assert "Z (16, 400) float64 new" in out
    assert "grads['W2'] (8, 16) float64 new" in out
    assert "… loop at line 62 repeated 997 more times (first 3 shown)" in out
    assert "accuracy" in out


def test_arrays_held_by_the_learners_own_object():
    status, out, err = trace(example("two_layer_regression.py"))
    assert status == 0, err
    assert "↳ call __init__(self, in_dim, hidden_dim, out_dim, rng)" in out
    assert "self.W1 (3, 8) float64 new" in out
    assert "net.W2 (8, 1) float64 new" in out
    assert "grad_D = np.dot(grad_C, self.W2.T)" in out and "grad_D (200, 8) float64 new" in out
    assert "self.W1 (3, 8) float64 changed" in out


@pytest.mark.parametrize(
    "name, expected",
    [
        ("celsius_chain_rule.py", ["grad_w2 (2, 1) float64 new", "grad_hidden (100, 2) float64 new",
                                   "repeated 1997 more times", "F = 1.800·C + 32.00"]),
        ("iris_three_layer.py", ["X0 (150, 4) float64 new", "T (150, 3) float64 new",
                                 "delta1 (150, 8) float64 new", "W1 (4, 8) float64 changed",
                                 "repeated 1497 more times"]),
    ],
)
def test_the_other_examples(name, expected):
    status, out, err = trace(example(name))
    assert status == 0, err
    for text in expected:
        assert text in out, text


def test_operations_of_each_line_with_ops():
    status, out, _ = trace(example("bug_skipped_hidden_layer.py"), operations=True)
    assert status == 1
    assert "H = sigmoid(np.dot(X, W1) + b1)" in out
    # in the order Python evaluates them: the product, the bias, then the function
    ops = [line.split("]", 1)[1].strip() for line in out.splitlines()
           if "    [" in line and "] " in line]
    hidden = [op for op in ops if "W1" in op and "X" in op]
    assert hidden[0] == "np.dot(X, W1)   np.dot((100, 2), (2, 3)) -> (100, 3)"
    assert hidden[1] == "np.dot(X, W1) + b1   (100, 3) + (1, 3) -> (100, 3)"
    assert hidden[2] == "sigmoid(np.dot(X, W1) + b1)   sigmoid((100, 3)) -> (100, 3)"
