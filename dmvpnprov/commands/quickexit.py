"""End the process without freeing every object one by one.

At a normal exit CPython tears the interpreter down: every object still alive is freed,
one by one. After a command over a large fleet that is millions of objects (the fleet,
per-router results, the report): about 4 s of a 100,000-router audit, and 0.4 s of a
10,000-router one, spent after the last line was printed. :func:`exit_process` does
everything a normal exit does that anyone can see (the ``atexit`` handlers: logging
flushed and closed, temporary files removed, worker processes joined; the standard
streams flushed) and then ends the process at once.

It is only used when nothing else runs: with another thread or a child process alive
(a lab still up, say), the normal exit waits for them as it always did.

Examples:
    >>> exit_status(None), exit_status(3), exit_status("usage: ...")
    (0, 3, 1)
"""

from __future__ import annotations

import atexit
import multiprocessing
import os
import sys
import threading
from typing import NoReturn

__all__ = ["exit_process", "exit_status"]


def exit_status(code: object) -> int:
    """The process status ``sys.exit(code)`` gives (``None`` 0, an int itself, else 1)."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code & 0xFF
    return 1


def _flush() -> bool:
    """Flush stdout and stderr; False when one could not be written (a closed pipe)."""
    ok = True
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:
                stream.flush()
        except (OSError, ValueError):
            ok = False
    return ok


def exit_process(code: object) -> NoReturn:
    """Exit with ``code`` as :func:`sys.exit` would, skipping the interpreter's teardown
    when only this thread runs and no child process is alive."""
    if isinstance(code, str):
        print(code, file=sys.stderr)
    status = exit_status(code)
    if threading.active_count() > 1 or multiprocessing.active_children():
        sys.exit(status)
    atexit._run_exitfuncs()  # what a normal exit runs first, in its order
    if not _flush() and status == 0:
        status = 120  # what CPython exits with when flushing stdout fails at the end
    os._exit(status)
