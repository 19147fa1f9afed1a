"""OSPF routes over the tunnels: flooding within the area, next hops by network type.

On a broadcast (or non-broadcast) cloud every router on the DR's segment forwards
straight to the router that owns a prefix (the originating spoke: Phase 2 behaviour); on
point-to-multipoint the next hop is the neighbour the shortest path goes through (the
hub). Costs are hop counts.
"""

from __future__ import annotations

from collections import deque
from ipaddress import IPv4Address, IPv4Network

from dmvpnprov.dmvpn.adjacency import Adjacency, ospf_area, ospf_type
from dmvpnprov.dmvpn.context import Context
from dmvpnprov.dmvpn.topology import End

__all__ = ["OspfRoute", "connected_networks", "ospf_routes"]


def connected_networks(ctx: Context, router: str) -> list[tuple[IPv4Network, int]]:
    """(network, area) of each interface of ``router`` that runs OSPF."""
    cfg = ctx.topo.configs[router]
    return [
        (i.address.network, a[1])
        for i in cfg.interfaces.values()
        if i.address is not None and not i.shutdown and (a := ospf_area(cfg, i))
    ]


_Edges = dict[str, list[tuple[str, IPv4Address, str]]]  # router -> (peer, its address, via)
OspfRoute = tuple[IPv4Network, IPv4Address, str, int, bool]


def _ospf_edges(
    ctx: Context, routers: list[str], adjs: list[Adjacency], dr: dict[End, End | None]
) -> _Edges:
    """Who forwards to whom: neighbours, and on a broadcast cloud everyone on the DR's segment."""
    edges: _Edges = {r: [] for r in routers}
    segment: dict[End, list[End]] = {}
    for a in adjs:
        if not (a.up and a.protocol == "ospf" and a.a[0] in edges and a.b[0] in edges):
            continue
        if ospf_type(ctx.topo.tunnel(a.a)) in ("broadcast", "non-broadcast"):
            for d in {dr.get(a.a), dr.get(a.b)} - {None}:
                members = segment.setdefault(d, [])  # type: ignore[arg-type]
                members.extend(x for x in (a.a, a.b) if x not in members)
        else:
            edges[a.a[0]].append((a.b[0], ctx.topo.address(a.b), a.a[1]))
            edges[a.b[0]].append((a.a[0], ctx.topo.address(a.a), a.b[1]))
    for members in segment.values():
        for x in members:
            edges[x[0]].extend((y[0], ctx.topo.address(y), x[1]) for y in members if y != x)
    return edges


def _first_hops(edges: _Edges, r: str) -> dict[str, tuple[IPv4Address, str, int]]:
    """Breadth first from ``r``: each reachable router's first hop and distance."""
    first: dict[str, tuple[IPv4Address, str, int]] = {}
    seen: set[str] = {r}
    queue: deque[tuple[str, tuple[IPv4Address, str] | None, int]] = deque([(r, None, 0)])
    while queue:
        x, hop, dist = queue.popleft()
        for y, addr, ifname in edges[x]:
            if y not in seen:
                seen.add(y)
                h = hop or (addr, ifname)
                first[y] = (h[0], h[1], dist + 1)
                queue.append((y, h, dist + 1))
    return first


def ospf_routes(
    ctx: Context, routers: list[str], adjs: list[Adjacency], dr: dict[End, End | None]
) -> dict[str, list[OspfRoute]]:
    """(prefix, next hop, interface, cost, inter-area) of every OSPF route."""
    edges = _ospf_edges(ctx, routers, adjs, dr)
    origin = {r: connected_networks(ctx, r) for r in routers}
    out: dict[str, list[OspfRoute]] = {}
    for r in routers:
        mine = {n for n, _ in origin[r]}
        areas = {a for _, a in origin[r]}
        best: dict[IPv4Network, OspfRoute] = {}
        for y, (nh, ifname, dist) in _first_hops(edges, r).items():
            for net, area in origin[y]:
                if net not in mine and (net not in best or best[net][3] > dist):
                    best[net] = (net, nh, ifname, dist, area not in areas)
        out[r] = list(best.values())
    return out
