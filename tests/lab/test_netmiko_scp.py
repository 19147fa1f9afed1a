"""netmiko's own SCP file transfer (``netmiko.file_transfer``) against a lab router.

The client is unmodified netmiko (its ``SCPConn`` over paramiko, ``dir``, ``verify
/md5``): the file lands in the router's flash with the right bytes, a second transfer is
skipped because the MD5 matches, and a router without ``ip scp server enable`` refuses.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest
from netmiko import ConnectHandler, file_transfer

from dmvpnprov.core.platforms import Platform
from dmvpnprov.lab.network.server import LabRouter
from tests.support.lab import RouterFactory

pytestmark = pytest.mark.lab


def _connect(router: LabRouter) -> Any:
    return ConnectHandler(
        device_type="cisco_ios",
        host="127.0.0.1",
        port=router.port,
        username="admin",
        password="lab-password",
        secret="lab-enable",
        fast_cli=True,
    )


def test_file_transfer_puts_the_file_and_skips_an_identical_one(
    lab_router: RouterFactory, tmp_path: Path
) -> None:
    router = lab_router(platform=Platform.C3725, release="12.4(15)T14")
    source = tmp_path / "dmvpn-candidate.cfg"
    source.write_text("hostname spoke-a\ninterface Tunnel0\n ip mtu 1400\n")
    conn = _connect(router)
    try:
        conn.enable()
        conn.send_config_set(["ip scp server enable", "file prompt quiet"])
        first = file_transfer(
            conn,
            source_file=str(source),
            dest_file="dmvpn-candidate.cfg",
            file_system="flash:",
            direction="put",
            overwrite_file=True,
        )
        assert first["file_verified"] and first["file_transferred"], first
        listing = conn.send_command("dir flash:")
        assert "dmvpn-candidate.cfg" in listing
        md5 = conn.send_command("verify /md5 flash:dmvpn-candidate.cfg")
        assert hashlib.md5(source.read_bytes()).hexdigest() in md5  # noqa: S324 - IOS's own check
        again = file_transfer(
            conn,
            source_file=str(source),
            dest_file="dmvpn-candidate.cfg",
            file_system="flash:",
            direction="put",
            overwrite_file=True,
        )
        assert again["file_verified"] and not again["file_transferred"], again
    finally:
        conn.disconnect()


def test_scp_is_refused_without_ip_scp_server_enable(
    lab_router: RouterFactory, tmp_path: Path
) -> None:
    router = lab_router(platform=Platform.C3725, release="12.4(15)T14")
    source = tmp_path / "x.cfg"
    source.write_text("hostname x\n")
    conn = _connect(router)
    try:
        conn.enable()
        with pytest.raises(Exception):  # noqa: B017 - netmiko raises its SCP client's error
            file_transfer(
                conn,
                source_file=str(source),
                dest_file="x.cfg",
                file_system="flash:",
                direction="put",
                overwrite_file=True,
            )
        assert "x.cfg" not in conn.send_command("dir flash:")
    finally:
        conn.disconnect()
