"""compute(): each router's state as the show commands print it, demands and expiry."""

from __future__ import annotations

from ipaddress import IPv4Address, IPv4Network
from pathlib import Path

from dmvpnprov.commands.model import model_configs
from dmvpnprov.dmvpn.network import compute
from dmvpnprov.dmvpn.state import Demand, NetworkState
from dmvpnprov.dmvpn.underlay import underlay_from_fleet
from dmvpnprov.inventory.load import load_fleet

ENV = {"DMVPN_PSK": "k", "DMVPN_NHRP_AUTH": "a", "DMVPN_PASSWORD": "p", "DMVPN_ENABLE_SECRET": "e"}
GOLDEN = Path(__file__).parent / "golden"


def _state(case: str, demands: tuple[Demand, ...] = ()) -> NetworkState:
    fleet = load_fleet(GOLDEN / case / "inventory", ENV)
    return compute(model_configs(fleet, None), underlay_from_fleet(fleet), demands)


def test_steady_state_of_the_example() -> None:
    state = _state("example_works")
    assert state.works
    hub, spoke = state.routers["hub1"], state.routers["spoke-a"]
    registered = {e.peer: e for e in hub.nhrp if e.kind == "dynamic"}
    assert set(registered) == {"spoke-a", "spoke-b", "spoke-c"}
    assert registered["spoke-b"].nbma == IPv4Address("158.200.2.181")
    assert "unique" not in registered["spoke-c"].flags  # DHCP spoke: no-unique
    assert [(n.nhs, n.registered, n.hub) for n in spoke.nhs] == [
        (IPv4Address("10.0.0.1"), True, "hub1")
    ]
    assert [(s.peer, s.state, s.up) for s in spoke.ike] == [("hub1", "QM_IDLE", True)]
    assert all(n.up and n.protocol == "eigrp" for n in hub.neighbors) and len(hub.neighbors) == 3
    to_b = [r for r in spoke.routes if r.prefix == IPv4Network("192.168.2.0/24")]
    assert [(r.code, r.next_hop) for r in to_b] == [("D", IPv4Address("10.0.0.2"))]


def test_demand_resolves_then_expires_after_the_holdtime() -> None:
    fresh = _state("example_works", (Demand("spoke-a", IPv4Address("192.168.2.37"), 10.0),))
    a_entries = {e.peer: e for e in fresh.routers["spoke-a"].nhrp if e.kind == "dynamic"}
    b_entries = {e.peer: e for e in fresh.routers["spoke-b"].nhrp if e.kind == "dynamic"}
    assert a_entries["spoke-b"].nbma == IPv4Address("158.200.2.181")
    assert a_entries["spoke-b"].expires == 290.0
    assert b_entries["spoke-a"].nbma == IPv4Address("173.1.13.101")
    assert any(s.peer == "spoke-b" and s.up for s in fresh.routers["spoke-a"].ipsec)
    old = _state("example_works", (Demand("spoke-a", IPv4Address("192.168.2.37"), 301.0),))
    assert not [e for e in old.routers["spoke-a"].nhrp if e.peer == "spoke-b"]
    assert not [s for s in old.routers["spoke-a"].ipsec if s.peer == "spoke-b"]


def test_phase3_demand_installs_the_shortcut_prefix() -> None:
    state = _state("phase3_eigrp_works", (Demand("spoke-a", IPv4Address("192.168.2.37")),))
    spoke_a = state.routers["spoke-a"]
    summary = [r for r in spoke_a.routes if r.prefix == IPv4Network("192.168.0.0/16")]
    assert summary and summary[0].next_hop == IPv4Address("10.0.0.1")
    shortcut = [e for e in spoke_a.nhrp if e.prefixlen == 24]
    assert [(e.tunnel, e.peer) for e in shortcut] == [(IPv4Address("192.168.2.0"), "spoke-b")]


def test_broken_registration_shows_in_the_states() -> None:
    fleet = load_fleet(GOLDEN / "psk_mismatch" / "inventory", ENV)
    configs = model_configs(fleet, GOLDEN / "psk_mismatch" / "running")
    state = compute(configs, underlay_from_fleet(fleet))
    nhs = state.routers["spoke-b"].nhs[0]
    assert not nhs.registered and nhs.reason and "pre-shared keys differ" in nhs.reason
    sa = state.routers["spoke-b"].ike[0]
    assert (sa.state, sa.up) == ("MM_NO_STATE", False)
    assert not [e for e in state.routers["hub1"].nhrp if e.peer == "spoke-b"]
