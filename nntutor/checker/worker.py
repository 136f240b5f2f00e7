"""The sandbox worker: reads requests on stdin, answers on stdout, under OS limits.

Limits it sets on itself (POSIX `resource`; skipped where unavailable):
- RLIMIT_CORE 0 and RLIMIT_FSIZE 0: no core dumps, and writing any file kills it;
- per request, RLIMIT_AS = the memory it already maps + `Limits.memory_bytes`, so NumPy
  gets a MemoryError instead of the machine swapping (reset between requests);
- per request, RLIMIT_CPU = the CPU time used so far + a few seconds (SIGXCPU ends it).
The parent adds the wall clock: no reply before the deadline, and the worker is killed.
Nothing is unpickled: requests and replies are JSON plus .npy arrays (protocol.py).
"""

from __future__ import annotations

import math
import os
import sys

from nntutor.checker import protocol
from nntutor.checker.errors import ExpressionError, ExpressionRefused
from nntutor.checker.limits import Limits

try:
    import resource
except ImportError:  # not POSIX: only the parent's wall clock applies
    resource = None


def _mapped_bytes() -> int | None:
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return None


def _set(limit: int, soft: int) -> None:
    try:
        _, hard = resource.getrlimit(limit)
        if hard != resource.RLIM_INFINITY:
            soft = min(soft, hard)
        resource.setrlimit(limit, (soft, hard))
    except (ValueError, OSError):
        pass


def _limit_request(limits: Limits, seconds: float) -> None:
    if resource is None:
        return
    mapped = _mapped_bytes()
    if mapped is not None:
        _set(resource.RLIMIT_AS, mapped + limits.memory_bytes)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    _set(resource.RLIMIT_CPU, int(usage.ru_utime + usage.ru_stime) + math.ceil(seconds) + 2)


def _release() -> None:
    if resource is not None:
        _set(resource.RLIMIT_AS, resource.RLIM_INFINITY)


def handle(header: dict, arrays: list) -> tuple[dict, list]:
    from nntutor.checker import diagnosis, evaluator

    op = header.get("op")
    limits = Limits(**header.get("limits", {}))
    if op == "ping":
        return {"pong": True}, []
    if op == "evaluate":
        env = {k: protocol.unpack(v, arrays) for k, v in header["variables"].items()}
        value = evaluator.evaluate_local(header["expr"], env, limits)
        out: list = []
        return {"value": protocol.pack(value, out)}, out
    if op == "check":
        instances = []
        for packed, sizes in zip(header["instances"], header["sizes"]):
            inst = {k: protocol.unpack(v, arrays) for k, v in packed.items()}
            inst["__sizes__"] = sizes
            instances.append(inst)
        try:
            verdict = diagnosis.check_answer_local(
                header["answer"], header["reference"], instances,
                {k: tuple(v) for k, v in header["dims"].items()},
                [tuple(kw) for kw in header["known_wrong"]], header["batch_dim"], limits)
        except diagnosis.LessonError as exc:
            return {"lesson_error": str(exc)}, []
        return {"verdict": verdict.to_json()}, []
    raise ValueError(f"unknown request {op!r}")


def main() -> None:
    out_fd, in_fd = os.dup(1), os.dup(0)
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1):  # stray prints can never corrupt the pipe
        os.dup2(devnull, fd)
    import numpy  # noqa: F401  (import before the limits: it maps a lot)

    from nntutor.checker import diagnosis, evaluator  # noqa: F401

    if resource is not None:
        _set(resource.RLIMIT_CORE, 0)
        _set(resource.RLIMIT_FSIZE, 0)
    protocol.write_all(out_fd, protocol.encode({"ready": True}, []))
    while True:
        _release()
        try:
            header, arrays = protocol.read_frame(in_fd)
        except EOFError:
            return
        limits = Limits(**header.get("limits", {}))
        seconds = limits.check_seconds if header.get("op") == "check" else limits.seconds
        _limit_request(limits, seconds)
        try:
            reply, blobs = handle(header, arrays)
        except ExpressionError as exc:
            reply, blobs = {"error": exc.to_dict()}, []
        except MemoryError:
            reply, blobs = {"error": ExpressionRefused(
                "refused: the expression needed more memory than an exercise may use "
                f"({limits.memory_bytes // 2**20} MB)").to_dict()}, []
        except Exception as exc:  # noqa: BLE001  (never die on one bad request)
            reply, blobs = {"error": ExpressionError(
                f"internal error: {type(exc).__name__}: {exc}").to_dict()}, []
        _release()
        try:
            data = protocol.encode(reply, blobs)
        except MemoryError:
            data = protocol.encode({"error": ExpressionRefused(
                "refused: the result is too large to send back").to_dict()}, [])
        protocol.write_all(out_fd, data)


if __name__ == "__main__":
    main()
    sys.exit(0)
