"""`nntutor debug`: arguments, exit statuses, argv/stdin, bad scripts, piped output."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys

import pytest

from nntutor.cli import main
from tests.debugger.conftest import example, trace


def test_exit_status_and_sys_exit_codes(write_script):
    assert trace(write_script("import sys\nsys.exit(3)\n"))[0] == 3
    assert trace(write_script("import sys\nsys.exit(0)\n"))[0] == 0
    assert trace(write_script("import sys\nsys.exit()\n"))[0] == 0
    status, _, err = trace(write_script("import sys\nsys.exit('no data found')\n"))
    assert status == 1 and err == "no data found\n"
    status, _, err = trace(write_script("raise RuntimeError('boom')\n"))
    assert status == 1 and err.rstrip().endswith("RuntimeError: boom")


def test_sys_exit_inside_a_loop_after_it_was_summarised(write_script):
    path = write_script("""
        import sys
        for i in range(1000):
            if i == 500:
                sys.exit(4)
    """)
    status, out, _ = trace(path)
    assert status == 4
    assert "… loop at line 2 repeated 498 more times (first 3 shown)" in out


def test_the_script_runs_as_main_with_its_argv(write_script):
    path = write_script("""
        import sys
        print("name", __name__)
        print("argv", sys.argv[1:])
        print("path0", sys.path[0])
    """)
    saved_argv, saved_main = list(sys.argv), sys.modules["__main__"]
    status, out, _ = trace(path, "--epochs", "5", "x y")
    assert status == 0
    assert "name __main__" in out
    assert "argv ['--epochs', '5', 'x y']" in out
    assert f"path0 {os.path.dirname(path)}" in out
    assert sys.argv == saved_argv and sys.modules["__main__"] is saved_main


def test_stdin_reaches_the_script(write_script):
    path = write_script("""
        name = input("your name? ")
        rest = __import__("sys").stdin.read()
        print(f"hello {name}; then {rest.strip()!r}")
    """)
    status, out, _ = trace(path, stdin="Ada\nmore lines\n")
    assert status == 0
    assert "hello Ada; then 'more lines'" in out


def test_cli_plain_mode_through_main(capsys):
    status = main(["debug", "--plain", example("xor_training_loop.py"), "20"])
    out = capsys.readouterr().out
    assert status == 0
    assert "… loop at line 49 repeated 17 more times (first 3 shown)" in out
    assert "loss after 20 steps" in out


def test_cli_show_option(capsys):
    status = main(["debug", "--plain", "--show", "1", example("xor_training_loop.py"), "20"])
    out = capsys.readouterr().out
    assert status == 0 and "repeated 19 more times (first 1 shown)" in out
    assert main(["debug", "--plain", "--show", "all", example("xor_training_loop.py"), "5"]) == 0
    out = capsys.readouterr().out
    assert "… loop" not in out and out.count("z0 = dense(x, w0, b0)") == 5
    with pytest.raises(SystemExit) as stopped:
        main(["debug", "--plain", "--show", "0", example("xor_training_loop.py")])
    assert stopped.value.code == 2
    assert "--show: must be at least 1, got 0" in capsys.readouterr().err


@pytest.mark.parametrize(
    "setup, message",
    [
        (lambda d: str(d / "nope.py"), "nntutor debug: error: script not found: "),
        (lambda d: str(d), "is a folder, not a Python script"),
        (lambda d: _write(d / "data.bin", b"\x00\x01\x02binary"),
         "is not a Python script (it looks like a binary file)"),
        (lambda d: _write(d / "notes.txt", b"My notes about the network\n"),
         "notes.txt:1:4: not valid Python: invalid syntax"),
        (lambda d: _write(d / "latin.py", b"x = '\xe9'\n"),
         "is not a Python script: byte 5 is not valid UTF-8"),
    ],
)
def test_a_script_that_cannot_run_is_one_line_and_exit_2(tmp_path, capsys, setup, message):
    path = setup(tmp_path)
    status = main(["debug", "--plain", path])
    captured = capsys.readouterr()
    assert status == 2
    assert captured.out == ""
    assert message in captured.err and captured.err.count("\n") == 1


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read any file")
def test_an_unreadable_script(tmp_path, capsys):
    path = tmp_path / "secret.py"
    path.write_text("x = 1\n")
    path.chmod(0)
    assert main(["debug", "--plain", str(path)]) == 2
    assert "cannot read" in capsys.readouterr().err


def _write(path, data: bytes) -> str:
    path.write_bytes(data)
    return str(path)


@pytest.mark.skipif(importlib.util.find_spec("nntutor.tui.debugger_app") is not None,
                    reason="the debugger screen exists")
def test_without_plain_the_screen_is_not_there_yet(capsys):
    status = main(["debug", example("celsius_chain_rule.py")])
    err = capsys.readouterr().err
    assert status == 2
    assert "the debugger screen is not available yet" in err and "--plain" in err
    assert err.count("\n") == 1


def test_piped_output_has_no_colour_and_the_exit_status_is_the_scripts(write_script):
    path = write_script("import numpy as np\nW = np.zeros((2, 3))\nraise SystemExit(5)\n")
    done = subprocess.run([sys.executable, "-m", "nntutor", "debug", "--plain", path],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 5
    assert "W (2, 3) float64 new" in done.stdout
    assert "\x1b[" not in done.stdout and "\x1b[" not in done.stderr


def test_colour_when_asked_for(write_script):
    import io

    from nntutor.debugger.plain import run_plain

    out = io.StringIO()
    path = write_script("import numpy as np\nW = np.zeros((2, 3))\n")
    assert run_plain(path, [], out=out, err=io.StringIO(), colour=True) == 0
    assert "\x1b[" in out.getvalue()


def test_a_reader_that_stops_early_ends_the_trace_quietly():
    process = subprocess.Popen(
        # every iteration shown: far more than a pipe holds, so the writer must notice
        [sys.executable, "-m", "nntutor", "debug", "--plain", "--show", "all",
         example("xor_training_loop.py")],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    first = process.stdout.readline()
    process.stdout.close()  # like `| head -1`
    err = process.stderr.read()
    assert process.wait(timeout=60) == 141
    assert first.startswith("nntutor debug:")
    assert err == ""
