"""Who peers with whom in the static baselines, and the addressing of each peer link.

A static design needs one point-to-point link per pair of routers that talk: hub to
spoke (static hub-and-spoke) and, in a full mesh, spoke to spoke too. Each link gets a
/30 from the cloud's tunnel subnet, widened (same network address, shorter prefix) when
the links don't fit in it; the hub or lower-ordered router takes ``.1``, the other ``.2``.

Crypto map entries need one access list per peer. IOS has 800 numbered extended lists
(100-199, 2000-2699); past the 800th peer a device needs named lists, which take two lines
(``ip access-list extended NAME`` and its ``permit``) instead of one.

Examples:
    >>> acl_for(1), acl_for(100), acl_for(101), acl_for(800), acl_for(801)
    (('100', True), ('199', True), ('2000', True), ('2699', True), ('GRE-PEER-801', False))
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import Enum
from ipaddress import IPv4Address, IPv4Interface, IPv4Network

from dmvpnprov.core.models import (
    Cloud,
    CryptoProfile,
    Fleet,
    IkeV1Policy,
    Lan,
    Router,
    RoutingConfig,
    TransformSet,
)
from dmvpnprov.core.platforms import has_feature
from dmvpnprov.core.routing import protocol_of
from dmvpnprov.core.secrets import MASK

__all__ = [
    "BaselineDevice",
    "Design",
    "PeerLink",
    "acl_for",
    "baseline_device",
    "hub_spokes",
    "spoke_hubs",
]

NUMBERED_ACLS = 800
_PLACEHOLDER_NET = IPv4Network("192.0.2.0/24")  # TEST-NET-1: stands in for DHCP addresses


class Design(str, Enum):
    """Which baseline config a device gets."""

    STATIC_HUB = "static-hub"
    STATIC_SPOKE = "static-spoke"
    MESH_SPOKE = "mesh-spoke"


@dataclass(frozen=True)
class PeerLink:
    """One point-to-point GRE/IPsec peer of a device, as the templates print it."""

    index: int  # 1-based on this device: crypto map sequence and TunnelN number
    tunnel: str
    address: IPv4Interface  # this device's end of the /30
    remote_tunnel: IPv4Address  # the other end (BGP neighbour)
    local_public: IPv4Address
    remote_public: IPv4Address
    acl: str
    numbered_acl: bool
    cloud: Cloud  # its tunnel settings (bandwidth, MTU, MSS, delay)


@dataclass(frozen=True)
class BaselineDevice:
    """Everything a baseline template needs for one device."""

    design: Design
    hostname: str
    is_hub: bool
    cloud: Cloud
    policy: IkeV1Policy
    transform_set: TransformSet
    pfs_group: str | None
    psk: str
    map_name: str
    nbma_interface: str
    nbma_address: str
    lans: tuple[Lan, ...]
    routing: RoutingConfig
    networks: tuple[IPv4Network, ...]
    lan_networks: tuple[IPv4Network, ...]
    no_auto_summary: bool
    peers: tuple[PeerLink, ...]


def acl_for(index: int) -> tuple[str, bool]:
    """The access list of the ``index``-th peer (1-based) and whether it is numbered."""
    if index <= 100:
        return str(99 + index), True
    if index <= NUMBERED_ACLS:
        return str(2000 + index - 101), True
    return f"GRE-PEER-{index}", False


def public_address(router: Router, position: int) -> IPv4Address:
    """The address peers use for ``router``: a placeholder when its NBMA is DHCP."""
    if router.nbma.public_address is not None:
        return router.nbma.public_address
    if router.nbma.address == "dhcp":
        return _PLACEHOLDER_NET[1 + position % 254]
    return router.nbma.address.ip


def hub_spokes(fleet: Fleet, hub: Router) -> tuple[Router, ...]:
    """The spokes that use ``hub`` (in one of its clouds, naming it or any hub as NHS)."""
    clouds = {t.cloud for t in hub.tunnels}
    return tuple(
        s
        for s in fleet.spokes
        if any(t.cloud in clouds and (not t.nhs or hub.name in t.nhs) for t in s.tunnels)
    )


def spoke_hubs(fleet: Fleet, spoke: Router) -> tuple[Router, ...]:
    """The hubs ``spoke`` uses: its NHS list, or every hub of its clouds when empty."""
    return tuple(
        h
        for h in fleet.hubs
        if any(
            t.cloud in {m.cloud for m in h.tunnels} and (not t.nhs or h.name in t.nhs)
            for t in spoke.tunnels
        )
    )


def link_pool(cloud: Cloud, links: int) -> IPv4Network:
    """The cloud's tunnel subnet, widened when ``links`` /30s don't fit in it.

    Examples:
        >>> from dmvpnprov.core.models import Cloud
        >>> c = Cloud(name="c", tunnel_subnet="10.0.0.0/24", network_id=1, crypto_profile="p")
        >>> link_pool(c, 64), link_pool(c, 300)
        (IPv4Network('10.0.0.0/24'), IPv4Network('10.0.0.0/21'))
    """
    prefix = 32 - max(2, math.ceil(math.log2(max(links, 1) * 4)))
    subnet = cloud.tunnel_subnet
    return subnet if prefix >= subnet.prefixlen else subnet.supernet(new_prefix=max(prefix, 8))


def _link(pool: IPv4Network, number: int, low_end: bool) -> tuple[IPv4Interface, IPv4Address]:
    base = int(pool.network_address) + 4 * number
    mine, theirs = (base + 1, base + 2) if low_end else (base + 2, base + 1)
    return IPv4Interface((mine, 30)), IPv4Address(theirs)


def _pair(i: int, j: int, n: int) -> int:
    """Index of the unordered pair (i, j), i < j, among n items."""
    return i * (2 * n - i - 1) // 2 + (j - i - 1)


_Peer = tuple[Cloud, int, Router, bool]  # cloud, link number in it, peer, this end is low


def _uses(spoke: Router, cloud: str, hub: str) -> bool:
    """True when ``spoke``'s tunnel in ``cloud`` uses ``hub`` (empty NHS list: every hub)."""
    return any(t.cloud == cloud and (not t.nhs or hub in t.nhs) for t in spoke.tunnels)


def _peers_of(fleet: Fleet, router: Router, design: Design) -> list[_Peer]:
    """Every peer of ``router``, cloud by cloud (a dual-cloud router has one per cloud).

    Link numbers are per cloud: hub ``h`` to spoke ``i`` is ``h * n + i``; spoke pairs
    of a full mesh follow, one link per pair even when two spokes share two clouds.
    """
    peers: list[_Peer] = []
    meshed: set[str] = set()
    for tunnel in router.tunnels:
        cloud = fleet.clouds[tunnel.cloud]
        hubs = [h for h, _ in fleet.cloud_hubs(cloud.name)]
        spokes = [s for s in fleet.spokes if any(t.cloud == cloud.name for t in s.tunnels)]
        n = len(spokes)
        if router.is_hub:
            h = [x.name for x in hubs].index(router.name)
            peers += [(cloud, h * n + i, s, True) for i, s in enumerate(spokes)
                      if _uses(s, cloud.name, router.name)]  # fmt: skip
            continue
        me = [x.name for x in spokes].index(router.name)
        peers += [(cloud, h * n + me, hub, False) for h, hub in enumerate(hubs)
                  if _uses(router, cloud.name, hub.name)]  # fmt: skip
        if design is Design.MESH_SPOKE:
            offset = len(hubs) * n
            for j, s in enumerate(spokes):
                if j != me and s.name not in meshed:
                    meshed.add(s.name)
                    peers.append((cloud, offset + _pair(min(me, j), max(me, j), n), s, me < j))
    return peers


def baseline_device(fleet: Fleet, router: Router, design: Design) -> BaselineDevice:
    """Prepare ``router``'s baseline in ``design``: its fixed settings and its peers."""
    peers = _peers_of(fleet, router, design)
    cloud = fleet.clouds[router.tunnels[0].cloud]  # the fixed part follows the first cloud
    highest: dict[str, tuple[Cloud, int]] = {}
    for peer_cloud, number, _, _ in peers:  # one pass: a hub may have 10,000 peers
        if number >= highest.get(peer_cloud.name, (peer_cloud, -1))[1]:
            highest[peer_cloud.name] = (peer_cloud, number)
    pools = {name: link_pool(c, 1 + top) for name, (c, top) in highest.items()}
    positions = {r.name: i for i, r in enumerate(fleet.routers)}
    local = public_address(router, positions[router.name])
    links = []
    for k, (peer_cloud, number, peer, low) in enumerate(peers, start=1):
        address, remote = _link(pools[peer_cloud.name], number, low)
        acl, numbered = acl_for(k)
        links.append(
            PeerLink(
                k,
                f"Tunnel{k}",
                address,
                remote,
                local,
                public_address(peer, positions[peer.name]),
                acl,
                numbered,
                peer_cloud,
            )
        )
    profile: CryptoProfile = fleet.crypto_profiles[cloud.crypto_profile]
    lan_networks = tuple(lan.address.network for lan in router.lans)
    nbma = router.nbma.address
    routing = cloud.routing
    return BaselineDevice(
        design=design,
        hostname=router.hostname,
        is_hub=router.is_hub,
        cloud=cloud,
        policy=profile.isakmp,
        transform_set=profile.transform_set,
        pfs_group=profile.pfs_group,
        psk=MASK,
        map_name="vpnmap",
        nbma_interface=router.nbma.interface,
        nbma_address="dhcp" if nbma == "dhcp" else f"{nbma.ip} {nbma.netmask}",
        lans=router.lans,
        routing=routing,
        networks=(*dict.fromkeys(pools.values()), *lan_networks),
        lan_networks=lan_networks,
        no_auto_summary=protocol_of(routing).baseline_no_auto_summary(
            routing, has_feature(router.ios_release, "eigrp_auto_summary_off")
        ),
        peers=tuple(links),
    )
