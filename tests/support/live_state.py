"""A hand-made control-plane state of the deck's spoke A, for the lab's show commands."""

from __future__ import annotations

from ipaddress import IPv4Address, IPv4Network

from dmvpnprov.dmvpn.state import (
    IkeSa,
    IpsecSa,
    Neighbor,
    NhrpEntry,
    NhsStatus,
    Route,
    RouterState,
    TunnelState,
)

__all__ = ["HUB_NBMA", "ME", "PEER_NBMA", "spoke_state"]

A = IPv4Address
HUB_NBMA, ME, PEER_NBMA = A("130.25.13.1"), A("173.1.13.101"), A("158.200.2.181")
TUNNEL = ("Tunnel0", A("10.0.0.10"))


def spoke_state(name: str) -> RouterState:
    """Spoke A: registered with hub1, a dynamic entry to spoke B, EIGRP up."""
    return RouterState(
        name=name,
        tunnels=(TunnelState("Tunnel0", A("10.0.0.10"), 24, "FastEthernet0/0"),),
        nhs=(NhsStatus("Tunnel0", A("10.0.0.1"), HUB_NBMA, "hub1", registered=True),),
        nhrp=(
            NhrpEntry("Tunnel0", A("10.0.0.1"), HUB_NBMA, "hub1", "static", age=754.0),
            NhrpEntry(
                "Tunnel0",
                A("10.0.0.2"),
                PEER_NBMA,
                "spoke-b",
                "dynamic",
                flags=("router", "used"),
                expires=290.0,
                age=10.0,
            ),
        ),
        ike=(
            IkeSa("hub1", ME, HUB_NBMA, 1, "QM_IDLE", True, "aes", "sha", 2),
            IkeSa("spoke-b", ME, PEER_NBMA, 1, "QM_IDLE", True, "aes", "sha", 2),
        ),
        ipsec=(
            IpsecSa(
                "hub1",
                "Tunnel0",
                ME,
                HUB_NBMA,
                ("esp-aes", "esp-sha-hmac"),
                "transport",
                None,
                True,
            ),
        ),
        neighbors=(Neighbor("eigrp", "hub1", A("10.0.0.1"), "Tunnel0", True, "up", "1"),),
        routes=(
            Route(IPv4Network("10.0.0.0/24"), "C", None, "Tunnel0"),
            Route(IPv4Network("10.0.0.10/32"), "L", None, "Tunnel0"),
            Route(
                IPv4Network("192.168.0.0/24"), "D", A("10.0.0.1"), "Tunnel0", 90, 297372416, 700.0
            ),
            Route(
                IPv4Network("192.168.2.0/24"), "D", A("10.0.0.2"), "Tunnel0", 90, 310172416, 700.0
            ),
        ),
    )
