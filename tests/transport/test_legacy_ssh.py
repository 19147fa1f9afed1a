"""push's connection path reaches IOS 12.x SSH (group1-sha1, ssh-rsa, CBC) and telnet.

paramiko 5 removed SHA-1 key exchange and ``ssh-rsa`` host keys: if an upgrade slips in,
this test fails loudly instead of the fleet's oldest routers.
"""

from __future__ import annotations

from typing import Any

import paramiko
import pytest
from netmiko import ConnectHandler

from dmvpnprov.transport.connections import BASE_EXTRAS
from tests.support.lab import RouterFactory

pytestmark = pytest.mark.lab


def _connect(port: int, device_type: str) -> Any:
    return ConnectHandler(
        host="127.0.0.1",
        port=port,
        device_type=device_type,
        username="admin",
        password="lab-password",
        secret="lab-enable",
        **BASE_EXTRAS,
    )


def test_paramiko_is_the_4_line() -> None:
    assert paramiko.__version__.split(".")[0] == "4", (
        "dmvpnprov needs paramiko 4: paramiko 5 cannot reach IOS 12.x SSH (see pyproject)"
    )


def test_legacy_ssh_profile_with_the_push_connection_settings(lab_router: RouterFactory) -> None:
    router = lab_router(release="12.2(13)T", profile="legacy", hostname="OLD")
    conn = _connect(router.port, "cisco_ios")
    try:
        transport = conn.remote_conn.get_transport()
        assert transport.get_remote_server_key().get_name() == "ssh-rsa"
        assert transport.remote_cipher.endswith("-cbc")
        conn.enable()
        assert "hostname OLD" in conn.send_command("show running-config")
    finally:
        conn.disconnect()


def test_telnet_with_the_push_connection_settings(lab_router: RouterFactory) -> None:
    router = lab_router(release="12.3(26)", transport="telnet", hostname="TEL")
    conn = _connect(router.port, "cisco_ios_telnet")
    try:
        conn.enable()
        assert "hostname TEL" in conn.send_command("show running-config")
    finally:
        conn.disconnect()
