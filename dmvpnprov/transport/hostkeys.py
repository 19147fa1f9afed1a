"""SSH host keys: a known-hosts file, trust on first use only when asked, changes refused.

netmiko's default (``ssh_strict=False``) accepts any host key: a man in the middle
would receive the login password, the enable secret, and then the PSK and NHRP key
typed into the config. push instead connects with paramiko's ``RejectPolicy`` over a
known-hosts file (OpenSSH format, ``[host]:port`` for ports other than 22):

* a router whose key is in the file and matches: connected;
* a router whose key *changed*: refused (paramiko ``BadHostKeyException``), with a
  message saying which line of which file to check;
* a router not in the file: refused, unless ``--accept-new-host-keys`` is given; then
  its key is read once (an SSH key exchange, no login) and appended to the file before
  the push connects (trust on first use). Keys are learned in the main thread, so 50
  worker threads never rewrite the file at once.

Examples:
    >>> entry("192.0.2.1", 22), entry("127.0.0.1", 2201)
    ('192.0.2.1', '[127.0.0.1]:2201')
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import paramiko

__all__ = [
    "KNOWN_HOSTS",
    "UNKNOWN_KEY_MESSAGE",
    "bad_key_message",
    "describe_host_key_error",
    "entry",
    "known_hosts_file",
    "learn_keys",
    "ssh_extras",
    "unknown_hosts",
]

log = logging.getLogger(__name__)

KNOWN_HOSTS = "known_hosts"

UNKNOWN_KEY_MESSAGE = (
    "host key unknown: the router is not in the known-hosts file (check its key, or"
    " trust it on first use with --accept-new-host-keys)"
)


def known_hosts_file(inventory: Path, given: Path | None, lab: bool) -> Path | None:
    """``--known-hosts``, else ``known_hosts`` beside the inventory.

    Every command that logs in to real routers checks their keys (it sends the login
    password); the lab's routers listen on 127.0.0.1 and are checked only when asked.

    Examples:
        >>> known_hosts_file(Path("inv"), None, lab=False).as_posix()
        'inv/known_hosts'
        >>> known_hosts_file(Path("inv"), None, lab=True) is None
        True
    """
    if given is not None:
        return given
    return None if lab else inventory / KNOWN_HOSTS


def bad_key_message(hostname: str) -> str:
    """What to say when ``hostname`` offered another key than the known-hosts file holds."""
    return (
        f"host key mismatch: {hostname} offered a different SSH key than the known-hosts"
        " file holds: refused (a man in the middle, or a replaced router: check, then remove"
        " its line from the known-hosts file)"
    )


def describe_host_key_error(exc: BaseException) -> str | None:
    """One line for a refused host key anywhere in ``exc``'s chain, else ``None``.

    Examples:
        >>> describe_host_key_error(paramiko.SSHException(
        ...     "Server '[127.0.0.1]:2201' not found in known_hosts"))[:16]
        'host key unknown'
        >>> describe_host_key_error(TimeoutError("timed out")) is None
        True
    """
    current: BaseException | None = exc
    seen: list[BaseException] = []
    while current is not None and current not in seen:
        seen.append(current)
        if isinstance(current, paramiko.BadHostKeyException):
            return bad_key_message(current.hostname)
        if isinstance(current, paramiko.SSHException) and "not found in known_hosts" in str(
            current
        ):
            return UNKNOWN_KEY_MESSAGE
        current = current.__cause__ or current.__context__
    return None


def entry(hostname: str, port: int) -> str:
    """The known-hosts name of ``hostname:port`` (OpenSSH's form)."""
    return hostname if port == 22 else f"[{hostname}]:{port}"


def ssh_extras(path: Path) -> dict[str, Any]:
    """netmiko options: check host keys against ``path``, reject unknown ones."""
    return {
        "ssh_strict": True,
        "system_host_keys": False,
        "alt_host_keys": True,
        "alt_key_file": str(path),
    }


def _load(path: Path) -> paramiko.HostKeys:
    keys = paramiko.HostKeys()
    if path.is_file():
        keys.load(str(path))
    return keys


def unknown_hosts(path: Path, hosts: Iterable[tuple[str, int]]) -> list[tuple[str, int]]:
    """The ``(hostname, port)`` pairs with no key in ``path``."""
    keys = _load(path)
    return [(h, p) for h, p in hosts if keys.lookup(entry(h, p)) is None]


def _fetch(hostname: str, port: int, timeout: float) -> paramiko.PKey:
    with socket.create_connection((hostname, port), timeout=timeout) as sock:
        transport = paramiko.Transport(sock)
        try:
            transport.banner_timeout = timeout
            transport.start_client(timeout=timeout)
            return transport.get_remote_server_key()
        finally:
            transport.close()


def learn_keys(
    path: Path, hosts: Iterable[tuple[str, int]], timeout: float = 15.0, workers: int = 10
) -> dict[tuple[str, int], str]:
    """Read and append the keys of ``hosts`` not yet in ``path`` (trust on first use).

    Returns, per host that could not be read, why (it is then refused at connect time
    as an unknown host, or reported by the connection's own error).
    """
    unknown = unknown_hosts(path, hosts)
    failed: dict[tuple[str, int], str] = {}
    if not unknown:
        return failed
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)

    def fetch(pair: tuple[str, int]) -> paramiko.PKey | Exception:
        try:
            return _fetch(pair[0], pair[1], timeout)
        except (OSError, paramiko.SSHException, EOFError) as exc:
            return exc

    with ThreadPoolExecutor(max(1, workers)) as pool:
        keys = list(pool.map(fetch, unknown))
    with os.fdopen(fd, "a", encoding="ascii") as handle:
        for (hostname, port), key in zip(unknown, keys, strict=True):
            if isinstance(key, Exception):
                failed[(hostname, port)] = str(key) or type(key).__name__
                continue
            handle.write(f"{entry(hostname, port)} {key.get_name()} {key.get_base64()}\n")
            log.warning(
                "%s: new SSH host key %s %s trusted on first use (added to %s)",
                entry(hostname, port),
                key.get_name(),
                key.fingerprint,
                path,
            )
    return failed
