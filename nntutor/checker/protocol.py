"""The sandbox pipe's framing: a JSON header, then the arrays' raw bytes.

Neither side ever unpickles: arrays travel as plain numeric bytes described in the header
(dtype such as `<f8`, checked against a pattern; shape; byte count), everything else as
JSON. A frame is `>I` header length, the header, then each array's bytes in order.
"""

from __future__ import annotations

import json
import os
import re
import select
import struct
import time
from typing import Any

import numpy as np

_DTYPE = re.compile(r"[<>|=]?[biuf][1248]")


class Timeout(Exception):
    pass


def pack(value: Any, arrays: list[np.ndarray]) -> dict:
    """A variable or a result as JSON, its array data appended to `arrays`."""
    if isinstance(value, np.ndarray):
        arrays.append(value)
        return {"nd": len(arrays) - 1}
    if isinstance(value, np.generic):
        arrays.append(np.asarray(value))
        return {"nd": len(arrays) - 1, "scalar": True}
    if isinstance(value, bool):
        return {"bool": value}
    if isinstance(value, int):
        return {"int": value}
    if isinstance(value, float):
        return {"float": value}
    raise TypeError(f"can't send a {type(value).__name__}")


def unpack(data: dict, arrays: list[np.ndarray]) -> Any:
    if "nd" in data:
        a = arrays[data["nd"]]
        return a[()] if data.get("scalar") else a
    for key in ("bool", "int", "float"):
        if key in data:
            return data[key]
    raise ValueError(f"bad value in sandbox message: {data!r}")


def encode(header: dict, arrays: list[np.ndarray]) -> bytes:
    metas, blobs = [], []
    for a in arrays:
        a = np.asarray(a)
        if a.dtype.kind not in "biuf":
            raise TypeError(f"can't send {a.dtype} values")
        metas.append({"dtype": a.dtype.str, "shape": list(a.shape), "bytes": a.nbytes})
        blobs.append(a.tobytes(order="C"))
    head = json.dumps({**header, "arrays": metas}).encode()
    return struct.pack(">I", len(head)) + head + b"".join(blobs)


def decode(head: bytes, body: bytes) -> tuple[dict, list[np.ndarray]]:
    """Arrays come back read-only (views of the received bytes)."""
    header = json.loads(head)
    arrays, at = [], 0
    for meta in header.pop("arrays", []):
        dtype = np.dtype(meta["dtype"])
        if dtype.kind not in "biuf" or not _DTYPE.fullmatch(meta["dtype"]):
            raise ValueError(f"unexpected dtype {meta['dtype']!r} in a sandbox message")
        size = int(meta["bytes"])
        shape = tuple(int(d) for d in meta["shape"])
        arrays.append(np.frombuffer(body, dtype, size // max(dtype.itemsize, 1), at).reshape(shape))
        at += size
    return header, arrays


def read_exact(fd: int, count: int, deadline: float | None) -> bytes:
    """`count` bytes from a pipe, or Timeout at the deadline, or EOFError if it closed."""
    chunks, left = [], count
    while left:
        if deadline is not None:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not select.select([fd], [], [], remaining)[0]:
                raise Timeout()
        chunk = os.read(fd, min(left, 1 << 20))
        if not chunk:
            raise EOFError("pipe closed")
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def read_frame(fd: int, deadline: float | None = None) -> tuple[dict, list[np.ndarray]]:
    (size,) = struct.unpack(">I", read_exact(fd, 4, deadline))
    head = read_exact(fd, size, deadline)
    total = sum(int(m["bytes"]) for m in json.loads(head).get("arrays", []))
    body = read_exact(fd, total, deadline) if total else b""
    return decode(head, body)


def write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]
