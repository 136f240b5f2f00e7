"""The sandbox's own limits: memory, wall clock, crashes, threads, and the pipe format."""

from __future__ import annotations

import threading

import numpy as np
import pytest

from nntutor.checker import protocol, sandbox
from nntutor.checker.errors import ExpressionRefused
from nntutor.checker.evaluator import evaluate
from nntutor.checker.limits import Limits
from tests.checker.lesson import variables

V = variables(seed=5)
# pre-checks switched off, so only the sandbox's OS limits and deadline can stop these
LOOSE = Limits(max_elements=10**12, max_work=10**14, max_total_work=10**15,
               max_total_elements=10**13, memory_bytes=256 * 2**20, seconds=0.3)


def test_memory_limit_stops_an_allocation_the_checks_let_through():
    with pytest.raises(ExpressionRefused, match="memory"):
        evaluate("np.ones((20000, 20000))", {}, limits=LOOSE)  # 3.2 GB
    assert evaluate("X.sum()", V) == pytest.approx(V["X"].sum())


def test_wall_clock_kills_a_slow_worker_and_a_new_one_starts():
    box = sandbox.shared()
    evaluate("X.sum()", V)
    starts = box.starts
    with pytest.raises(ExpressionRefused, match="took longer than 0.3 s and was stopped"):
        evaluate("np.ones((3000, 3000)) @ np.ones((3000, 3000))", {}, limits=LOOSE)
    assert evaluate("X.sum()", V) == pytest.approx(V["X"].sum())
    assert box.starts == starts + 1


def test_a_dead_worker_is_replaced():
    box = sandbox.shared()
    evaluate("X.sum()", V)
    box._proc.kill()
    box._proc.wait()
    assert evaluate("X.sum()", V) == pytest.approx(V["X"].sum())


def test_threads_share_the_sandbox_safely():
    results, errors = {}, []

    def work(i):
        try:
            results[i] = evaluate(f"X.T @ dZ1 * {i}", V)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    for i, value in results.items():
        np.testing.assert_allclose(value, V["X"].T @ V["dZ1"] * i)


def test_falls_back_in_process_with_a_warning_when_no_worker_can_start(monkeypatch):
    broken = sandbox.Sandbox()

    def fail():
        raise sandbox.SandboxUnavailable("could not start the sandbox: test")

    monkeypatch.setattr(broken, "_spawn", fail)
    monkeypatch.setattr(sandbox, "_SANDBOX", broken)
    monkeypatch.setattr(sandbox, "_WARNED", False)
    with pytest.warns(RuntimeWarning, match="in-process"):
        assert evaluate("X.shape[0]", V) == V["X"].shape[0]
    with pytest.raises(ExpressionRefused):
        evaluate("np.ones((10**6, 10**6))", V)


def test_pipe_format_round_trips_and_never_carries_objects():
    arrays = [np.zeros((0, 3)), np.array(True), np.arange(6, dtype=">i4").reshape(2, 3),
              np.asfortranarray(np.arange(6.0).reshape(3, 2)), np.ones((3, 4))[:, ::2]]
    out: list = []
    packed = [protocol.pack(a, out) for a in arrays] + [protocol.pack(np.float64(2.5), out)]
    frame = protocol.encode({"v": packed}, out)
    size = int.from_bytes(frame[:4], "big")
    header, back = protocol.decode(frame[4:4 + size], frame[4 + size:])
    for p, a in zip(header["v"], arrays):
        np.testing.assert_array_equal(protocol.unpack(p, back), a)
    assert protocol.unpack(header["v"][-1], back) == 2.5
    with pytest.raises(TypeError):
        protocol.encode({}, [np.array([object()])])
    bad = frame[4:4 + size].replace(b'"<f8"', b'"|O8"', 1)
    with pytest.raises(ValueError):
        protocol.decode(bad, frame[4 + size:])


def test_variables_must_be_numbers_or_numeric_arrays():
    with pytest.raises(TypeError):
        evaluate("X", {"X": np.array(["a"])})
    with pytest.raises(TypeError):
        evaluate("X", {"X": [1, 2]})
    with pytest.raises(ValueError):
        evaluate("X", {"np": 1})


def test_a_worker_that_died_while_idle_is_replaced_without_blaming_the_next_expression(
        monkeypatch):
    box = sandbox.shared()
    evaluate("X.sum()", V)
    starts = box.starts
    real_write, calls = protocol.write_all, []

    def broken_pipe_once(fd, data):
        calls.append(fd)
        if len(calls) == 1:  # the old worker is gone: its pipe is broken
            raise BrokenPipeError
        real_write(fd, data)

    monkeypatch.setattr(protocol, "write_all", broken_pipe_once)
    assert evaluate("X.shape[0]", V) == V["X"].shape[0]
    assert len(calls) == 2 and box.starts == starts + 1


def test_an_interrupted_request_never_leaves_a_stale_reply(monkeypatch):
    box = sandbox.shared()
    evaluate("X.sum()", V)

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    with monkeypatch.context() as m:
        m.setattr(protocol, "read_frame", interrupted)
        with pytest.raises(KeyboardInterrupt):
            evaluate("X.shape[1]", V)
    assert box._proc is None  # killed, with its reply
    assert evaluate("X.shape[0]", V) == V["X"].shape[0]
