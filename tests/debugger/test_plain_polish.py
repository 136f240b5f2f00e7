"""The plain trace reads cleanly: no class bodies shown as calls, shapes of arrays stored in
attributes and entries, continuation lines joined, the script's output after its line."""

from __future__ import annotations

from tests.debugger.conftest import trace

NET = """
    import numpy as np

    class Net:
        lr = 0.1

        def __init__(self, sizes):
            self.params = {}
            self.params['W1'] = np.zeros((sizes[0], sizes[1]))
            self.weights = [np.ones((a, b)) for a, b in zip(sizes[:-1], sizes[1:])]

    net = Net([2, 3, 4, 1])
    y = 1 + \\
        2
    print("y is", y)
    answer = input("go? ")
    print("answer", answer)
"""


def _run(write_script):
    status, out, err = trace(write_script(NET), stdin="yes\n")
    assert (status, err) == (0, "")
    return out


def test_a_class_definition_is_a_line_not_a_call(write_script):
    out = _run(write_script)
    assert "call Net" not in out and "Net returned" not in out
    assert "     3 │ class Net:" in out
    assert "lr = 0.1" not in out  # the class body is not traced as a function
    assert "↳ call __init__(self, sizes)" in out


def test_attribute_and_entry_assignments_show_their_shapes(write_script):
    out = _run(write_script)
    assert "self.params['W1'] (2, 3) float64" in out
    for i, shape in enumerate(["(2, 3)", "(3, 4)", "(4, 1)"]):
        assert f"self.weights[{i}] {shape} float64" in out


def test_a_continued_line_is_joined_without_its_backslash(write_script):
    out = _run(write_script)
    assert "    12 │ y = 1 + 2\n" in out


def test_the_script_s_output_comes_after_the_line_that_printed_it(write_script):
    lines = _run(write_script).splitlines()
    printed = lines.index("y is 3")
    assert lines[printed - 1].endswith('│ print("y is", y)')
    # a prompt is not held back: it is shown before the script waits for input
    assert any(line.startswith("go? ") for line in lines)
    assert lines[-2] == "answer yes" and lines[-3].endswith('│ print("answer", answer)')


def test_calls_made_by_a_comprehension_are_summarised_like_a_loop(write_script):
    path = write_script("""
        import numpy as np

        def predict(x):
            h = np.tanh(x)
            return h.sum()

        scores = [float(predict(np.ones((2, 2)) * i)) for i in range(10)]
        print(len(scores))
    """)
    status, out, _ = trace(path)
    assert status == 0
    assert out.count("↳ call predict(x (2, 2))") == 3
    assert "note: the comprehension on line 7 called predict() 7 more times (first 3 shown)" in out
    assert "\n10\n" in out


def test_a_loop_over_a_few_layers_shows_every_layer_of_a_pass(write_script):
    path = write_script("""
        import numpy as np
        layers = [np.ones((2, 3)), np.ones((3, 4)), np.ones((4, 5)), np.ones((5, 6)), np.ones((6, 1))]
        x = np.ones((4, 2))
        for W in layers:
            x = np.tanh(x @ W)
        for step in range(50):
            x = x * 1.0
        print(x.shape)
    """)
    status, out, _ = trace(path)
    assert status == 0
    passes = [line for line in out.splitlines() if "│     x = np.tanh(x @ W)" in line]
    assert [line.split("→ x ")[1].split(" float64")[0] for line in passes] == [
        "(4, 3)", "(4, 4)", "(4, 5)", "(4, 6)", "(4, 1)"]
    assert "loop at line 4" not in out  # every layer shown: nothing to summarise
    assert "… loop at line 6 repeated 47 more times (first 3 shown)" in out
