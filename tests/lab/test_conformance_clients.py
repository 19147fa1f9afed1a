"""Conformance: netmiko and scrapli, each against every lab platform.

netmiko: connect (paramiko 4), enable, ``show running-config`` (paged output off),
``send_config_set``, ``save_config``. scrapli 2 (libssh2): ``send_input`` in exec and
configuration modes, prompt detection per mode.
"""

from __future__ import annotations

from typing import Any

import pytest
from netmiko import ConnectHandler

from dmvpnprov.core.platforms import Platform
from tests.support.conformance import IDS, MATRIX
from tests.support.lab import RouterFactory

pytestmark = [pytest.mark.lab, pytest.mark.conformance]


@pytest.mark.parametrize(("platform", "release"), MATRIX, ids=IDS)
def test_netmiko(lab_router: RouterFactory, platform: Platform, release: str) -> None:
    router = lab_router(platform=platform, release=release)
    lan = router.state.physical[1]
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
        assert conn.find_prompt() == "R1#"
        running = str(conn.send_command("show running-config"))
        assert running.rstrip().endswith("end")
        assert f"interface {lan}" in running
        out = conn.send_config_set([f"interface {lan}", "description conformance"])
        assert "R1(config-if)#" in out
        assert "[OK]" in conn.save_config()
    finally:
        conn.disconnect()
    assert " description conformance" in router.startup_config()


@pytest.mark.parametrize(("platform", "release"), MATRIX, ids=IDS)
def test_scrapli(lab_router: RouterFactory, platform: Platform, release: str) -> None:
    scrapli: Any = pytest.importorskip("scrapli")
    router = lab_router(platform=platform, release=release)
    options = scrapli.Cli(
        definition_file_or_name="cisco_iosxe",
        host="127.0.0.1",
        port=router.port,
        auth_options=scrapli.AuthOptions(
            username="admin",
            password="lab-password",
            lookups=[scrapli.LookupKeyValue(key="enable", value="lab-enable")],
        ),
        session_options=scrapli.SessionOptions(operation_timeout_s=30),
        transport_options=scrapli.TransportSsh2Options(),
    )
    with options as conn:
        version = conn.send_input("show version")
        assert f"Version {release}" in version.result
        assert not version.failed
        config = conn.send_inputs(["ip domain name example.net"], requested_mode="configuration")
        assert not config.failed
        bad = conn.send_inputs(["ip nhrp bogus"], requested_mode="configuration")
        assert bad.failed
