"""Router specs built from the example inventory (no network)."""

from __future__ import annotations

import pytest

from dmvpnprov.core.errors import UserError
from dmvpnprov.inventory.load import load_fleet
from dmvpnprov.lab.fleet import specs_for_fleet
from tests.support.lab import EXAMPLE_SECRETS
from tests.support.paths import EXAMPLE_INVENTORY


def test_specs_follow_the_inventory() -> None:
    fleet = load_fleet(EXAMPLE_INVENTORY)
    specs = {s.name: s for s in specs_for_fleet(fleet, EXAMPLE_SECRETS, EXAMPLE_INVENTORY)}
    assert set(specs) == {r.name for r in fleet.routers}
    hub, spoke_a, spoke_c = specs["hub1"], specs["spoke-a"], specs["spoke-c"]
    assert (hub.transport, hub.ssh_profile) == ("ssh", "ios15")  # 15.2(4)M3
    assert (spoke_a.transport, spoke_a.ssh_profile) == ("ssh", "legacy")  # 12.4(15)T14
    assert spoke_c.transport == "telnet"
    assert spoke_c.device_type == "cisco_ios_telnet"
    assert " ip address dhcp" in spoke_c.config
    assert " ip address 130.25.13.1 255.255.255.0" in hub.config
    assert hub.password == EXAMPLE_SECRETS["DMVPN_PASSWORD"]
    assert hub.enable_secret == EXAMPLE_SECRETS["DMVPN_ENABLE_SECRET"]
    assert not any("Tunnel" in line or "crypto" in line for line in hub.config)


def test_missing_variables_are_named() -> None:
    fleet = load_fleet(EXAMPLE_INVENTORY)
    with pytest.raises(UserError, match="DMVPN_ENABLE_SECRET"):
        specs_for_fleet(fleet, {"DMVPN_PASSWORD": "x"}, EXAMPLE_INVENTORY)
