"""EIGRP stub spokes (the default): never transit between clouds, and a Phase 2 hub still
reflects every spoke's LAN to the other spokes with the spoke as next hop."""

from __future__ import annotations

from ipaddress import IPv4Address, IPv4Network
from pathlib import Path

from dmvpnprov.commands.model import run_model
from dmvpnprov.dmvpn.network import compute
from dmvpnprov.dmvpn.state import NetworkState
from dmvpnprov.dmvpn.underlay import underlay_from_fleet
from dmvpnprov.inventory.load import load_fleet

ENV = {"DMVPN_PSK": "k", "DMVPN_NHRP_AUTH": "a"}
RENDER = Path(__file__).parent.parent / "golden" / "render"


def _state(case: str, stub: bool = True) -> NetworkState:
    fleet = load_fleet(RENDER / case / "inventory", ENV)
    configs = {p.stem: p.read_text() for p in (RENDER / case / "expected").glob("*.cfg")}
    if not stub:
        configs = {h: c.replace(" eigrp stub connected\n", "") for h, c in configs.items()}
    return compute(configs, underlay_from_fleet(fleet), ())


def _routes(state: NetworkState, router: str, prefix: str) -> list[tuple[str, IPv4Address | None]]:
    net = IPv4Network(prefix)
    return [(r.code, r.next_hop) for r in state.routers[router].routes if r.prefix == net]


def test_dual_cloud_stub_spoke_is_not_transit_between_the_clouds() -> None:
    stub = _state("dual_cloud")
    assert _routes(stub, "hub1", "192.168.100.0/24") == []  # hub2's LAN, only via a spoke
    assert _routes(stub, "hub2", "192.168.0.0/24") == []
    transit = _state("dual_cloud", stub=False)
    assert {c for c, _ in _routes(transit, "hub1", "192.168.100.0/24")} == {"D"}


def test_phase2_hub_still_reflects_stub_spokes_routes_with_the_spoke_as_next_hop() -> None:
    state = _state("dual_hub")
    assert "eigrp stub connected" in (RENDER / "dual_hub" / "expected" / "spoke-a.cfg").read_text()
    spoke_b_lan = "192.168.2.0/24"
    assert _routes(state, "spoke-a", spoke_b_lan) == [("D", IPv4Address("10.0.0.11"))]


def _pairs(case: str) -> set[tuple[str, str]]:
    fleet = load_fleet(RENDER / case / "inventory", ENV)
    configs = {p.stem: p.read_text() for p in (RENDER / case / "expected").glob("*.cfg")}
    return {(p.source, p.target) for p in run_model(fleet, configs).paths}


def test_verify_skips_only_the_lans_of_hubs_that_share_no_cloud() -> None:
    dual_cloud = _pairs("dual_cloud")
    assert ("hub1", "hub2") not in dual_cloud and ("hub2", "hub1") not in dual_cloud
    assert {("hub1", "spoke-a"), ("spoke-a", "hub2"), ("spoke-a", "spoke-b")} <= dual_cloud
    assert {("hub1", "hub2"), ("hub2", "hub1")} <= _pairs("dual_hub")  # one cloud: checked
