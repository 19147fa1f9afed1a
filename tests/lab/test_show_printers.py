"""The live-state show printers, called directly, in each release's layout.

One state (the deck's spoke A registered with its hub, a dynamic entry to spoke B,
IKE/IPsec SAs, EIGRP, OSPF and BGP neighbours, routes) is printed as 12.4 and as 15.x
print it; ntc-templates (the real package) must read back the values where it has a
template, and the others must show them where IOS puts them.
"""

from __future__ import annotations

from dataclasses import replace
from ipaddress import IPv4Address, IPv4Network
from typing import Any

import pytest
from ntc_templates.parse import parse_output

from dmvpnprov.core.platforms import IosRelease
from dmvpnprov.dmvpn.state import IkeSa, Neighbor, Route, RouterState
from dmvpnprov.lab.ios import show_crypto, show_dmvpn, show_routing
from tests.support.live_state import HUB_NBMA, PEER_NBMA, spoke_state

A = IPv4Address
RELEASES = ("12.4(15)T14", "15.2(4)M3")


def _state() -> RouterState:
    base = spoke_state("spoke-a")
    down = IkeSa("hub2", base.ike[0].local, A("130.25.13.2"), 1, "MM_NO_STATE", False)
    more = (
        Neighbor("ospf", "hub1", A("10.0.0.1"), "Tunnel0", True, "FULL/DR", "1"),
        Neighbor("bgp", "hub1", A("10.0.0.1"), "Tunnel0", True, "Established", "65000"),
    )
    bgp = Route(IPv4Network("192.168.9.0/24"), "B", A("10.0.0.1"), None, 200, 0, 60.0)
    default = Route(IPv4Network("0.0.0.0/0"), "S*", A("173.1.13.1"), None, 1, 0)
    return replace(
        base,
        ike=(*base.ike, down),
        neighbors=(*base.neighbors, *more),
        routes=(*base.routes, bgp, default),
    )


def _parse(command: str, text: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = parse_output(platform="cisco_ios", command=command, data=text)
    return rows


@pytest.mark.parametrize("release", RELEASES)
def test_show_dmvpn_and_nhrp(release: str) -> None:
    rel, state = IosRelease.parse(release), _state()
    text = show_dmvpn.show_dmvpn(state, rel)
    assert str(HUB_NBMA) in text and str(PEER_NBMA) in text
    detail = show_dmvpn.show_dmvpn(state, rel, detail=True)
    assert "Tunnel0" in detail and "10.0.0.2" in detail
    nhrp = show_dmvpn.show_ip_nhrp(state, rel)
    assert "10.0.0.1/32" in nhrp and f"NBMA address: {HUB_NBMA}" in nhrp
    assert "10.0.0.2" in show_dmvpn.show_ip_nhrp(state, rel, brief=True)
    nhs = show_dmvpn.show_ip_nhrp_nhs(state, rel)
    assert "10.0.0.1" in nhs and "RE" in nhs
    assert "10.0.0.1" in show_dmvpn.show_ip_nhrp_nhs(state, rel, detail=True)
    assert isinstance(show_dmvpn.show_ip_nhrp_multicast(state), str)
    if rel.line < (15, 0):
        return  # the public template rejects 12.4's header line (docs/lab.md)
    # ntc-templates has a template for `show dmvpn` (its raw fixtures' 15.x layout)
    rows = _parse("show dmvpn", text)
    assert {(r["peer_nbma"], r["peer_tunnel"]) for r in rows} == {
        (str(HUB_NBMA), "10.0.0.1"),
        (str(PEER_NBMA), "10.0.0.2"),
    }


@pytest.mark.parametrize("release", RELEASES)
def test_show_crypto(release: str) -> None:
    rel, state = IosRelease.parse(release), _state()
    isakmp = show_crypto.show_isakmp_sa(state, rel)
    line = next(x for x in isakmp.splitlines() if str(HUB_NBMA) in x)
    assert "QM_IDLE" in line and "ACTIVE" in line
    assert "MM_NO_STATE" in isakmp  # the failed SA to hub2 is shown as IOS shows it
    detail = show_crypto.show_isakmp_sa(state, rel, detail=True)
    assert str(PEER_NBMA) in detail
    ipsec = show_crypto.show_ipsec_sa(state)
    assert "interface: Tunnel0" in ipsec and f"current_peer {HUB_NBMA}" in ipsec
    assert "Transport" in ipsec
    only = show_crypto.show_ipsec_sa(state, HUB_NBMA)
    assert f"current_peer {HUB_NBMA}" in only
    assert show_crypto.show_ipsec_sa(state, A("192.0.2.99")).strip() in ("", "interface: Tunnel0")
    session = show_crypto.show_crypto_session(state, rel)
    assert str(HUB_NBMA) in session and "UP-ACTIVE" in session
    assert str(PEER_NBMA) in show_crypto.show_crypto_session(state, rel, detail=True)
    assert isinstance(show_crypto.show_ikev2_sa(state), str)


@pytest.mark.parametrize("release", RELEASES)
def test_show_routing(release: str) -> None:
    rel, state = IosRelease.parse(release), _state()
    routes = show_routing.show_ip_route(state, rel)
    assert "Gateway of last resort is 173.1.13.1 to network 0.0.0.0" in routes
    parsed = _parse("show ip route", routes)
    got = {(r["protocol"], r["network"], r["nexthop_ip"]) for r in parsed}
    assert ("D", "192.168.2.0", "10.0.0.2") in got
    assert ("B", "192.168.9.0", "10.0.0.1") in got
    one = show_routing.show_ip_route_for(state, A("192.168.2.37"), None)
    assert "192.168.2.0" in one and "10.0.0.2" in one
    default = show_routing.show_ip_route_for(state, A("203.0.113.9"), None)
    assert default.startswith("Routing entry for 0.0.0.0/0") and "None" not in default
    empty = RouterState("r1")
    assert show_routing.show_ip_route_for(empty, A("203.0.113.9"), None) == (
        "% Network not in table\n"
    )
    eigrp = _parse("show ip eigrp neighbors", show_routing.show_eigrp_neighbors(state, rel))
    assert [(r["ip_address"], r["interface"]) for r in eigrp] == [("10.0.0.1", "Tu0")]
    assert "Tu0" in show_routing.show_eigrp_interfaces(state, rel)
    ospf = _parse("show ip ospf neighbor", show_routing.show_ospf_neighbor(state))
    assert [(r["neighbor_id"], r["state"]) for r in ospf] == [("10.0.0.1", "FULL/DR")]
    bgp = show_routing.show_bgp_summary(state)
    rows = _parse("show ip bgp summary", bgp)
    assert [(r["bgp_neighbor"], r["neighbor_as"], r["local_as"]) for r in rows] == [
        ("10.0.0.1", "65000", "65000")
    ]
    assert rows[0]["state_or_prefixes_received"] == "1"  # the one BGP route learnt
    # eBGP: the local AS is the router's own `router bgp`, not its neighbour's
    ebgp = show_routing.show_bgp_summary(
        state,
        ["router bgp 65001", " bgp router-id 10.255.0.7", " neighbor 10.0.0.1 remote-as 65000"],
    )
    (row,) = _parse("show ip bgp summary", ebgp)
    assert (row["local_as"], row["neighbor_as"], row["router_id"]) == (
        "65001",
        "65000",
        "10.255.0.7",
    )
    protocols = show_routing.show_ip_protocols(
        state, ["router eigrp 1", " network 10.0.0.0 0.0.0.255", "router bgp 65000", "!"]
    )
    assert 'Routing Protocol is "eigrp 1"' in protocols
    assert 'Routing Protocol is "bgp 65000"' in protocols
    assert "10.0.0.0 0.0.0.255" in protocols


def test_an_empty_state_prints_what_ios_prints_when_empty() -> None:
    rel, empty = IosRelease.parse("15.2(4)M3"), RouterState("r1")
    assert show_routing.show_bgp_summary(empty) == "% BGP not active\n"
    assert show_routing.show_ospf_neighbor(empty) == ""
    assert "Gateway of last resort is not set" in show_routing.show_ip_route(empty, rel)
    assert "dst" in show_crypto.show_isakmp_sa(empty, rel)
