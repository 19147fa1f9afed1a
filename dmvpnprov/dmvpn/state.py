"""The control-plane state of a DMVPN, per router, as the routers themselves report it.

This is the contract between the control-plane model (which computes it from the
routers' configs and the underlay), the lab (whose ``show dmvpn``, ``show ip nhrp``,
``show crypto ...``, ``show ip route`` and routing-neighbour commands print it) and
push verification (which compares what a live router shows with what is expected).

Everything here is a frozen value: plain data, no behaviour, no I/O. Secrets never
enter it. Router names are inventory host names; addresses are ``ipaddress`` values.

Examples:
    >>> entry = NhrpEntry(
    ...     interface="Tunnel0",
    ...     tunnel=IPv4Address("10.0.0.1"),
    ...     nbma=IPv4Address("130.25.13.1"),
    ...     peer="hub1",
    ...     kind="static",
    ... )
    >>> entry.up
    True
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from ipaddress import IPv4Address, IPv4Network
from typing import Literal

__all__ = [
    "Demand",
    "IkeSa",
    "IpsecSa",
    "Layer",
    "Neighbor",
    "NetworkState",
    "NhrpEntry",
    "NhsStatus",
    "Problem",
    "Route",
    "RouterState",
    "TunnelState",
    "Underlay",
]

Layer = Literal["underlay", "ike", "ipsec", "nhrp", "routing", "path"]


@dataclass(frozen=True)
class Underlay:
    """The public (NBMA) network under the tunnels.

    ``nbma`` is each router's own NBMA address as configured or leased (a DHCP spoke's
    lease included); ``public`` the address the others must use when it differs (NAT);
    ``blocked`` holds pairs of routers whose public addresses do not reach each other;
    ``down`` routers reach nobody (stopped). Every other pair reaches each other.
    """

    nbma: Mapping[str, IPv4Address]
    public: Mapping[str, IPv4Address] = field(default_factory=dict)
    blocked: frozenset[frozenset[str]] = frozenset()
    down: frozenset[str] = frozenset()
    dynamic: frozenset[str] = frozenset()  # routers whose NBMA address is a DHCP lease

    def address_seen(self, router: str) -> IPv4Address:
        """The address other routers see for ``router`` (post-NAT)."""
        return self.public.get(router, self.nbma[router])

    def behind_nat(self, router: str) -> bool:
        """True when ``router``'s packets leave with another source address."""
        return router in self.public and self.public[router] != self.nbma[router]

    def reaches(self, a: str, b: str) -> bool:
        """True when ``a``'s and ``b``'s public addresses reach each other."""
        if a in self.down or b in self.down:
            return False
        return frozenset((a, b)) not in self.blocked


@dataclass(frozen=True)
class Demand:
    """Traffic that asks for a spoke-to-spoke path: from ``source`` toward ``destination``.

    The lab records one when a spoke pings another spoke's LAN, with the time it was
    made; the model turns it into NHRP resolution and a dynamic entry, and the lab
    drops it after the entry's holdtime.
    """

    source: str
    destination: IPv4Address
    age: float = 0.0  # seconds since the traffic was sent


@dataclass(frozen=True)
class Problem:
    """Something that keeps the DMVPN from working, as an engineer would say it."""

    layer: Layer
    routers: tuple[str, ...]
    message: str
    cloud: str | None = None
    others: tuple[str, ...] = ()  # routers configured alike that have the same problem


@dataclass(frozen=True)
class TunnelState:
    """One tunnel interface: ``show interfaces TunnelN`` / ``show ip interface brief``."""

    interface: str
    address: IPv4Address | None
    prefixlen: int | None
    source: str | None  # the tunnel source interface or address
    status: Literal["up", "down", "administratively down"] = "up"
    protocol: Literal["up", "down"] = "up"


@dataclass(frozen=True)
class IkeSa:
    """An IKE SA (``show crypto isakmp sa`` / ``show crypto ikev2 sa``)."""

    peer: str
    local: IPv4Address
    remote: IPv4Address
    version: Literal[1, 2]
    state: str  # IOS's word: QM_IDLE, MM_NO_STATE, MM_KEY_EXCH, READY, ...
    up: bool
    encryption: str | None = None
    hash: str | None = None
    group: int | None = None
    nat_t: bool = False
    reason: str | None = None  # why it is not up


@dataclass(frozen=True)
class IpsecSa:
    """The IPsec SA pair of one tunnel to one peer (``show crypto ipsec sa``)."""

    peer: str
    interface: str
    local: IPv4Address
    remote: IPv4Address
    transforms: tuple[str, ...]
    mode: Literal["tunnel", "transport"]
    pfs_group: str | None
    up: bool
    reason: str | None = None


@dataclass(frozen=True)
class NhsStatus:
    """A spoke's view of one next-hop server (``show ip nhrp nhs``)."""

    interface: str
    nhs: IPv4Address
    nbma: IPv4Address | None
    hub: str | None  # the router that is that NHS, when one is
    registered: bool
    priority: int = 0
    cluster: int = 0
    reason: str | None = None  # why not registered


@dataclass(frozen=True, slots=True)
class NhrpEntry:
    """One NHRP cache entry (``show ip nhrp`` / ``show dmvpn``)."""

    interface: str
    tunnel: IPv4Address
    nbma: IPv4Address
    peer: str | None
    kind: Literal["static", "dynamic", "incomplete"]
    up: bool = True
    flags: tuple[str, ...] = ()  # IOS's words: registered, unique, used, router, nhop, rib, ...
    expires: float | None = None  # seconds left; None for static entries
    age: float = 0.0  # seconds since created
    prefixlen: int = 32


@dataclass(frozen=True)
class Neighbor:
    """A routing neighbour over a tunnel (EIGRP, OSPF or BGP)."""

    protocol: Literal["eigrp", "ospf", "bgp"]
    peer: str
    address: IPv4Address
    interface: str
    up: bool
    state: str  # "up" (EIGRP), "FULL/DR" / "FULL/ -" (OSPF), "Established" (BGP), ...
    process: str = ""  # AS number or process id, as IOS names it
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class Route:
    """One route of a router's table (``show ip route``)."""

    prefix: IPv4Network
    code: str  # C, L, S, D, D EX, O, O IA, B, H, %, ...
    next_hop: IPv4Address | None
    interface: str | None
    distance: int = 0
    metric: int = 0
    age: float = 0.0


@dataclass(frozen=True)
class RouterState:
    """Everything the DMVPN show commands of one router print."""

    name: str
    tunnels: tuple[TunnelState, ...] = ()
    nhs: tuple[NhsStatus, ...] = ()
    nhrp: tuple[NhrpEntry, ...] = ()
    ike: tuple[IkeSa, ...] = ()
    ipsec: tuple[IpsecSa, ...] = ()
    neighbors: tuple[Neighbor, ...] = ()
    routes: tuple[Route, ...] = ()


@dataclass(frozen=True)
class NetworkState:
    """The whole DMVPN: each router's state and what keeps it from working."""

    routers: Mapping[str, RouterState]
    problems: tuple[Problem, ...] = ()

    @property
    def works(self) -> bool:
        """True when nothing keeps the DMVPN from working."""
        return not self.problems
