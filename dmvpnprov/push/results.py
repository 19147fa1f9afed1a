"""Push results: one explicit record per router, and the errors users read.

A :class:`HostResult` is never truthy-as-success: ask :attr:`HostResult.ok`. Errors are
one line each, named for what happened (authentication, unreachable, rejected line,
disconnect, write memory), and always masked before they are stored.

Examples:
    >>> r = HostResult("hub1", "hub", changed_lines=3, verified=True, saved=True)
    >>> r.ok, r.as_dict()["saved"]
    (True, True)
    >>> HostResult("spoke-a", "spoke", skipped=True).ok
    False
"""

from __future__ import annotations

import re
import socket
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from netmiko.exceptions import (
    ConfigInvalidException,
    NetmikoAuthenticationException,
    NetmikoTimeoutException,
    ReadTimeout,
)

__all__ = ["HostResult", "PushFailure", "describe_error", "summary"]


class PushFailure(Exception):
    """A step of the push failed; the message is the one-line error shown to the user."""


@dataclass
class HostResult:
    """What happened on one router."""

    host: str
    role: str
    changed_lines: int = 0
    lines: list[str] = field(default_factory=list)  # masked delta
    saved: bool = False
    verified: bool = False
    rolled_back: bool = False
    skipped: bool = False
    error: str | None = None
    backup: str | None = None
    live: dict[str, Any] | None = None  # post-push DMVPN verification evidence (docs/push.md)

    @property
    def ok(self) -> bool:
        """True only when the router ended as intended (or had nothing to do)."""
        return self.error is None and not self.skipped

    def as_dict(self) -> dict[str, Any]:
        """The stable JSON form (keys scripts rely on)."""
        return {
            "host": self.host,
            "role": self.role,
            "changed_lines": self.changed_lines,
            "saved": self.saved,
            "verified": self.verified,
            "rolled_back": self.rolled_back,
            "skipped": self.skipped,
            "error": self.error,
            "backup": self.backup,
            "live": self.live,
        }


def summary(results: Iterable[HostResult]) -> dict[str, int]:
    """Counts over a run: hosts, changed, saved, failed, rolled_back, skipped."""
    items = list(results)
    return {
        "hosts": len(items),
        "changed": sum(1 for r in items if r.changed_lines and r.ok),
        "unchanged": sum(1 for r in items if not r.changed_lines and r.ok),
        "saved": sum(1 for r in items if r.saved),
        "failed": sum(1 for r in items if r.error is not None),
        "rolled_back": sum(1 for r in items if r.rolled_back),
        "skipped": sum(1 for r in items if r.skipped),
    }


def _chain(exc: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in seen:
        seen.append(current)
        current = current.__cause__ or current.__context__
    return seen


_NETMIKO_REJECT = re.compile(r"at command: (?P<cmd>.*), matched error: (?P<err>.*)$", re.S)


def _rejected(exc: ConfigInvalidException) -> str:
    match = _NETMIKO_REJECT.search(str(exc))
    if match:
        command, error = match["cmd"].strip(), match["err"].strip()
        return f"line rejected by the router at `{command}`: {error}"
    lines = [ln.strip() for ln in str(exc).splitlines() if ln.strip()]
    return "line rejected by the router: " + (lines[-1] if lines else "no details")


def _timed_out(item: BaseException) -> str:
    first = str(item).strip().splitlines()[0] if str(item).strip() else ""
    return f"unreachable: timed out{': ' + first if first else ''}"


_CLOSED = "disconnected: the session closed"


def _closed(item: BaseException) -> str | None:
    return _CLOSED if "closed" in str(item).lower() else None


# (exception types, message) in the order they are tried on each exception of the chain.
_DESCRIPTIONS: tuple[tuple[tuple[type[BaseException], ...], Callable[[Any], str | None]], ...] = (
    ((PushFailure,), str),
    (
        (NetmikoAuthenticationException,),
        lambda _: "authentication failed (check the username and the password variable)",
    ),
    ((ConfigInvalidException,), _rejected),
    ((ConnectionRefusedError,), lambda _: "unreachable: connection refused"),
    ((NetmikoTimeoutException, socket.timeout, TimeoutError), _timed_out),
    ((ReadTimeout,), lambda _: "timeout: the router stopped answering"),
    ((EOFError, ConnectionResetError, BrokenPipeError), lambda _: _CLOSED),
    ((OSError,), _closed),
)


def describe_error(exc: BaseException) -> str:
    """One line for the user naming what went wrong (not masked: mask it before showing)."""
    for item in _chain(exc):
        for types, describe in _DESCRIPTIONS:
            if isinstance(item, types):
                said = describe(item)
                if said:
                    return said
    lines = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {lines[0] if lines else 'no details'}"
