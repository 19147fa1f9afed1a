"""SIGINT and SIGTERM during a push's apply phase: stop starting routers, then abort.

The first signal closes the gate (no new router starts; those in flight finish or roll
back). The second aborts: routers in flight stop sending at their next chunk of lines
and roll back; after :data:`ABORT_SECONDS` the process ends, naming each router's state.
Nornir's worker threads cannot be stopped from outside, so the process exits without
waiting for them (``os._exit``), after the lock is released and the log flushed.
"""

from __future__ import annotations

import logging
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager

from rich.console import Console

from dmvpnprov.commands.exitcodes import ExitCode
from dmvpnprov.push.gate import FailureGate
from dmvpnprov.push.plan import HostPlan

__all__ = ["ABORT_SECONDS", "ON_ABORT", "interrupts"]

log = logging.getLogger(__name__)

ABORT_SECONDS = 2.0  # after a second signal, how long routers in flight get to roll back
_SIGNALS = (signal.SIGINT, signal.SIGTERM)
_DONE = ("saved", "rolled back", "failed")


def _settle(gate: FailureGate, seconds: float) -> None:
    """Wait up to ``seconds`` for every router in flight to reach a final state."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if all(state.startswith(_DONE) for state in dict(gate.states).values()):
            return
        time.sleep(0.05)


def _abort_now(gate: FailureGate, todo: Sequence[HostPlan], status: Console) -> None:
    """Second signal: name each router's state, then end the process at once.

    Nornir's worker threads cannot be stopped from outside; the process exits without
    waiting for them (``os._exit``), after the lock is released and the log flushed.
    """
    states = dict(gate.states)
    status.print("aborted: the state of each router")
    for plan in todo:
        state = states.get(plan.name, "not started: untouched")
        if not state.startswith(_DONE) and plan.name in states:
            state = f"UNFINISHED, left while {state}: check this router"
        status.print(f"  {plan.name}: {state}")
        log.warning("%s: aborted: %s", plan.name, state)
    for release in ON_ABORT:
        release()
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(ExitCode.INTERRUPTED)


ON_ABORT: list[Callable[[], None]] = []  # lock releases to run before an abort exits


@contextmanager
def interrupts(gate: FailureGate, todo: Sequence[HostPlan], status: Console) -> Iterator[None]:
    """First SIGINT/SIGTERM: start no new router, let those in flight finish; second: abort.

    On the second signal the routers in flight stop sending at their next chunk of lines
    and roll back; after :data:`ABORT_SECONDS` the process ends, naming each router's
    state (rolled back, saved, or unfinished and what it was doing).
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum: int, frame: object) -> None:
        name = signal.Signals(signum).name
        if gate.stopped:
            gate.abort()
            status.print(f"{name} again: aborting; routers in flight stop and roll back")
            _settle(gate, ABORT_SECONDS)
            _abort_now(gate, todo, status)
        gate.stop()
        status.print(
            f"{name}: no new router starts; routers in flight finish or roll back "
            "(send it again to abort: they stop sending and roll back)"
        )

    previous = {sig: signal.signal(sig, handler) for sig in _SIGNALS}
    try:
        yield
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)
