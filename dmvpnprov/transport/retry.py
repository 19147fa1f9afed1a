"""Open a router's connection with retries and backoff, for transient errors only.

A fleet of hundreds hits SSH banner timeouts and dropped key exchanges when many
sessions start at once (vty lines busy, a slow CPU answering late). Those are worth a
second try after a pause; an authentication failure, a refused connection, an unknown
or changed host key or a missing route are not (retrying an authentication failure can
lock the account), and are raised at once.

Examples:
    >>> transient(TimeoutError("timed out"))
    True
    >>> transient(ConnectionRefusedError())
    False
"""

from __future__ import annotations

import logging
import time
from typing import Any

import paramiko
from netmiko.exceptions import NetmikoAuthenticationException, NetmikoTimeoutException

__all__ = ["BACKOFF_SECONDS", "open_connection", "transient"]

log = logging.getLogger(__name__)

BACKOFF_SECONDS = 1.0
CONNECTION = "netmiko"
_PERMANENT = (
    NetmikoAuthenticationException,
    paramiko.AuthenticationException,
    paramiko.BadHostKeyException,
    ConnectionRefusedError,
)
_TRANSIENT_WORDS = ("banner", "timed out", "timeout", "no existing session", "reset", "eof")


def _chain(exc: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in seen:
        seen.append(current)
        current = current.__cause__ or current.__context__
    return seen


def transient(exc: BaseException) -> bool:
    """True when a new attempt may succeed (a timeout, a dropped handshake)."""
    chain = _chain(exc)
    if any(isinstance(item, _PERMANENT) for item in chain):
        return False
    if any("known_hosts" in str(item) for item in chain):
        return False
    for item in chain:
        if isinstance(item, (TimeoutError, EOFError, ConnectionResetError)):
            return True
        if isinstance(item, (NetmikoTimeoutException, paramiko.SSHException)):
            text = str(item).lower()
            if any(word in text for word in _TRANSIENT_WORDS):
                return True
    return False


def open_connection(host: Any, config: Any, retries: int, backoff: float = BACKOFF_SECONDS) -> Any:
    """``host.get_connection`` with up to ``retries`` more attempts for transient errors.

    The pause doubles after each attempt (1 s, 2 s, 4 s...).
    """
    attempt = 0
    while True:
        try:
            return host.get_connection(CONNECTION, config)
        except Exception as exc:
            if attempt >= retries or not transient(exc):
                raise
            delay = backoff * 2**attempt
            attempt += 1
            log.info(
                "%s: connection attempt %d failed (%s); retrying in %.0f s",
                host.name,
                attempt,
                type(exc).__name__,
                delay,
            )
            if CONNECTION in host.connections:
                host.connections.pop(CONNECTION, None)
            time.sleep(delay)
