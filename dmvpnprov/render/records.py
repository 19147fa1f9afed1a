"""The records a template sees, and the address formatting they need, fast.

Frozen dataclasses with slots: the context of 10,000 routers is built in well under a
second. Addresses are formatted with :func:`socket.inet_ntoa` and masks come from tables
by prefix length: ``ipaddress``' own ``str()`` is pure Python and a router has ten of
them.

Examples:
    >>> net = network_of(IPv4Network("10.0.0.0/24"))
    >>> net.address, net.netmask, net.wildcard, net.prefix
    ('10.0.0.0', '255.255.255.0', '0.0.0.255', '10.0.0.0/24')
    >>> interface_of("Ethernet0", IPv4Interface("172.17.0.1/24")).address
    '172.17.0.1 255.255.255.0'
    >>> caps = capabilities("12.4(15)T7")
    >>> caps("nhrp_phase3"), caps("eigrp_auto_summary_off")
    (True, False)
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from ipaddress import IPv4Address, IPv4Interface, IPv4Network
from socket import inet_aton, inet_ntoa

from dmvpnprov.core.models import Cloud, CryptoProfile, IkeV2Settings, RoutingConfig
from dmvpnprov.core.platforms import FEATURES, UnknownFeatureError, has_feature

__all__ = [
    "Capabilities",
    "CryptoContext",
    "CryptoGlobals",
    "Interface",
    "Network",
    "Nhs",
    "RoutingProcess",
    "TunnelContext",
    "capabilities",
    "interface_of",
    "ip_text",
    "network_of",
    "numeric_order",
]


@dataclass(frozen=True, slots=True)
class Network:
    """An IPv4 network in every form IOS writes it."""

    address: str
    netmask: str
    wildcard: str
    prefix: str
    length: int


@dataclass(frozen=True, slots=True)
class Interface:
    """A physical interface the config addresses (NBMA or LAN)."""

    name: str
    address: str  # "A.B.C.D M.M.M.M" or "dhcp"
    dhcp: bool


@dataclass(frozen=True, slots=True)
class Nhs:
    """A next-hop server as a spoke sees it: the hub's tunnel and NBMA addresses."""

    hub: str
    tunnel_address: str
    nbma_address: str


@dataclass(frozen=True, slots=True)
class TunnelContext:
    """One tunnel interface: its cloud, addresses, NHS list and protection."""

    interface: str
    address: str
    netmask: str
    cloud: Cloud
    nhrp_auth: str | None
    nhs: tuple[Nhs, ...]
    source: str
    destination: str | None  # Phase 1 spoke: point-to-point GRE to its hub
    ipsec_profile: str
    shared: bool
    rank: int = 0  # a hub's position among its cloud's hubs (0: first; OSPF DR, then BDR)


@dataclass(frozen=True, slots=True)
class RoutingProcess:
    """One routing process and the statements it needs on this router."""

    config: RoutingConfig
    networks: tuple[Network, ...]
    neighbors: tuple[str, ...]  # BGP spoke: the tunnel address of each of its hubs
    listen_ranges: tuple[Network, ...]  # BGP hub: the tunnel subnets (dynamic neighbors)
    router_id: str = ""  # the router's tunnel address in the first cloud of the process
    phase: int = 2  # the DMVPN phase of the process's first cloud


@dataclass(frozen=True, slots=True)
class CryptoContext:
    """A crypto profile and its resolved pre-shared key."""

    profile: CryptoProfile
    psk: str
    ikev2: IkeV2Settings | None  # the profile's IKEv2 settings (defaults filled in)
    fvrf: str | None = None  # the router's front-door VRF (keys and IKE live in it)


@dataclass(frozen=True, slots=True)
class CryptoGlobals:
    """Router-wide crypto lines (one per router whatever the profiles), computed once."""

    fvrf: str | None = None  # IKEv1 keys go in a VRF-aware keyring
    invalid_spi_recovery: bool = False
    isakmp_keepalive: str | None = None  # "I R" (IKEv1 dead-peer detection)
    isakmp_nat_keepalive: int | None = None
    ikev2_nat_keepalive: int | None = None


class Capabilities:
    """``has_feature(key)`` for one release; an unknown key is an error, never False."""

    __slots__ = ("features", "release")

    def __init__(self, release: str) -> None:
        self.release = release
        self.features = frozenset(k for k in FEATURES if has_feature(release, k))

    def __call__(self, key: str) -> bool:
        if key not in FEATURES:
            raise UnknownFeatureError(key)
        return key in self.features


@lru_cache(maxsize=64)
def capabilities(release: str) -> Capabilities:
    """The (cached) capability set of an IOS release."""
    return Capabilities(release)


# ipaddress' str() is pure Python and ten addresses a router add up over 10,000 routers:
# inet_ntoa is C, and masks come from a table by prefix length.
_MASKS = tuple(
    inet_ntoa(((0xFFFFFFFF << (32 - n)) & 0xFFFFFFFF).to_bytes(4, "big")) for n in range(33)
)
_WILDCARDS = tuple(inet_ntoa((0xFFFFFFFF >> n).to_bytes(4, "big")) for n in range(33))


def ip_text(address: IPv4Address) -> str:
    """``str(address)``, faster."""
    return inet_ntoa(int(address).to_bytes(4, "big"))


def network_of(net: IPv4Network) -> Network:
    """A network's address, mask, wildcard and prefix as strings."""
    address, length = ip_text(net.network_address), net.prefixlen
    return Network(address, _MASKS[length], _WILDCARDS[length], f"{address}/{length}", length)


def interface_of(name: str, address: IPv4Interface) -> Interface:
    """An addressed interface as IOS writes it: ``ip address A.B.C.D M.M.M.M``."""
    return Interface(name, f"{ip_text(address)} {_MASKS[address.network.prefixlen]}", dhcp=False)


def numeric_order(network: Network) -> tuple[bytes, int]:
    """Sort key: address, then prefix length, as IOS lists network statements."""
    return inet_aton(network.address), network.length
