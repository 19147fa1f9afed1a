"""The cached ntc-templates parse gives exactly what ``parse_output`` gives.

Each show command push's live check reads, printed by the lab for a spoke with a
registered NHS, a dynamic entry, SAs, EIGRP / OSPF / BGP neighbours and routes.
"""

from __future__ import annotations

from dataclasses import replace
from ipaddress import IPv4Address

import pytest
from ntc_templates.parse import parse_output
from textfsm import clitable

from dmvpnprov.core.platforms import IosRelease
from dmvpnprov.dmvpn.state import Neighbor
from dmvpnprov.lab.ios import show_crypto, show_dmvpn, show_routing
from dmvpnprov.transport.templates import parse
from tests.support.live_state import spoke_state

RELEASE = IosRelease.parse("15.2(4)M3")
STATE = spoke_state("spoke-a")
MORE = (
    Neighbor("ospf", "hub1", IPv4Address("10.0.0.1"), "Tunnel0", True, "FULL/DR", "1"),
    Neighbor("bgp", "hub1", IPv4Address("10.0.0.1"), "Tunnel0", True, "Established", "65000"),
)
OUTPUTS = {
    "show dmvpn": show_dmvpn.show_dmvpn(STATE, RELEASE),
    "show ip route": show_routing.show_ip_route(STATE, RELEASE),
    "show ip eigrp neighbors": show_routing.show_eigrp_neighbors(STATE, RELEASE),
    "show ip ospf neighbor": show_routing.show_ospf_neighbor(replace(STATE, neighbors=MORE)),
    "show ip bgp summary": show_routing.show_bgp_summary(replace(STATE, neighbors=MORE)),
    "show crypto session detail": show_crypto.show_crypto_session(STATE, RELEASE, detail=True),
}


@pytest.mark.parametrize("command", sorted(OUTPUTS))
def test_same_rows_as_parse_output(command: str) -> None:
    text = OUTPUTS[command]
    want = parse_output(platform="cisco_ios", command=command, data=text)
    got = parse("cisco_ios", command, text)
    assert want, command  # the comparison is about real rows
    assert got == want
    assert parse("cisco_ios", command, text) == want  # the cached template again


def test_abbreviated_command_finds_the_same_template() -> None:
    text = OUTPUTS["show ip route"]
    assert parse("cisco_ios", "sh ip ro", text) == parse("cisco_ios", "show ip route", text)


def test_a_command_without_template_is_refused() -> None:
    with pytest.raises(clitable.CliTableError):
        parse("cisco_ios", "show ip nhrp nhs", "")
