"""Compute one value in a forked child process while this process goes on.

A command's serial tail (the control-plane model's verdict beside the cloud rules of an
audit, say) leaves a core idle on a multi-core machine. :class:`Background` forks a
child that computes the value and sends it back pickled, while the parent does other
work; :meth:`Background.result` waits for it. The child inherits the parent's memory, so
the inputs are not copied or sent; nothing the function changes comes back but its value
(a secret it resolves is not known to this process's masking, say: resolve it here too).

Whenever the child cannot give the value, the parent computes it itself, so the result
(or the exception) is always what calling the function here would give: where ``fork``
is missing or other threads run (a forked child could wait forever on a lock one of them
held), when the child fails or is killed, or when its value cannot be pickled.

Examples:
    >>> with Background(lambda: sum(range(10))) as job:
    ...     job.result()
    45
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import threading
from collections.abc import Callable
from multiprocessing.connection import Connection
from types import TracebackType
from typing import Generic, TypeVar

__all__ = ["Background"]

T = TypeVar("T")

_FAILED = b"\0"  # the child's answer when it has no value (the parent computes it)


class Background(Generic[T]):
    """``fn()`` computed in a forked child (or here, lazily, when that cannot be, or
    with ``fork=False``: a small input is not worth a process)."""

    def __init__(self, fn: Callable[[], T], *, fork: bool = True) -> None:
        self._fn = fn
        self._process: multiprocessing.process.BaseProcess | None = None
        self._conn: Connection | None = None
        forkable = "fork" in multiprocessing.get_all_start_methods()
        if not fork or not forkable or threading.active_count() > 1:
            return
        context = multiprocessing.get_context("fork")
        reader, writer = context.Pipe(duplex=False)
        process = context.Process(target=_child, args=(fn, writer), daemon=True)
        process.start()  # fork: the child inherits fn and its inputs, nothing is sent
        writer.close()
        self._process, self._conn = process, reader

    def result(self) -> T:
        """The value: the child's, or computed here when the child gave none."""
        conn, process = self._conn, self._process
        self._conn = self._process = None
        if conn is None or process is None:
            return self._fn()
        try:
            blob = conn.recv_bytes()
        except (EOFError, OSError):
            blob = _FAILED  # the child died without an answer
        finally:
            conn.close()
            process.join()
        if blob == _FAILED:
            return self._fn()
        value: T = pickle.loads(blob)  # noqa: S301 - our own child's answer
        return value

    def close(self) -> None:
        """Stop the child if it still runs (the value is no longer wanted)."""
        conn, process = self._conn, self._process
        self._conn = self._process = None
        if process is not None:
            process.kill()
            process.join()
        if conn is not None:
            conn.close()

    def __enter__(self) -> Background[T]:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


def _child(fn: Callable[[], object], conn: Connection) -> None:
    """In the child: send ``fn()`` pickled, or :data:`_FAILED`; then end at once (the
    parent's inherited objects are not freed one by one)."""
    try:
        try:
            blob = pickle.dumps(fn(), pickle.HIGHEST_PROTOCOL)
        except BaseException:  # noqa: BLE001 - the parent computes it and sees the error
            blob = _FAILED
        conn.send_bytes(blob)
        conn.close()
    finally:
        os._exit(0)
