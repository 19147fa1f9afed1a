"""Conformance: ntc-templates (TextFSM) through netmiko's ``use_textfsm`` on every platform.

Each template must parse the lab's output into records with the fields automation
reads (a template that does not match raises or returns the raw text).
"""

from __future__ import annotations

from typing import Any

import pytest
from netmiko import ConnectHandler

from dmvpnprov.core.platforms import Platform, has_feature
from tests.support.conformance import IDS, MATRIX, managed_router
from tests.support.lab import RouterFactory

pytestmark = [pytest.mark.lab, pytest.mark.conformance]
pytest.importorskip("ntc_templates")


def _parsed(conn: Any, command: str) -> list[dict[str, Any]]:
    out = conn.send_command(command, use_textfsm=True, raise_parsing_error=True)
    assert isinstance(out, list), f"{command}: no template matched:\n{out}"
    assert out, f"{command}: parsed nothing"
    return out


@pytest.mark.parametrize(("platform", "release"), MATRIX, ids=IDS)
def test_ntc_templates_parse_every_show_command(
    lab_router: RouterFactory, platform: Platform, release: str
) -> None:
    router = managed_router(lab_router, platform, release)
    conn = ConnectHandler(
        device_type="cisco_ios",
        host="127.0.0.1",
        port=router.port,
        username="admin",
        password="lab-password",
        secret="lab-enable",
        timeout=60,
    )
    try:
        conn.enable()
        version = _parsed(conn, "show version")[0]
        assert version["version"] == release
        assert version["hostname"] == "R1"
        assert version["serial"] == [router.state.serial]
        assert version["running_image"].endswith(".bin")
        assert version["uptime"]

        brief = {r["interface"]: r for r in _parsed(conn, "show ip interface brief")}
        nbma = router.state.physical[0]
        assert (brief[nbma]["status"], brief[nbma]["proto"]) == ("up", "up")
        assert brief[nbma]["ip_address"] == "130.25.13.1"

        interfaces = {r["interface"]: r for r in _parsed(conn, "show interfaces")}
        assert set(interfaces) == set(brief)
        assert interfaces[nbma]["ip_address"] == "130.25.13.1"
        assert interfaces[nbma]["prefix_length"] == "24"
        assert interfaces[nbma]["link_status"] == "up"

        ip_if = {r["interface"]: r for r in _parsed(conn, "show ip interface")}
        assert ip_if[nbma]["ip_address"] == ["130.25.13.1"]

        inventory = _parsed(conn, "show inventory")[0]
        assert inventory["sn"] == router.state.serial
        assert inventory["pid"]

        arp = _parsed(conn, "show ip arp")
        assert any(r["ip_address"] == "130.25.13.1" for r in arp)

        files = _parsed(conn, "dir")
        assert any(r["name"] == router.state.flash.image for r in files)
        assert _parsed(conn, "show file systems")
        assert _parsed(conn, "show users")
        assert _parsed(conn, "show processes cpu")
        if has_feature(release, "config_replace"):
            assert _parsed(conn, "show archive")
    finally:
        conn.disconnect()
