"""The shortcuts that keep `nntutor debug --plain` close to plain `python` change nothing
that is printed: hidden loop iterations (3.11: a closure counts them, calls go unreported),
unchanged arrays compared by their bytes, stand-ins, one sub-command parsed, and the
modules a script that does not fail never needs."""

from __future__ import annotations

import os
import subprocess
import sys

import numpy as np

from nntutor.cli import build_parser
from nntutor.debugger.arrays import _same_content
from nntutor.debugger.provenance import stand_in
from tests.debugger.conftest import example, trace

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def test_an_exception_caught_inside_a_hidden_loop_keeps_it_hidden(write_script):
    path = write_script("""
        import numpy as np
        w = np.zeros((2, 1))
        misses = 0
        for step in range(40):
            try:
                w += np.ones((2, 1)) @ np.ones((2, 1))
            except ValueError:
                misses += 1
        print(misses)
    """)
    status, out, _ = trace(path)
    assert status == 0
    assert "… loop at line 4 repeated 37 more times (first 3 shown)" in out
    assert out.count("misses += 1") == 3
    assert "\n40\n" in out  # every iteration ran, and the line after the loop printed


def test_calls_after_a_hidden_loop_are_traced_again(write_script):
    path = write_script("""
        import numpy as np

        def step(w):
            return w * 0.5

        w = np.ones((3, 1))
        for i in range(30):
            w = step(w)
        w = step(w)
        print(w.shape)
    """)
    status, out, _ = trace(path)
    assert status == 0
    assert "… loop at line 7 repeated 27 more times (first 3 shown); changed: w" in out
    after = out.split("repeated 27 more times")[1]
    assert "↳ call step(w (3, 1))" in after  # the hidden iterations' calls stop at the loop
    assert out.count("↳ call step") == 4


def test_the_same_bytes_or_the_same_numbers_are_the_same_content():
    zero, negative_zero = np.array([0.0, 1.0]), np.array([-0.0, 1.0])
    assert _same_content(zero, negative_zero)  # different bytes, equal numbers
    assert _same_content(np.array([np.nan, 2.0]), np.array([np.nan, 2.0]))
    assert not _same_content(np.array([1.0, 2.0]), np.array([1.0, 2.5]))
    assert not _same_content(np.zeros((2, 3)), np.zeros((3, 2)))
    assert not _same_content(np.zeros(3, dtype=np.int64), np.zeros(3))


def test_a_stand_in_is_a_fresh_read_only_shape_with_no_data():
    first, second = stand_in((300, 1)), stand_in([300, 1])
    assert first is not second  # the explainer tells arrays apart by identity
    assert first.shape == (300, 1) and first.strides == (0, 0) and first.dtype == float
    assert not first.flags.writeable and float(first.sum()) == 0.0
    assert stand_in((2,), np.int32).dtype == np.int32
    assert stand_in((), bool).shape == ()
    assert stand_in((2, 2), object).shape == (2, 2)


def test_one_sub_command_parses_as_the_whole_command_line_does():
    argv = ["debug", "--plain", "--show", "all", "script.py", "a", "--b"]
    assert vars(build_parser("debug").parse_args(argv)) == vars(build_parser().parse_args(argv))


def test_a_script_that_does_not_fail_never_loads_the_explainer_or_a_ui(tmp_path):
    script = tmp_path / "fine.py"
    script.write_text("import numpy as np\nx = np.ones((2, 3)) @ np.ones((3, 1))\n")
    probe = (
        "import sys, io\n"
        "from nntutor.cli import main\n"
        "sys.stdout = io.StringIO()\n"
        f"status = main(['debug', '--plain', {str(script)!r}])\n"
        "sys.stdout = sys.__stdout__\n"
        "print(status, ' '.join(sorted(sys.modules)))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          cwd=ROOT, env=dict(os.environ, PYTHONPATH=ROOT), check=True)
    status, modules = done.stdout.split(" ", 1)
    loaded = set(modules.split())
    assert status == "0"
    assert "nntutor.debugger.tracer" in loaded  # (the probe did run the debugger)
    never = {"nntutor.debugger.explain", "nntutor.debugger.fixes", "nntutor.debugger.history",
             "nntutor.debugger.controller", "nntutor.debugger.traceback_text",
             "nntutor.commands.tutor", "nntutor.commands.train", "nntutor.tui", "textual",
             "rich", "sklearn", "pathlib", "json"}
    assert loaded & never == set()


def test_the_examples_trace_the_same_through_the_cli(capsys):
    from nntutor.cli import main

    assert main(["debug", "--plain", example("celsius_chain_rule.py")]) == 0
    out = capsys.readouterr().out
    assert "… loop at line 23 repeated 1997 more times (first 3 shown)" in out
    assert "after 2000 iterations: F = 1.800·C + 32.00" in out
