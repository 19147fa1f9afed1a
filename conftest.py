"""Guard for the whole test session: no test may reach an address outside 127.0.0.0/8.

Tests and benchmarks drive the lab on loopback only; an inventory's management
addresses (the example's 192.0.2.0/24) must never be contacted. Any attempt to connect
a socket elsewhere fails at once with a clear error instead of sending a packet.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterator
from typing import Any

import pytest

_original_connect = socket.socket.connect
_original_connect_ex = socket.socket.connect_ex


def _allowed(address: Any) -> bool:
    if not isinstance(address, tuple):
        return True  # AF_UNIX paths and the like
    host = str(address[0])
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


def _guarded_connect(self: socket.socket, address: Any) -> None:
    if not _allowed(address):
        msg = f"test tried to connect to {address!r}: only 127.0.0.0/8 and ::1 are allowed"
        raise ConnectionRefusedError(msg)
    _original_connect(self, address)


def _guarded_connect_ex(self: socket.socket, address: Any) -> int:
    if not _allowed(address):
        msg = f"test tried to connect to {address!r}: only 127.0.0.0/8 and ::1 are allowed"
        raise ConnectionRefusedError(msg)
    return _original_connect_ex(self, address)


@pytest.fixture(autouse=True, scope="session")
def _loopback_only() -> Iterator[None]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(socket.socket, "connect", _guarded_connect)
        patch.setattr(socket.socket, "connect_ex", _guarded_connect_ex)
        yield
