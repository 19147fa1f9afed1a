"""The gate of a push run: failures counted across threads, Ctrl-C, abort, router states.

Examples:
    >>> gate = FailureGate(2)
    >>> gate.record_failure(); gate.open()
    True
    >>> gate.stop(); gate.open(), gate.aborted
    (False, False)
"""

from __future__ import annotations

import logging
import threading

from dmvpnprov.push.results import PushFailure

__all__ = ["FailureGate"]

log = logging.getLogger(__name__)


class FailureGate:
    """Counts failures across threads; closes at ``max_fail`` failures or when stopped.

    It also holds where each router in flight is (:meth:`step`), so an interrupted run can
    name every router's state, and the abort flag a second signal sets (:meth:`abort`):
    routers in flight then stop sending at the next chunk of lines and roll back.
    """

    def __init__(self, max_fail: int) -> None:
        self.max_fail = max(1, max_fail)
        self.failures = 0
        self.stopped = False
        self.aborted = False
        self.states: dict[str, str] = {}
        self._lock = threading.Lock()

    def open(self) -> bool:
        """True while new routers may be started."""
        with self._lock:
            return not self.stopped and self.failures < self.max_fail

    def stop(self) -> None:
        """Start no new router (Ctrl-C): the ones in flight finish or roll back."""
        with self._lock:
            self.stopped = True

    def abort(self) -> None:
        """Second signal: routers in flight stop sending and roll back."""
        with self._lock:
            self.stopped = self.aborted = True

    def record_failure(self) -> None:
        """Count one failed router."""
        with self._lock:
            self.failures += 1

    def step(self, host: str, state: str) -> None:
        """Record (and log at INFO, for push.log and ``-v``) what ``host`` is doing now."""
        with self._lock:
            self.states[host] = state
        log.info("%s: %s", host, state)

    def check(self) -> None:
        """Raise :class:`PushFailure` when the run was aborted (between two steps)."""
        if self.aborted:
            raise PushFailure("aborted by a second interrupt")
