"""The session guard refuses any connection outside loopback (see the root conftest)."""

from __future__ import annotations

import socket

import pytest


def test_connecting_outside_loopback_is_refused_without_sending() -> None:
    with (
        socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock,
        pytest.raises(ConnectionRefusedError, match=r"only 127\.0\.0\.0/8"),
    ):
        # 0.0.0.0 is not loopback for the guard, yet harmless should the guard ever break
        sock.connect(("0.0.0.0", 9))


def test_loopback_is_allowed() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        with socket.create_connection(server.getsockname(), timeout=2):
            pass
