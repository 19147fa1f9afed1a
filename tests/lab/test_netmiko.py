"""Conformance: unmodified netmiko (paramiko 4, default settings) against the lab."""

from __future__ import annotations

from typing import Any

import paramiko
import pytest
from netmiko import ConnectHandler
from netmiko.exceptions import (
    ConfigInvalidException,
    NetmikoAuthenticationException,
    NetmikoTimeoutException,
    ReadTimeout,
)

from dmvpnprov.lab.network.server import LabRouter
from dmvpnprov.lab.state.faults import Faults
from tests.support.lab import RouterFactory

pytestmark = pytest.mark.lab

CONFIG = [
    "interface Tunnel0",
    "ip address 10.0.0.1 255.255.255.0",
    "ip nhrp network-id 99",
    "tunnel mode gre multipoint",
]


def _connect(router: LabRouter, **extra: Any) -> Any:
    params: dict[str, Any] = {
        "device_type": router.spec.device_type,
        "host": "127.0.0.1",
        "port": router.port,
        "username": "admin",
        "password": "lab-password",
        "secret": "lab-enable",
        "fast_cli": True,
        **extra,
    }
    return ConnectHandler(**params)


@pytest.mark.parametrize("transport", ["ssh", "telnet"])
def test_netmiko_full_cycle(lab_router: RouterFactory, transport: str) -> None:
    router = lab_router(transport=transport)
    conn = _connect(router)
    try:
        assert conn.find_prompt() == "R1>"
        conn.enable()
        assert conn.find_prompt() == "R1#"
        version = conn.send_command("show version")
        assert "Version 12.4(24)T" in version
        assert "hostname R1" in conn.send_command("show running-config")
        output = conn.send_config_set(CONFIG, error_pattern=r"% Invalid input")
        assert "R1(config-if)#" in output
        saved = conn.save_config()
        assert "[OK]" in saved
    finally:
        conn.disconnect()
    assert " ip nhrp network-id 99" in router.startup_config()


def test_paramiko_still_negotiates_the_legacy_profile(lab_router: RouterFactory) -> None:
    """Fails loudly when paramiko drops SHA-1 kex / ssh-rsa (paramiko >= 5 did)."""
    router = lab_router(profile="legacy")
    client = paramiko.SSHClient()
    client.set_missing_host_key_policy(paramiko.AutoAddPolicy())  # noqa: S507 - lab only
    try:
        client.connect(
            "127.0.0.1",
            port=router.port,
            username="admin",
            password="lab-password",
            look_for_keys=False,
            allow_agent=False,
        )
    except paramiko.SSHException as exc:
        pytest.fail(
            f"paramiko {paramiko.__version__} cannot negotiate IOS 12.x SSH (group1/group14-sha1,"
            f" ssh-rsa, CBC): old routers are unreachable over SSH with it: {exc}"
        )
    try:
        transport = client.get_transport()
        assert transport is not None
        assert transport.remote_version == "SSH-2.0-Cisco-1.25"
        assert transport.host_key_type == "ssh-rsa"
        negotiated: Any = transport  # types-paramiko lacks the negotiated-algorithm fields
        assert negotiated.remote_cipher in ("aes128-cbc", "3des-cbc")
        assert negotiated.remote_mac == "hmac-sha1"
    finally:
        client.close()


def test_rejected_line_raises_config_invalid(lab_router: RouterFactory) -> None:
    router = lab_router(release="12.2(13)T")
    conn = _connect(router)
    try:
        conn.enable()
        with pytest.raises(ConfigInvalidException) as info:
            conn.send_config_set(
                ["interface Tunnel0", "ip nhrp redirect"], error_pattern=r"% Invalid input"
            )
        assert "ip nhrp redirect" in str(info.value)
    finally:
        conn.disconnect()


def test_fault_rejected_command(lab_router: RouterFactory) -> None:
    router = lab_router(faults=Faults(reject_command="ip nhrp network-id 99"))
    conn = _connect(router)
    try:
        conn.enable()
        with pytest.raises(ConfigInvalidException):
            conn.send_config_set(CONFIG, error_pattern=r"% Invalid input")
    finally:
        conn.disconnect()


@pytest.mark.parametrize("transport", ["ssh", "telnet"])
def test_fault_authentication_failure(lab_router: RouterFactory, transport: str) -> None:
    router = lab_router(transport=transport, faults=Faults(auth_failure=True))
    with pytest.raises(NetmikoAuthenticationException):
        _connect(router)


def test_fault_silent_port_times_out(lab_router: RouterFactory) -> None:
    router = lab_router(faults=Faults(silent=True))
    with pytest.raises(NetmikoTimeoutException):
        _connect(router, conn_timeout=1, banner_timeout=1, auth_timeout=1)


def test_fault_dropped_session_mid_config(lab_router: RouterFactory) -> None:
    router = lab_router(faults=Faults(disconnect_after_config_lines=2))
    conn = _connect(router, read_timeout_override=3)
    conn.enable()
    with pytest.raises((OSError, EOFError, ReadTimeout)):
        conn.send_config_set(CONFIG, error_pattern=r"% Invalid input")
    conn.disconnect()
    assert "ip nhrp network-id" not in router.running_config()
    assert "interface Tunnel0" in router.running_config()


def test_slow_router_still_works_with_default_timeouts(lab_router: RouterFactory) -> None:
    router = lab_router(faults=Faults(command_delay=0.2, write_delay=1.0))
    conn = _connect(router)
    try:
        conn.enable()
        conn.send_config_set(CONFIG[:2], error_pattern=r"% Invalid input")
        assert "[OK]" in conn.save_config()
    finally:
        conn.disconnect()
    assert "interface Tunnel0" in router.startup_config()


def test_failed_write_memory_has_no_ok(lab_router: RouterFactory) -> None:
    router = lab_router(faults=Faults(write_fails=True))
    conn = _connect(router)
    try:
        conn.enable()
        output = conn.save_config()
    finally:
        conn.disconnect()
    assert "%Error" in output
    assert "[OK]" not in output
