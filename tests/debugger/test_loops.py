"""Loops: the first iterations traced in full, the rest summarised in one line."""

from __future__ import annotations

from nntutor.debugger.events import LineExecuted, LoopSummarised, Notice
from tests.debugger.conftest import events_of, trace


def test_ten_thousand_iterations_give_a_few_lines(write_script):
    path = write_script("""
        import numpy as np
        w = np.zeros((3, 1))
        for step in range(10_000):
            grad = np.ones((3, 1)) * 0.001
            w -= grad
        print(round(float(w[0, 0]), 3))
    """)
    status, out, _ = trace(path)
    assert status == 0
    assert len(out.splitlines()) < 20
    assert out.count("w -= grad") == 3
    assert "… loop at line 3 repeated 9997 more times (first 3 shown); changed: w, grad" in out
    assert "-10.0" in out  # every iteration really ran


def test_nested_loops_summarise_each_run_of_the_inner_loop(write_script):
    path = write_script("""
        total = 0
        for epoch in range(5):
            for batch in range(10):
                total += batch
            total += 1
        print(total)
    """)
    events = events_of(path)
    loops = [(e.location.lineno, e.shown, e.more) for e in events if isinstance(e, LoopSummarised)]
    # the inner loop in each of the 3 shown epochs, then the outer loop
    assert loops == [(3, 3, 7), (3, 3, 7), (3, 3, 7), (2, 3, 2)]
    executed = [e.location.lineno for e in events if isinstance(e, LineExecuted)]
    assert executed.count(4) == 9 and executed.count(5) == 3


def test_while_true_with_break(write_script):
    path = write_script("""
        n = 0
        while True:
            n += 1
            if n == 50:
                break
        print(n)
    """)
    status, out, _ = trace(path)
    assert status == 0
    assert "… loop at line 2 repeated 47 more times (first 3 shown)" in out
    assert "\n50\n" in out


def test_a_loop_inside_a_function_that_returns_from_it(write_script):
    path = write_script("""
        def first_big(values):
            for v in values:
                if v > 900:
                    return v
            return None

        print(first_big(range(1000)))
        print("after")
    """)
    status, out, _ = trace(path)
    assert status == 0
    assert "… loop at line 2 repeated 899 more times (first 3 shown)" in out
    assert "901" in out and "after" in out
    assert "7 │ print(first_big(range(1000)))" in out  # the trace resumes in the caller


def test_a_function_called_very_often_outside_any_loop_is_muted(write_script):
    path = write_script("""
        def square(v):
            return v * v

        squares = list(map(square, range(500)))  # (a comprehension is summarised instead)
        print(sum(squares))
    """)
    events = events_of(path)
    shown = [e for e in events if isinstance(e, LineExecuted) and e.location.lineno == 2]
    assert len(shown) == 100
    notes = [e.text for e in events if isinstance(e, Notice)]
    assert "square() was called 400 more times (not shown)" in notes


def test_a_shape_error_in_a_hidden_iteration_closes_the_loop_first(write_script):
    path = write_script("""
        import numpy as np
        W = np.ones((3, 2))
        for step in range(100):
            x = np.ones((1, 3 if step < 50 else 4))
            y = x @ W
    """)
    status, out, _ = trace(path)
    assert status == 1
    summary = out.index("… loop at line 3 repeated 48 more times")
    error = out.index("shape error at")
    assert summary < error
    assert "  inner dimensions 4 and 3 differ" in out


def test_a_loop_fed_by_a_generator_stays_summarised(write_script):
    path = write_script("""
        import numpy as np

        def batches(X, size):
            for start in range(0, len(X), size):
                yield X[start:start + size]

        X = np.ones((4000, 3))
        total = 0.0
        for batch in batches(X, 4):
            total += batch.sum()
        print(total)
    """)
    status, out, _ = trace(path)
    assert status == 0
    assert len(out.splitlines()) < 40
    assert "yield X[start:start + size]" in out and "yields (4, 3) float64" in out
    assert "… loop at line 9 repeated 997 more times (first 3 shown)" in out
    assert "12000.0" in out


def test_an_internal_error_of_the_debugger_lets_the_script_finish(write_script, monkeypatch):
    import nntutor.debugger.arrays as arrays

    def broken(*args):
        raise RuntimeError("simulated")

    monkeypatch.setattr(arrays, "collect", broken)
    path = write_script("import numpy as np\nx = np.ones(3)\nprint('still ran', x.sum())\n")
    status, out, err = trace(path)
    assert status == 0 and err == ""
    assert "still ran 3.0" in out
    assert ("warning: the debugger stopped watching lines after an internal error "
            "(RuntimeError: simulated)") in out
