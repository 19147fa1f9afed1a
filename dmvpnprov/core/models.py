"""The fleet model: frozen pydantic models that every other module reads.

``inventory.py`` builds a :class:`Fleet` from Nornir SimpleInventory files; render,
baseline, push and audit only ever see these models, never raw ``host.data`` dicts.
Every model is frozen and forbids unknown keys, so a typo in the inventory is an error,
not a silent default.

Secrets are never values here: a :class:`SecretRef` names the environment variable
that holds one (``{env: DMVPN_PSK}`` in YAML) and :mod:`dmvpnprov.core.secrets` resolves it.
"""

from __future__ import annotations

from enum import Enum
from ipaddress import IPv4Address, IPv4Interface, IPv4Network
from typing import Annotated, Literal

from pydantic import Field

from dmvpnprov.core.frozen import Frozen
from dmvpnprov.core.platforms import Platform
from dmvpnprov.core.routing import BgpRouting, EigrpRouting, OspfRouting, RoutingConfig

__all__ = [
    "DEFAULT_TUNNEL_BANDWIDTH",
    "BgpRouting",
    "Cloud",
    "Credentials",
    "CryptoProfile",
    "EigrpRouting",
    "Fleet",
    "IkeV1Policy",
    "IkeV2Settings",
    "Lan",
    "Nbma",
    "OspfRouting",
    "Role",
    "Router",
    "RoutingConfig",
    "SecretRef",
    "TransformSet",
    "TunnelMembership",
]

#: A tunnel's ``bandwidth`` (kbit/s) when the cloud names none: Cisco's DMVPN examples'
#: value, so EIGRP paces at 500 kbit/s rather than 50 % of the 100 (9 on 12.x) default.
DEFAULT_TUNNEL_BANDWIDTH = 1000


class Role(str, Enum):
    """A router's role in a DMVPN cloud."""

    HUB = "hub"
    SPOKE = "spoke"


class SecretRef(Frozen):
    """A secret by reference: the name of the environment variable that holds it."""

    env: Annotated[str, Field(pattern=r"^[A-Za-z_][A-Za-z0-9_]*$")]


# --- crypto -----------------------------------------------------------------------


class IkeV1Policy(Frozen):
    """``crypto isakmp policy N``. ``None`` fields are left at the IOS default (not printed)."""

    priority: Annotated[int, Field(ge=1, le=10000)] = 1
    encryption: Literal["des", "3des", "aes", "aes 192", "aes 256"] | None = None
    hash: Literal["md5", "sha", "sha256", "sha384", "sha512"] | None = None
    authentication: Literal["pre-share"] = "pre-share"
    group: Literal[1, 2, 5, 14, 15, 16, 19, 20, 24] | None = None
    lifetime: Annotated[int, Field(ge=60, le=86400)] | None = None


class TransformSet(Frozen):
    """``crypto ipsec transform-set NAME T1 [T2 [T3]]`` with its optional mode."""

    name: Annotated[str, Field(pattern=r"^\S+$")]
    transforms: tuple[str, ...] = Field(min_length=1, max_length=3)
    mode: Literal["tunnel", "transport"] | None = None  # None: the IOS default (tunnel)


class IkeV2Settings(Frozen):
    """IKEv2 proposal, policy, keyring and profile (15.1(1)T and later)."""

    proposal: Annotated[str, Field(pattern=r"^\S+$")] = "DMVPN-PROPOSAL"
    encryption: tuple[str, ...] = ("aes-gcm-256",)
    prf: tuple[str, ...] = ("sha384",)
    integrity: tuple[str, ...] = ()  # empty for AEAD (GCM) proposals
    group: tuple[int, ...] = (19,)
    keyring: Annotated[str, Field(pattern=r"^\S+$")] = "DMVPN-KEYRING"
    profile: Annotated[str, Field(pattern=r"^\S+$")] = "DMVPN-IKEV2"


class CryptoProfile(Frozen):
    """Everything crypto a DMVPN cloud needs: IKE, the transform set, the IPsec profile.

    ``psk_peer`` is the address of the pre-shared key line: ``0.0.0.0`` (the deck's
    wildcard, as ``crypto isakmp key K address 0.0.0.0``) or a network.
    """

    name: Annotated[str, Field(pattern=r"^\S+$")]
    ike_version: Literal[1, 2] = 1
    isakmp: IkeV1Policy = IkeV1Policy()
    ikev2: IkeV2Settings | None = None
    psk: SecretRef
    psk_peer: str = "0.0.0.0"
    psk_peer_mask: str | None = None
    transform_set: TransformSet
    ipsec_profile: Annotated[str, Field(pattern=r"^\S+$")]
    pfs_group: Literal["group1", "group2", "group5", "group14", "group19", "group20"] | None = None
    sa_lifetime_seconds: Annotated[int, Field(ge=120, le=86400)] | None = None
    # Dead-peer detection: `crypto isakmp keepalive I R` (IKEv1) / `dpd I R on-demand` (IKEv2).
    dpd_interval: Annotated[int, Field(ge=10, le=3600)] | None = None
    dpd_retry: Annotated[int, Field(ge=2, le=10)] = 3
    invalid_spi_recovery: bool = False  # `crypto isakmp invalid-spi-recovery` (IKEv1)
    nat_keepalive: Annotated[int, Field(ge=5, le=3600)] | None = None  # NAT-T keepalives


# --- routing: one module per protocol in dmvpnprov.core.routing --------------------


class Cloud(Frozen):
    """One DMVPN cloud: one mGRE subnet, one NHRP network, one routing domain."""

    name: Annotated[str, Field(pattern=r"^\S+$")]
    tunnel_subnet: IPv4Network
    network_id: Annotated[int, Field(ge=1, le=4294967295)]
    tunnel_key: Annotated[int, Field(ge=0, le=4294967295)] | None = None
    nhrp_auth: SecretRef | None = None
    holdtime: Annotated[int, Field(ge=1, le=65535)] = 300
    ip_mtu: Annotated[int, Field(ge=68, le=9976)] = 1400
    tcp_adjust_mss: Annotated[int, Field(ge=500, le=1460)] | None = 1360
    # kbit/s; EIGRP paces its packets at 50 % of it and computes metrics from it, and the
    # tunnel's own default (100 kbit/s on 15.x, 9 on 12.x) is far below any real WAN.
    # 1000, Cisco's DMVPN examples' value; ``null`` renders no line (the IOS default).
    bandwidth: Annotated[int, Field(ge=1, le=10000000)] | None = DEFAULT_TUNNEL_BANDWIDTH
    delay: Annotated[int, Field(ge=1, le=16777215)] | None = None
    phase: Literal[1, 2, 3] = 2
    routing: RoutingConfig = EigrpRouting()
    crypto_profile: str
    nhs_one_line: bool = False  # use `ip nhrp nhs X nbma Y multicast` (15.x only)
    # Production options (docs/templates.md, "Production features"); `no ip redirects`
    # is on by default (redirects out of the interface they came in on are pointless on
    # a multipoint tunnel and leak its addressing), the others off.
    no_ip_redirects: bool = True
    path_mtu_discovery: bool = False  # `tunnel path-mtu-discovery`
    registration_timeout: Annotated[int, Field(ge=1, le=65535)] | None = None  # spokes
    if_state_nhrp: bool = False  # spokes: the tunnel is down while no NHS answers
    nhs_priority: bool = False  # spokes: `ip nhrp nhs X priority N`, N = the NHS's position
    nhs_max_connections: Annotated[int, Field(ge=1, le=255)] | None = None  # NHS at once
    nhs_fallback: Annotated[int, Field(ge=0, le=3600)] | None = None  # back to priority NHS
    # Front-door VRF: the NBMA interface, the tunnel's transport and the keys live in this
    # VRF with their own default route; the global table can carry a default over the tunnel.
    fvrf: Annotated[str, Field(pattern=r"^[A-Za-z0-9_.:-]{1,32}$")] | None = None


# --- routers ----------------------------------------------------------------------


class Credentials(Frozen):
    """Login secrets by reference; Nornir's top-level ``username`` names the user."""

    password: SecretRef | None = None
    secret: SecretRef | None = None  # the enable secret


class Nbma(Frozen):
    """The public (NBMA) interface: a static address, or ``dhcp`` on a spoke."""

    interface: Annotated[str, Field(pattern=r"^\S+$")]
    address: IPv4Interface | Literal["dhcp"]
    public_address: IPv4Address | None = None  # NAT: address others must use
    gateway: IPv4Address | None = None  # next hop of the front-door VRF's default route


class Lan(Frozen):
    """A LAN interface and its address (the network is derived from it)."""

    interface: Annotated[str, Field(pattern=r"^\S+$")]
    address: IPv4Interface


class TunnelMembership(Frozen):
    """A router's tunnel interface in one cloud.

    ``nhs`` (spokes only) names hub hosts; empty means every hub of the cloud.
    """

    cloud: str
    interface: Annotated[str, Field(pattern=r"^Tunnel\d+$")] = "Tunnel0"
    address: IPv4Address
    nhs: tuple[str, ...] = ()


class Router(Frozen):
    """A hub or spoke, validated from one Nornir host."""

    name: Annotated[str, Field(pattern=r"^\S+$")]
    hostname: str  # the IOS hostname (defaults to the inventory name)
    role: Role
    platform: Platform
    ios_release: str
    nbma: Nbma
    lans: tuple[Lan, ...] = ()
    tunnels: tuple[TunnelMembership, ...] = Field(min_length=1)
    groups: tuple[str, ...] = ()
    credentials: Credentials = Credentials()

    @property
    def is_hub(self) -> bool:
        """True for hubs."""
        return self.role is Role.HUB


class Fleet(Frozen):
    """The whole validated inventory."""

    clouds: dict[str, Cloud]
    crypto_profiles: dict[str, CryptoProfile]
    routers: tuple[Router, ...]

    def router(self, name: str) -> Router:
        """The router named ``name``; ``KeyError`` naming it if absent."""
        for router in self.routers:
            if router.name == name:
                return router
        raise KeyError(name)

    @property
    def hubs(self) -> tuple[Router, ...]:
        """Hubs, in inventory order."""
        return tuple(r for r in self.routers if r.is_hub)

    @property
    def spokes(self) -> tuple[Router, ...]:
        """Spokes, in inventory order."""
        return tuple(r for r in self.routers if not r.is_hub)

    def cloud_hubs(self, cloud: str) -> tuple[tuple[Router, TunnelMembership], ...]:
        """Every hub of ``cloud`` with its tunnel in that cloud."""
        return tuple((r, t) for r in self.hubs for t in r.tunnels if t.cloud == cloud)
