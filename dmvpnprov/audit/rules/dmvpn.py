"""DMVPN correctness across a cloud: NHS and NBMA mappings, routing over mGRE, Phase 3.

Examples:
    >>> from ipaddress import IPv4Network
    >>> from dmvpnprov.audit.facts import HostFacts, TunnelFacts
    >>> hub_t = TunnelFacts("Tunnel0", address="10.0.0.1/24", source="10.9.9.1")
    >>> spoke_t = TunnelFacts("Tunnel0", nhs=("10.0.0.7",))
    >>> hub = Member("hub1", True, HostFacts({"Tunnel0": hub_t}), hub_t)
    >>> spoke = Member("s1", False, HostFacts({"Tunnel0": spoke_t}), spoke_t)
    >>> list(nhs_is_hub(CloudContext("c", IPv4Network("10.0.0.0/24"), (hub, spoke))))
    [('s1', 'Tunnel0: NHS 10.0.0.7 is not the tunnel address of a hub (hubs: 10.0.0.1)')]
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from dmvpnprov.audit.rules.base import CloudContext, Member

__all__ = [
    "eigrp_hub",
    "multicast_to_nhs",
    "nbma_map_is_hub",
    "nhs_is_hub",
    "ospf_network_type",
    "ospf_priority",
    "phase3_pairing",
]


_DOTTED = re.compile(r"^\d+\.\d+\.\d+\.\d+$")


def _hubs_by_tunnel(ctx: CloudContext) -> dict[str, Member]:
    return {h.tunnel.address.split("/", 1)[0]: h for h in ctx.hubs if h.tunnel.address is not None}


def nhs_is_hub(ctx: CloudContext) -> Iterator[tuple[str, str]]:
    """Every spoke's NHS is a hub's tunnel address (and a spoke has one)."""
    hubs = _hubs_by_tunnel(ctx)
    if not hubs:  # no hub config was read (unreachable, no saved file): nothing to check
        return
    known = ", ".join(sorted(hubs))
    for s in ctx.spokes:
        if not s.tunnel.nhs:
            yield s.host, f"{s.tunnel.interface}: no ip nhrp nhs"
        for nhs in s.tunnel.nhs:
            if nhs not in hubs:
                msg = f"{s.tunnel.interface}: NHS {nhs} is not the tunnel address of a hub"
                yield s.host, f"{msg} (hubs: {known})"


def nbma_map_is_hub(ctx: CloudContext) -> Iterator[tuple[str, str]]:
    """Each NHS is mapped to that hub's real public (NBMA) address."""
    hubs = _hubs_by_tunnel(ctx)
    for s in ctx.spokes:
        maps = dict(s.tunnel.maps)
        for nhs in s.tunnel.nhs:
            hub = hubs.get(nhs)
            if hub is None:
                continue
            where = f"{s.tunnel.interface}: "
            if nhs not in maps:
                yield s.host, f"{where}no ip nhrp map for NHS {nhs} ({hub.host})"
            elif not _DOTTED.match(maps[nhs]):
                continue  # a DNS name (IOS-XE resolves it): cannot be checked offline
            elif hub.nbma is not None and maps[nhs] != hub.nbma:
                yield (
                    s.host,
                    f"{where}NHS {nhs} is mapped to {maps[nhs]}, but {hub.host}'s public "
                    f"address is {hub.nbma}",
                )


def _needs_multicast(m: Member) -> bool:
    """EIGRP/OSPF hellos cross this mGRE tunnel: it needs multicast mappings (a BGP-only
    member does not; a point-to-point GRE spoke, Phase 1, sends multicast natively)."""
    return m.tunnel.mode == "gre multipoint" and m.facts.igp_over(m.tunnel.interface)


def multicast_to_nhs(ctx: CloudContext) -> Iterator[tuple[str, str]]:
    """Every mGRE spoke running an IGP over the cloud maps multicast to each NHS; every
    such hub maps multicast dynamically (routing hellos must reach the other side)."""
    for s in ctx.spokes:
        if not _needs_multicast(s):
            continue
        maps = dict(s.tunnel.maps)
        for nhs in s.tunnel.nhs:
            nbma = maps.get(nhs)
            if nbma is not None and nbma not in s.tunnel.multicast:
                yield s.host, f"{s.tunnel.interface}: no ip nhrp map multicast {nbma} (NHS {nhs})"
    for h in ctx.hubs:
        if _needs_multicast(h) and "dynamic" not in h.tunnel.multicast:
            yield h.host, f"{h.tunnel.interface}: no ip nhrp map multicast dynamic"


def _eigrp_asns(m: Member) -> list[str]:
    addr = m.tunnel.ip_address()
    if addr is None:
        return []
    return sorted({n.process.split()[1] for n in m.facts.covers("eigrp", addr)})


def eigrp_hub(ctx: CloudContext) -> Iterator[tuple[str, str]]:
    """EIGRP hubs: no split-horizon (Phase 1/2), no next-hop-self (Phase 2)."""
    for h in ctx.hubs:
        for asn in _eigrp_asns(h):
            if asn not in h.tunnel.split_horizon_off and ctx.phase in (1, 2):
                yield h.host, f"{h.tunnel.interface}: no 'no ip split-horizon eigrp {asn}'"
            if asn not in h.tunnel.next_hop_self_off and ctx.phase == 2:
                yield (
                    h.host,
                    f"{h.tunnel.interface}: no 'no ip next-hop-self eigrp {asn}' (Phase 2)",
                )


def _runs_ospf(m: Member) -> bool:
    return m.facts.runs_ospf(m.tunnel.interface)


def ospf_network_type(ctx: CloudContext) -> Iterator[tuple[str, str]]:
    """OSPF over the cloud uses network type broadcast (next hops kept, Phase 2)."""
    for m in ctx.members:
        if _runs_ospf(m) and ctx.phase == 2 and m.tunnel.ospf_network != "broadcast":
            kind = m.tunnel.ospf_network or "point-to-point (the tunnel default)"
            yield m.host, f"{m.tunnel.interface}: OSPF network type is {kind}, not broadcast"


def ospf_priority(ctx: CloudContext) -> Iterator[tuple[str, str]]:
    """Spokes never become DR: priority 0; hubs keep a priority above 0. Only where
    there is a DR (network types broadcast and non-broadcast; point-to-multipoint and
    the tunnel default point-to-point elect none)."""
    for m in ctx.members:
        if not _runs_ospf(m) or m.tunnel.ospf_network not in ("broadcast", "non-broadcast"):
            continue
        prio = m.tunnel.ospf_priority or "1"
        if not m.is_hub and prio != "0":
            yield m.host, f"{m.tunnel.interface}: spoke OSPF priority is {prio}, not 0"
        elif m.is_hub and prio == "0":
            yield m.host, f"{m.tunnel.interface}: hub OSPF priority is 0 (it must be DR)"


def phase3_pairing(ctx: CloudContext) -> Iterator[tuple[str, str]]:
    """Phase 3: ``ip nhrp redirect`` on every hub pairs with ``ip nhrp shortcut`` on spokes."""
    if ctx.phase != 3:
        return
    for h in ctx.hubs:
        if not h.tunnel.redirect:
            yield h.host, f"{h.tunnel.interface}: no ip nhrp redirect (the cloud uses Phase 3)"
    for s in ctx.spokes:
        if not s.tunnel.shortcut:
            yield s.host, f"{s.tunnel.interface}: no ip nhrp shortcut (the cloud uses Phase 3)"
