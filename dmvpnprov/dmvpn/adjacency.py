"""Routing neighbours over the tunnels: EIGRP, OSPF (with DR election) and BGP sessions.

Hellos are multicast: EIGRP and OSPF neighbours need the multicast mapping both ways
(the spoke's map to the hub, the hub's ``map multicast dynamic``) on top of a working
NHRP link. BGP is unicast: it needs a ``neighbor`` (or a ``bgp listen range`` that
covers the peer, up to ``bgp listen limit``, default 100) on each end, not both passive.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from ipaddress import IPv4Address

from dmvpnprov.dmvpn.config import Interface, RouterConfig
from dmvpnprov.dmvpn.context import Context
from dmvpnprov.dmvpn.nhrp import Link
from dmvpnprov.dmvpn.topology import End

__all__ = ["Adjacencies", "Adjacency", "eigrp_asn", "ospf_area", "ospf_type", "router_id"]

_DR_TYPES = ("broadcast", "non-broadcast")


@dataclass(frozen=True)
class Adjacency:
    """A routing neighbourship between two tunnel ends (``a`` the client when one is)."""

    protocol: str
    a: End
    b: End
    up: bool
    process: str
    reason: str | None = None


def eigrp_asn(cfg: RouterConfig, t: Interface) -> int | None:
    """The EIGRP AS running on ``t`` (a network statement covers its address)."""
    if t.address is None:
        return None
    for asn, proc in sorted(cfg.eigrp.items()):
        if any(t.address.ip in n for n in proc.networks):
            return asn
    return None


def ospf_area(cfg: RouterConfig, t: Interface) -> tuple[int, int] | None:
    """(process, area) of OSPF on ``t``."""
    if t.ospf_area is not None:
        return t.ospf_area
    if t.address is None:
        return None
    for pid, proc in sorted(cfg.ospf.items()):
        for net, area in proc.networks:
            if t.address.ip in net:
                return pid, area
    return None


def ospf_type(t: Interface) -> str:
    """The OSPF network type (a tunnel's default is point-to-point)."""
    return t.ospf_network or "point-to-point"


def _timers(t: Interface) -> tuple[int, int]:
    kind = ospf_type(t)
    hello = t.ospf_hello or (
        30 if kind.startswith("point-to-multipoint") or kind == "non-broadcast" else 10
    )
    return hello, t.ospf_dead or 4 * hello


def router_id(cfg: RouterConfig) -> IPv4Address:
    """OSPF/BGP router ID: the highest loopback address, else the highest address."""
    loops = [i.address.ip for i in cfg.interfaces.values() if i.address and "oopback" in i.name]
    every = [i.address.ip for i in cfg.interfaces.values() if i.address and not i.shutdown]
    return max(loops or every or [IPv4Address(0)])


@dataclass
class Adjacencies:
    """Every adjacency and BGP session, and each OSPF router's DR per cloud."""

    items: list[Adjacency] = field(default_factory=list)
    dr: dict[End, End | None] = field(default_factory=dict)

    def up(self, protocol: str) -> list[Adjacency]:
        """The adjacencies of ``protocol`` that are up."""
        return [a for a in self.items if a.up and a.protocol == protocol]


def _hellos(ctx: Context, link: Link, proto: str) -> str | None:
    a, b = link.client[0], link.server[0] if link.server else "?"
    if not link.mcast_up:
        nbma = link.nbma
        return (
            f"{a} -> {b}: no multicast mapping to {b} (`ip nhrp map multicast {nbma}`): "
            f"{proto} hellos never reach {b}, no adjacency"
        )
    if not link.mcast_down:
        return (
            f"{b} -> {a}: {b} has no `ip nhrp map multicast dynamic`: "
            f"its {proto} hellos never reach {a}, no adjacency"
        )
    return None


def eigrp(ctx: Context, link: Link, out: Adjacencies) -> None:
    """The EIGRP adjacency over one NHRP link."""
    assert link.server is not None
    (ra, ia), (rb, ib) = link.client, link.server
    ca, cb = ctx.topo.configs[ra], ctx.topo.configs[rb]
    ta, tb = ca.interfaces[ia], cb.interfaces[ib]
    asn_a, asn_b = eigrp_asn(ca, ta), eigrp_asn(cb, tb)
    if asn_a is None and asn_b is None:
        return
    sc = str(ta.address.network) if ta.address else ""
    hellos = _hellos(ctx, link, "EIGRP")
    if hellos:
        ctx.problem("routing", (ra, rb), hellos, sc)
    if asn_a != asn_b:
        differs = (
            f"{ra} <-> {rb}: EIGRP on the tunnel differs ({ra}: {_as(asn_a)}; {rb}: {_as(asn_b)})"
        )
        ctx.problem("routing", (ra, rb), differs, sc)
        out.items.append(Adjacency("eigrp", link.client, link.server, False, "", differs))
        return
    up = hellos is None
    out.items.append(Adjacency("eigrp", link.client, link.server, up, str(asn_a), hellos))


def _as(asn: int | None) -> str:
    return "not running" if asn is None else f"AS {asn}"


def ospf(ctx: Context, link: Link, out: Adjacencies) -> None:
    """The OSPF adjacency over one NHRP link (DR election is per cloud, below)."""
    assert link.server is not None
    (ra, _), (rb, ib) = link.client, link.server
    ta, tb = ctx.topo.tunnel(link.client), ctx.topo.tunnel(link.server)
    aa, ab = ospf_area(ctx.topo.configs[ra], ta), ospf_area(ctx.topo.configs[rb], tb)
    if aa is None and ab is None:
        return
    sc = str(ta.address.network) if ta.address else ""
    why: str | None = None
    kind_a, kind_b = ospf_type(ta), ospf_type(tb)
    if aa is None or ab is None:
        off = ra if aa is None else rb
        why = f"{ra} <-> {rb}: {off} does not run OSPF on its tunnel"
    elif aa[1] != ab[1]:
        why = f"{ra} <-> {rb}: OSPF areas differ ({ra}: {aa[1]}; {rb}: {ab[1]})"
    elif _family(kind_a) != _family(kind_b):
        why = f"{ra} <-> {rb}: OSPF network types differ ({ra}: {kind_a}; {rb}: {kind_b})"
    elif _timers(ta) != _timers(tb):
        (ha, da), (hb, db) = _timers(ta), _timers(tb)
        why = f"{ra} <-> {rb}: OSPF hello/dead differ ({ra}: {ha}/{da}; {rb}: {hb}/{db})"
    elif kind_a == "point-to-point" and ctx.topo.tunnel(link.server).multipoint:
        why = f"{rb}: OSPF network type point-to-point on multipoint {ib}: one neighbour only"
    else:
        why = _hellos(ctx, link, "OSPF")
    if why:
        ctx.problem("routing", (ra, rb), why, sc)
    out.items.append(
        Adjacency("ospf", link.client, link.server, why is None, str(aa[0] if aa else ""), why)
    )


def _family(kind: str) -> str:
    if kind in _DR_TYPES:
        return "dr"
    return "p2mp" if kind.startswith("point-to-multipoint") else kind


def elect(ctx: Context, cloud_ends: list[End], out: Adjacencies) -> None:
    """DR election on a broadcast/non-broadcast cloud, as each router sees it."""
    ends = [e for e in cloud_ends if ospf_type(ctx.topo.tunnel(e)) in _DR_TYPES]
    if not ends:
        return
    hears: dict[End, set[End]] = {e: {e} for e in ends}
    for adj in out.up("ospf"):
        if adj.a in hears and adj.b in hears:
            hears[adj.a].add(adj.b)
            hears[adj.b].add(adj.a)

    def rank(e: End) -> tuple[int, IPv4Address]:
        return ctx.topo.tunnel(e).ospf_priority, router_id(ctx.topo.configs[e[0]])

    sc = str(ctx.topo.tunnel(ends[0]).address.network)  # type: ignore[union-attr]
    for e in ends:
        candidates = [x for x in hears[e] if ctx.topo.tunnel(x).ospf_priority > 0]
        out.dr[e] = max(candidates, key=rank) if candidates else None
    for e in ends:
        t = ctx.topo.tunnel(e)
        if not ctx.topo.is_server(e) and t.ospf_priority > 0:
            why = (
                f"{e[0]}: OSPF priority {t.ospf_priority} on {e[1]} in a {ospf_type(t)} cloud: "
                "it can become DR/BDR but the other spokes never hear it (`ip ospf priority 0`)"
            )
            ctx.problem("routing", (e[0],), why, sc)
    drs = sorted({d for d in out.dr.values() if d is not None})
    if len(drs) > 1:
        names = " and ".join(d[0] for d in drs)
        every = "both" if len(drs) == 2 else "all"
        why = f"{names} {every} become OSPF DR of {sc}: they never hear each other's hellos"
        ctx.problem("routing", tuple(d[0] for d in drs), why, sc)
