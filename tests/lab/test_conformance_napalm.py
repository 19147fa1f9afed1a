"""Conformance: NAPALM's ``ios`` driver (getters and every config workflow) on the lab.

Skipped when NAPALM is not installed (it is in the ``conformance`` extra).
"""

from __future__ import annotations

from typing import Any

import pytest

from dmvpnprov.core.platforms import Platform, has_feature
from tests.support.conformance import IDS, MATRIX, managed_router
from tests.support.lab import RouterFactory

pytestmark = [pytest.mark.lab, pytest.mark.conformance]
napalm = pytest.importorskip("napalm")


def _device(port: int, inline: bool = False) -> Any:
    driver = napalm.get_network_driver("ios")
    device = driver(
        "127.0.0.1",
        "admin",
        "lab-password",
        timeout=60,
        optional_args={"port": port, "secret": "lab-enable", "inline_transfer": inline},
    )
    device.open()
    return device


@pytest.mark.parametrize(("platform", "release"), MATRIX, ids=IDS)
def test_napalm_getters(lab_router: RouterFactory, platform: Platform, release: str) -> None:
    router = managed_router(lab_router, platform, release)
    device = _device(router.port)
    try:
        facts = device.get_facts()
        interfaces = device.get_interfaces()
        addresses = device.get_interfaces_ip()
        arp = device.get_arp_table()
    finally:
        device.close()
    assert facts["serial_number"] == router.state.serial
    assert facts["hostname"] == "R1"
    assert facts["fqdn"] == "R1.lab.example"
    assert f"Version {release}" in facts["os_version"]
    assert facts["model"] != "Unknown"
    assert set(facts["interface_list"]) == set(interfaces)
    nbma = router.state.physical[0]
    assert interfaces[nbma]["is_up"] and interfaces[nbma]["is_enabled"]
    assert interfaces[nbma]["mac_address"] != ""
    shut = [name for name, i in interfaces.items() if not i["is_enabled"]]
    assert shut, "unconfigured physical interfaces are administratively down"
    assert any(
        "130.25.13.1" in a.get("ipv4", {}) and a["ipv4"]["130.25.13.1"]["prefix_length"] == 24
        for a in addresses.values()
    )
    assert {"ip": "130.25.13.1", "age": -1.0}.items() <= next(
        e for e in arp if e["ip"] == "130.25.13.1"
    ).items()


# SCP on every release that has `configure replace`; the tclsh transfer on one.
WORKFLOW = [(p, r, False) for p, r in MATRIX if has_feature(r, "config_replace")]
WORKFLOW.append((Platform.C7200, "15.2(4)M3", True))


@pytest.mark.slow
@pytest.mark.parametrize(
    ("platform", "release", "inline"),
    WORKFLOW,
    ids=[f"{r}-{'tclsh' if i else 'scp'}" for _, r, i in WORKFLOW],
)
def test_napalm_merge_replace_rollback_and_commit_confirm(
    lab_router: RouterFactory, platform: Platform, release: str, inline: bool
) -> None:
    router = managed_router(lab_router, platform, release)
    device = _device(router.port, inline)
    lan = router.state.physical[1]
    try:
        device.load_merge_candidate(config=f"interface {lan}\n description merged\nend\n")
        diff = device.compare_config()
        assert "description merged" in diff
        device.commit_config()
        assert " description merged" in router.running_config()
        assert " description merged" in router.startup_config()  # saved after commit

        device.load_replace_candidate(config=router.running_config().replace("R1", "R2"))
        assert device.compare_config().splitlines() == ["+hostname R2", "-hostname R1"]
        device.commit_config()
        assert "hostname R2" in router.running_config()

        device.rollback()
        assert "hostname R1" in router.running_config()
        if not has_feature(release, "config_revert_timer"):
            return  # no `configure replace ... revert timer` before 12.4(20)T

        device.load_replace_candidate(config=router.running_config().replace("R1", "R3"))
        device.commit_config(revert_in=60)
        assert device.has_pending_commit()
        device.confirm_commit()
        assert not device.has_pending_commit()
        assert "hostname R3" in router.startup_config()
    finally:
        device.close()


def test_napalm_scp_needs_ip_scp_server_enable(lab_router: RouterFactory) -> None:
    router = lab_router(platform=Platform.C3725, release="12.4(15)T14")
    device = _device(router.port)
    try:
        with pytest.raises(napalm.base.exceptions.CommandErrorException, match="ip scp server"):
            device.load_merge_candidate(config="hostname X\nend\n")
    finally:
        device.close()
