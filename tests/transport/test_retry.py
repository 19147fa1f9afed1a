"""Which connection errors are retried: transient ones only, never a credential problem."""

from __future__ import annotations

import paramiko
import pytest
from netmiko.exceptions import NetmikoAuthenticationException, NetmikoTimeoutException

from dmvpnprov.transport.retry import transient


def _wrapped(inner: BaseException, outer: BaseException) -> BaseException:
    """``outer`` raised while handling ``inner``, as netmiko wraps socket errors."""
    outer.__context__ = inner
    return outer


@pytest.mark.parametrize(
    ("error", "retried"),
    [
        (paramiko.SSHException("Error reading SSH protocol banner"), True),
        (TimeoutError("timed out"), True),
        (EOFError(), True),
        (_wrapped(TimeoutError(), NetmikoTimeoutException("TCP connection failed")), True),
        (NetmikoAuthenticationException("Authentication to device failed."), False),
        (_wrapped(ConnectionRefusedError(), NetmikoTimeoutException("TCP connection")), False),
        (paramiko.SSHException("Server '[127.0.0.1]:2200' not found in known_hosts"), False),
        (
            paramiko.BadHostKeyException(
                "h", paramiko.RSAKey.generate(1024), paramiko.RSAKey.generate(1024)
            ),
            False,
        ),
    ],
)
def test_transient_errors_are_retried_and_credential_problems_are_not(
    error: BaseException, retried: bool
) -> None:
    assert transient(error) is retried
