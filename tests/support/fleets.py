"""Fleets built directly from the models: the source deck's network, for the report tests."""

from __future__ import annotations

from ipaddress import IPv4Address, IPv4Interface, IPv4Network

from dmvpnprov.core.models import (
    Cloud,
    CryptoProfile,
    EigrpRouting,
    Fleet,
    Lan,
    Nbma,
    Role,
    Router,
    SecretRef,
    TransformSet,
    TunnelMembership,
)
from dmvpnprov.core.platforms import Platform


def deck_fleet(*, tcp_adjust_mss: int | None = None) -> Fleet:
    """The deck's hub and spokes A and B, with the deck's tunnel settings."""
    cloud = Cloud(
        name="dmvpn1",
        tunnel_subnet=IPv4Network("10.0.0.0/24"),
        network_id=99,
        tunnel_key=100000,
        nhrp_auth=SecretRef(env="DMVPN_NHRP_AUTH"),
        holdtime=300,
        ip_mtu=1416,
        tcp_adjust_mss=tcp_adjust_mss,
        bandwidth=1000,
        delay=1000,
        no_ip_redirects=False,  # the deck has neither this production default
        routing=EigrpRouting(stub_spokes=False),  # nor stub spokes
        crypto_profile="deck",
    )
    profile = CryptoProfile(
        name="deck",
        psk=SecretRef(env="DMVPN_PSK"),
        transform_set=TransformSet(name="trans2", transforms=("esp-des", "esp-md5-hmac")),
        ipsec_profile="vpnprof",
    )

    def router(name: str, role: Role, tunnel: str, public: str, lan: str) -> Router:
        return Router(
            name=name,
            hostname=name,
            role=role,
            platform=Platform("7200") if role is Role.HUB else Platform("3725"),
            ios_release="12.4(15)T7",
            nbma=Nbma(interface="Ethernet0", address=IPv4Interface(public)),
            lans=(Lan(interface="Ethernet1", address=IPv4Interface(lan)),),
            tunnels=(
                TunnelMembership(
                    cloud="dmvpn1",
                    address=IPv4Address(tunnel),
                    nhs=() if role is Role.HUB else ("hub1",),
                ),
            ),
        )

    return Fleet(
        clouds={"dmvpn1": cloud},
        crypto_profiles={"deck": profile},
        routers=(
            router("hub1", Role.HUB, "10.0.0.1", "130.25.13.1/24", "192.168.0.1/24"),
            router("spoke-a", Role.SPOKE, "10.0.0.10", "173.1.13.101/24", "192.168.1.1/24"),
            router("spoke-b", Role.SPOKE, "10.0.0.2", "158.200.2.181/24", "192.168.2.1/24"),
        ),
    )


def dual_cloud_fleet() -> Fleet:
    """The deck's network with a second cloud (Tunnel1, 10.0.1.0/24) on every router."""
    fleet = deck_fleet(tcp_adjust_mss=1360)
    first = fleet.clouds["dmvpn1"]
    second = first.model_copy(
        update={
            "name": "dmvpn2",
            "tunnel_subnet": IPv4Network("10.0.1.0/24"),
            "network_id": 100,
            "tunnel_key": 200000,
        }
    )
    routers = []
    for i, r in enumerate(fleet.routers):
        tunnel = TunnelMembership(
            cloud="dmvpn2",
            interface="Tunnel1",
            address=IPv4Address(f"10.0.1.{1 if r.is_hub else 10 + i}"),
            nhs=() if r.is_hub else ("hub1",),
        )
        routers.append(r.model_copy(update={"tunnels": (*r.tunnels, tunnel)}))
    return fleet.model_copy(
        update={"clouds": {"dmvpn1": first, "dmvpn2": second}, "routers": tuple(routers)}
    )
