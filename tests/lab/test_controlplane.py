"""The lab's live control plane: state forms in (lab) time and follows the underlay.

The model here is a small stand-in written for the test (a spoke registers with the
hub when their underlay reaches; a demand gives a dynamic entry that expires after
the holdtime); what is tested is the plane: recomputation on config and underlay
changes, the delays, the demands and their expiry, with a clock the test moves.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from ipaddress import IPv4Address, IPv4Network

import pytest

from dmvpnprov.core.platforms import Platform
from dmvpnprov.dmvpn.state import (
    Demand,
    IkeSa,
    Neighbor,
    NetworkState,
    NhrpEntry,
    NhsStatus,
    Route,
    RouterState,
    TunnelState,
    Underlay,
)
from dmvpnprov.lab.state import controlplane
from dmvpnprov.lab.state.config import ConfigTree
from dmvpnprov.lab.state.controlplane import (
    HELLO_SECONDS,
    REGISTER_SECONDS,
    ControlPlane,
    nbma_addresses,
)
from dmvpnprov.lab.state.router import RouterSpec
from dmvpnprov.lab.state.router import RouterState as LabRouter

A = IPv4Address


def _router(name: str, nbma: str, tunnel_lines: list[str]) -> LabRouter:
    router = LabRouter(RouterSpec(name=name, hostname=name))
    tree = ConfigTree()
    wan = tree.section(tree.root, "interface FastEthernet0/0", "interface FastEthernet0/0", "if")
    tree.put(wan, f"ip address {nbma} 255.255.255.0", "ip address")
    tun = tree.section(tree.root, "interface Tunnel0", "interface Tunnel0", "tunnel")
    for line in ["tunnel source FastEthernet0/0", *tunnel_lines]:
        tree.put(tun, line, line)
    router.running = tree
    return router


def toy_model(
    configs: Mapping[str, str], underlay: Underlay, demands: Sequence[Demand]
) -> NetworkState:
    """hub + spokes: registered when reachable; a demand resolves to spoke-b."""
    spokes = [n for n, text in configs.items() if "ip nhrp nhs" in text]
    states: dict[str, RouterState] = {}
    tun = (TunnelState("Tunnel0", A("10.0.0.1"), 24, "FastEthernet0/0"),)
    hub_entries = tuple(
        NhrpEntry(
            "Tunnel0", A(f"10.0.0.{i + 2}"), underlay.nbma[s], s, "dynamic", flags=("registered",)
        )
        for i, s in enumerate(spokes)
        if underlay.reaches("hub", s)
    )
    states["hub"] = RouterState("hub", tunnels=tun, nhrp=hub_entries)
    for s in spokes:
        up = underlay.reaches("hub", s)
        entries = [
            NhrpEntry("Tunnel0", A("10.0.0.1"), underlay.nbma["hub"], "hub", "static", up=up)
        ]
        entries += [
            NhrpEntry(
                "Tunnel0",
                A("10.0.0.3"),
                underlay.nbma["spoke-b"],
                "spoke-b",
                "dynamic",
                expires=300 - d.age,
            )
            for d in demands
            if d.source == s
        ]
        states[s] = RouterState(
            s,
            tunnels=tun,
            nhs=(NhsStatus("Tunnel0", A("10.0.0.1"), underlay.nbma["hub"], "hub", up),),
            nhrp=tuple(entries),
            ike=(IkeSa("hub", underlay.nbma[s], underlay.nbma["hub"], 1, "QM_IDLE", up),),
            neighbors=(Neighbor("eigrp", "hub", A("10.0.0.1"), "Tunnel0", up, "up", "1"),),
            routes=(
                Route(IPv4Network("10.0.0.0/24"), "C", None, "Tunnel0"),
                Route(IPv4Network("192.168.0.0/24"), "D", A("10.0.0.1"), "Tunnel0", 90, 1),
            ),
        )
    return NetworkState(states)


class Clock:
    def __init__(self) -> None:
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t


def _lab() -> tuple[ControlPlane, Clock, dict[str, LabRouter]]:
    routers = {
        "hub": _router("hub", "130.25.13.1", ["ip nhrp network-id 1"]),
        "spoke-a": _router(
            "spoke-a", "173.1.13.101", ["ip nhrp nhs 10.0.0.1", "ip nhrp holdtime 300"]
        ),
        "spoke-b": _router("spoke-b", "158.200.2.181", ["ip nhrp nhs 10.0.0.1"]),
    }
    clock = Clock()
    plane = ControlPlane(lambda: routers, compute=toy_model, time_scale=1, clock=clock)
    plane.state("hub")  # the lab notices the configs at t=1000 (its clock, not the test's)
    return plane, clock, routers


def test_nbma_addresses_follow_the_tunnel_source() -> None:
    _, _, routers = _lab()
    configs = {n: "\n".join(r.running.lines()) for n, r in routers.items()}
    assert nbma_addresses(configs)["spoke-a"] == A("173.1.13.101")


def test_registration_then_neighbours_form_in_time() -> None:
    plane, clock, _ = _lab()
    first = plane.state("spoke-a")
    assert not first.nhs[0].registered
    assert plane.state("hub").nhrp == ()
    clock.t += REGISTER_SECONDS + 0.1
    assert plane.state("spoke-a").nhs[0].registered
    assert len(plane.state("hub").nhrp) == 2
    assert not plane.state("spoke-a").neighbors[0].up
    assert [r.code for r in plane.state("spoke-a").routes] == ["C"]
    clock.t += HELLO_SECONDS
    later = plane.state("spoke-a")
    assert later.neighbors[0].up
    assert [r.code for r in later.routes] == ["C", "D"]


def test_a_blocked_path_takes_the_registration_down_and_back_in_time() -> None:
    plane, clock, _ = _lab()
    clock.t += 60
    assert plane.state("spoke-a").nhs[0].registered
    plane.block("hub", "spoke-a")
    assert not plane.state("spoke-a").nhs[0].registered
    assert plane.state("spoke-b").nhs[0].registered
    plane.block("hub", "spoke-a", blocked=False)
    assert not plane.state("spoke-a").nhs[0].registered  # forming again
    clock.t += REGISTER_SECONDS + 0.1
    assert plane.state("spoke-a").nhs[0].registered


def test_a_stopped_router_shows_nothing_and_its_peers_lose_it() -> None:
    plane, clock, _ = _lab()
    clock.t += 60
    plane.set_stopped("hub", True)
    assert plane.state("hub").tunnels == ()
    assert not plane.state("spoke-b").nhs[0].registered


def test_a_config_change_is_seen_without_being_told() -> None:
    plane, clock, routers = _lab()
    clock.t += 60
    assert len(plane.state("hub").nhrp) == 2
    tree = routers["spoke-b"].running
    tun = tree.get("interface Tunnel0")
    assert tun is not None
    tree.remove(tun, "ip nhrp nhs 10.0.0.1")
    routers["spoke-b"].touch()
    assert len(plane.state("hub").nhrp) == 1


def test_a_lan_ping_asks_for_a_spoke_to_spoke_entry_that_expires() -> None:
    plane, clock, _ = _lab()
    clock.t += 60
    assert plane.ping("spoke-a", A("192.168.0.9"), A("192.168.1.1")).success
    clock.t += REGISTER_SECONDS + 0.1
    dynamic = [e for e in plane.state("spoke-a").nhrp if e.kind == "dynamic"]
    assert [str(e.tunnel) for e in dynamic] == ["10.0.0.3"]
    assert dynamic[0].expires is not None and dynamic[0].expires < 300
    clock.t += 300
    assert [e for e in plane.state("spoke-a").nhrp if e.kind == "dynamic"] == []


def test_a_ping_without_a_lan_source_asks_for_nothing() -> None:
    plane, clock, _ = _lab()
    clock.t += 60
    plane.ping("spoke-a", A("192.168.0.9"), None)
    clock.t += 10
    assert [e for e in plane.state("spoke-a").nhrp if e.kind == "dynamic"] == []


def test_a_slow_model_runs_in_the_background(monkeypatch: pytest.MonkeyPatch) -> None:
    """Past BACKGROUND_AFTER the lab answers from the last state while it recomputes."""
    monkeypatch.setattr(controlplane, "BACKGROUND_AFTER", 0.0)
    plane, clock, routers = _lab()
    clock.t += 60
    assert len(plane.state("hub").nhrp) == 2
    tree = routers["spoke-b"].running
    tun = tree.get("interface Tunnel0")
    assert tun is not None
    tree.remove(tun, "ip nhrp nhs 10.0.0.1")
    routers["spoke-b"].touch()
    deadline = time.monotonic() + 30
    while len(plane.state("hub").nhrp) != 1 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert len(plane.state("hub").nhrp) == 1


def test_the_model_reads_each_routers_release_from_its_version_line() -> None:
    """As a real running config: the model takes the release from ``version X.Y`` (the
    IKEv2 default proposal and IOS-XE 17.11+'s weak-crypto refusal depend on it)."""
    seen: dict[str, str] = {}

    def recording(
        configs: Mapping[str, str], underlay: Underlay, demands: Sequence[Demand]
    ) -> NetworkState:
        seen.update(configs)
        return toy_model(configs, underlay, demands)

    spec = RouterSpec(name="xe", hostname="xe", platform=Platform.ISR4000, ios_release="17.12.1a")
    xe = LabRouter(spec)
    xe.running = _router("xe", "192.0.2.9", ["ip nhrp nhs 10.0.0.1"]).running
    routers = {"xe": xe, "hub": _router("hub", "130.25.13.1", ["ip nhrp network-id 1"])}
    plane = ControlPlane(lambda: routers, compute=recording, time_scale=1, clock=Clock())
    plane.state("xe")
    assert seen["xe"].splitlines()[0] == "version 17.12"
    assert seen["hub"].splitlines()[0] == "version 12.4"  # the lab's default 12.4(24)T
