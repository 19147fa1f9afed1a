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

import errno
import re
import socket
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import paramiko
from netmiko.exceptions import (
    ConfigInvalidException,
    NetmikoAuthenticationException,
    NetmikoTimeoutException,
    ReadTimeout,
)
from paramiko.ssh_exception import NoValidConnectionsError

from dmvpnprov.transport.hostkeys import UNKNOWN_KEY_MESSAGE, bad_key_message

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
    skip_reason: str | None = None  # why a skipped router was not started (not in JSON)
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


def _ssh_error(item: paramiko.SSHException) -> str | None:
    text = str(item)
    if "not found in known_hosts" in text:
        return UNKNOWN_KEY_MESSAGE
    if "Incompatible" in text or "no acceptable" in text.lower():
        return (
            "no common SSH algorithm: the router offers only algorithms this client refuses"
            " (IOS 12.x: see docs/push.md, legacy SSH algorithms)"
        )
    return None


def _bad_key(item: paramiko.BadHostKeyException) -> str:
    return bad_key_message(item.hostname)


def _no_connection(item: NoValidConnectionsError) -> str | None:
    errors = list(item.errors.values())
    if any(isinstance(e, ConnectionRefusedError) for e in errors):
        return "unreachable: connection refused"
    if any(isinstance(e, OSError) and _no_route(e) for e in errors):
        return "unreachable: no route to host"
    return None


# (exception types, message), most specific first: each is looked for along the whole
# chain (netmiko wraps a refused connection in a "timeout"), before the next is tried.
_DESCRIPTIONS: tuple[tuple[tuple[type[BaseException], ...], Callable[[Any], str | None]], ...] = (
    ((PushFailure,), str),
    ((paramiko.BadHostKeyException,), _bad_key),
    (
        (NetmikoAuthenticationException, paramiko.AuthenticationException),
        lambda _: "authentication failed (check the username and the password variable)",
    ),
    ((paramiko.SSHException,), _ssh_error),
    ((ConfigInvalidException,), _rejected),
    ((NoValidConnectionsError,), _no_connection),
    ((ConnectionRefusedError,), lambda _: "unreachable: connection refused"),
    ((OSError,), lambda e: "unreachable: no route to host" if _no_route(e) else None),
    ((NetmikoTimeoutException, socket.timeout, TimeoutError), _timed_out),
    ((ReadTimeout,), lambda _: "timeout: the router stopped answering"),
    ((EOFError, ConnectionResetError, BrokenPipeError), lambda _: _CLOSED),
    ((OSError,), _closed),
)


def _no_route(item: OSError) -> bool:
    return item.errno in (errno.EHOSTUNREACH, errno.ENETUNREACH)


def describe_error(exc: BaseException) -> str:
    """One line for the user naming what went wrong (not masked: mask it before showing)."""
    chain = _chain(exc)
    for types, describe in _DESCRIPTIONS:
        for item in chain:
            if isinstance(item, types):
                said = describe(item)
                if said:
                    return said
    lines = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {lines[0] if lines else 'no details'}"
