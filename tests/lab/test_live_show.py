"""The live-state show commands against real netmiko + ntc-templates (TextFSM).

A hand-made control-plane state (a spoke registered with its hub, one dynamic
spoke-to-spoke entry, IKE/IPsec SAs, an EIGRP neighbour and routes) is put on a lab
router; netmiko's ``send_command(..., use_textfsm=True)`` must parse every command
ntc-templates has a template for into the values of that state.
"""

from __future__ import annotations

from ipaddress import IPv4Address
from typing import Any

import pytest

from dmvpnprov.lab.network.server import LabRouter
from dmvpnprov.lab.state.live import StaticPlane
from tests.support.lab import RouterFactory, netmiko_session
from tests.support.live_state import spoke_state

A = IPv4Address

pytestmark = pytest.mark.lab


def _connect(router: LabRouter) -> Any:
    return netmiko_session(router)


@pytest.fixture
def spoke(lab_router: RouterFactory) -> Any:
    made = lab_router(release="15.1(4)M")
    made.state.plane = StaticPlane({made.name: spoke_state(made.name)})
    conn = _connect(made)
    conn.enable()
    yield conn
    conn.disconnect()


def test_show_dmvpn_parses_with_ntc_templates(spoke: Any) -> None:
    rows = spoke.send_command("show dmvpn", use_textfsm=True)
    assert isinstance(rows, list), rows
    assert [(r["peer_nbma"], r["peer_tunnel"], r["state"], r["attribute"]) for r in rows] == [
        ("130.25.13.1", "10.0.0.1", "UP", "S"),
        ("158.200.2.181", "10.0.0.2", "UP", "D"),
    ]
    assert rows[0]["uptime"] == "00:12:34"


def test_routing_and_interfaces_parse(spoke: Any) -> None:
    eigrp = spoke.send_command("show ip eigrp neighbors", use_textfsm=True)
    assert [(r["as"], r["ip_address"], r["interface"]) for r in eigrp] == [("1", "10.0.0.1", "Tu0")]
    routes = spoke.send_command("show ip route", use_textfsm=True)
    got = {(r["protocol"], r["network"], r["prefix_length"], r["nexthop_ip"]) for r in routes}
    assert ("D", "192.168.2.0", "24", "10.0.0.2") in got
    assert ("C", "10.0.0.0", "24", "") in got
    brief = spoke.send_command("show ip interface brief", use_textfsm=True)
    by_name = {r["interface"]: r for r in brief}
    assert by_name["GigabitEthernet0/1"]["status"] == "up"
    bgp = spoke.send_command("show ip bgp summary")
    assert "% BGP not active" in bgp


def test_crypto_session_detail_parses(spoke: Any) -> None:
    rows = spoke.send_command("show crypto session detail", use_textfsm=True)
    assert isinstance(rows, list), rows
    assert {(r["peer"], r["session_status"]) for r in rows} == {
        ("130.25.13.1", "UP-ACTIVE"),
        ("158.200.2.181", "UP-IDLE"),
    }


def test_ping_and_traceroute_parse(spoke: Any) -> None:
    ping = spoke.send_command("ping 192.168.2.37 source GigabitEthernet0/2", use_textfsm=True)
    assert ping[0]["success_pct"] == "100"
    assert ping[0]["destination"] == "192.168.2.37"
    lost = spoke.send_command("ping 203.0.113.9", use_textfsm=True)
    assert lost[0]["success_pct"] == "0"
    trace = spoke.send_command("traceroute 192.168.2.37", use_textfsm=True)
    assert [h["ip_address"] for h in trace] == ["10.0.0.2", "192.168.2.37"]


@pytest.mark.parametrize(
    "command", ["show dmvpn garbage", "show crypto foo", "show ip nhrp bogus", "traceroute x"]
)
def test_unknown_arguments_get_the_caret(spoke: Any, command: str) -> None:
    out = spoke.send_command(command)
    assert "% Invalid input detected at '^' marker." in out
    assert "^" in out.splitlines()[0] or "^" in out


def test_empty_state_prints_headers(lab_router: RouterFactory) -> None:
    router = lab_router(release="12.4(24)T")
    conn = _connect(router)
    try:
        conn.enable()
        assert "No SAs found" in conn.send_command("show crypto ipsec sa")
        isakmp = conn.send_command("show crypto isakmp sa")
        assert isakmp.splitlines()[0].split() == [
            "dst",
            "src",
            "state",
            "conn-id",
            "slot",
            "status",
        ]
        assert conn.send_command("show dmvpn").startswith("Legend: Attrb --> S - Static")
    finally:
        conn.disconnect()


def test_12_4_show_dmvpn_needs_our_parser(lab_router: RouterFactory) -> None:
    """The public template rejects 12.4's ``Tunnel0, Type:...`` line and skips
    continuation rows; push's parser keeps the interface and every row."""
    from dataclasses import replace  # noqa: PLC0415

    from dmvpnprov.transport.dmvpn_show import parse_show_dmvpn, textfsm_rows  # noqa: PLC0415

    router = lab_router(release="12.4(24)T")
    state = spoke_state(router.name)
    shortcut = replace(state.nhrp[1], tunnel=A("10.0.0.22"))  # same NBMA: a continuation row
    router.state.plane = StaticPlane({router.name: replace(state, nhrp=(*state.nhrp, shortcut))})
    conn = _connect(router)
    try:
        conn.enable()
        text = conn.send_command("show dmvpn")
    finally:
        conn.disconnect()
    assert "Tunnel0, Type:Spoke, NHRP Peers:2," in text
    assert textfsm_rows("show dmvpn", text) == []
    rows = [(p.interface, p.nbma, p.tunnel) for p in parse_show_dmvpn(text)]
    assert rows == [
        ("Tunnel0", "130.25.13.1", "10.0.0.1"),
        ("Tunnel0", "158.200.2.181", "10.0.0.2"),
        ("Tunnel0", "158.200.2.181", "10.0.0.22"),
    ]
