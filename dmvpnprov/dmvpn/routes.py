"""Each router's routing table: connected, static, EIGRP, OSPF and BGP, with next hops.

EIGRP is a distance vector over the adjacencies: a router advertises what it runs EIGRP
on and what it learned, except out of the interface it learned it on while split horizon
is on (IOS's default, also on tunnels); ``no ip next-hop-self eigrp`` keeps the
originating spoke as next hop; a stub advertises only its own networks; an interface
summary replaces the routes it covers (and installs the summary to Null0). OSPF floods
within the area: on a broadcast cloud the next hop is the originating router's tunnel
address, on point-to-multipoint the neighbour the path goes through.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass
from ipaddress import IPv4Address, IPv4Network

from dmvpnprov.dmvpn.adjacency import Adjacency, eigrp_asn, ospf_area, ospf_type
from dmvpnprov.dmvpn.bgp import BgpRoute
from dmvpnprov.dmvpn.config import Interface, RouterConfig
from dmvpnprov.dmvpn.context import Context
from dmvpnprov.dmvpn.state import Route
from dmvpnprov.dmvpn.topology import End

__all__ = ["Rib", "connected", "eigrp_routes", "ospf_routes"]


@dataclass(frozen=True)
class _Eigrp:
    prefix: IPv4Network
    metric: int
    next_hop: IPv4Address | None  # None: connected/summary here
    interface: str | None  # where it was learned
    delay: int
    bw: int
    summary: bool = False


def _delay(t: Interface) -> int:
    return t.delay if t.delay is not None else (5000 if t.is_tunnel else 10)


def _bw(t: Interface) -> int:
    return t.bandwidth if t.bandwidth is not None else (100 if t.is_tunnel else 100000)


def _metric(delay: int, bw: int) -> int:
    return 256 * (10_000_000 // max(bw, 1) + delay)


def connected(cfg: RouterConfig) -> list[tuple[IPv4Network, Interface]]:
    """Connected networks (interfaces that are up with an address)."""
    return [
        (i.address.network, i)
        for i in cfg.interfaces.values()
        if i.address is not None and not i.shutdown
    ]


_Table = dict[IPv4Network, list[_Eigrp]]
_Nbrs = dict[str, list[tuple[str, str, IPv4Address]]]  # router -> (interface, peer, own address)


def _seed(cfg: RouterConfig) -> _Table:
    table: _Table = {}
    for net, i in connected(cfg):
        if eigrp_asn(cfg, i) is not None:
            d, b = _delay(i), _bw(i)
            table[net] = [_Eigrp(net, _metric(d, b), None, i.name, d, b)]
    for t in cfg.tunnels:
        for nets in t.eigrp_summaries.values():
            for s in nets:
                table.setdefault(s, [_Eigrp(s, 0, None, None, 0, 10**7, True)])
    return table


def _advertised(
    cfg: RouterConfig, ifname: str, prefix: IPv4Network, routes: list[_Eigrp], stub: bool
) -> tuple[bool, IPv4Address | None]:
    """Whether ``cfg`` advertises ``prefix`` out of ``ifname``, and the next hop it gives:
    None for its own address, the original next hop under ``no ip next-hop-self``."""
    out = cfg.interfaces[ifname]
    asn = eigrp_asn(cfg, out) or 0
    sums = out.eigrp_summaries.get(asn, [])
    best = routes[0]
    learned_here = any(x.interface == ifname and x.next_hop for x in routes)
    hidden = (
        (best.summary and prefix not in sums)
        or (learned_here and asn not in out.no_split_horizon)
        or (stub and best.next_hop is not None)
        or any(prefix != s and prefix.subnet_of(s) for s in sums)
    )
    if hidden:
        return False, None
    if learned_here and asn in out.no_next_hop_self and best.next_hop:
        return True, best.next_hop
    return True, None


def _export(ctx: Context, r: str, table: dict[str, _Table], nbrs: _Nbrs) -> bool:
    cfg = ctx.topo.configs[r]
    stub = any(p.stub for p in cfg.eigrp.values())
    changed = False
    for ifname, q, mine in nbrs[r]:
        in_if = next(i for i, x, _ in nbrs[q] if x == r)
        t_in = ctx.topo.configs[q].interfaces[in_if]
        for prefix, routes in list(table[r].items()):
            shown, kept = _advertised(cfg, ifname, prefix, routes, stub)
            if not shown:
                continue
            nh = kept or mine
            if nh == ctx.topo.address((q, in_if)):
                continue
            best = routes[0]
            if best.summary:
                delay, bw = _delay(t_in), _bw(t_in)
            else:
                delay, bw = best.delay + _delay(t_in), min(best.bw, _bw(t_in))
            cand = _Eigrp(prefix, _metric(delay, bw), nh, in_if, delay, bw)
            changed |= _offer(table[q], cand)
    return changed


def eigrp_routes(
    ctx: Context, routers: list[str], adjs: list[Adjacency]
) -> dict[str, list[_Eigrp]]:
    """Best EIGRP routes of every router (equal-cost paths kept)."""
    table = {r: _seed(ctx.topo.configs[r]) for r in routers}
    nbrs: _Nbrs = {r: [] for r in routers}
    for a in adjs:
        if a.up and a.protocol == "eigrp" and a.a[0] in table and a.b[0] in table:
            nbrs[a.a[0]].append((a.a[1], a.b[0], ctx.topo.address(a.a)))
            nbrs[a.b[0]].append((a.b[1], a.a[0], ctx.topo.address(a.b)))
    for _ in range(12):
        changed = False
        for r in routers:
            changed |= _export(ctx, r, table, nbrs)
        if not changed:
            break
    return {r: [x for rs in table[r].values() for x in rs] for r in routers}


def _offer(table: _Table, cand: _Eigrp) -> bool:
    cur = table.get(cand.prefix)
    if cur is None or (cur[0].metric > cand.metric and cur[0].next_hop is not None):
        table[cand.prefix] = [cand]
        return True
    same = cur[0].next_hop is not None and cur[0].metric == cand.metric
    if same and all(c.next_hop != cand.next_hop for c in cur):
        cur.append(cand)
        return True
    return False


_Edges = dict[str, list[tuple[str, IPv4Address, str]]]  # router -> (peer, its address, via)
_OspfRoute = tuple[IPv4Network, IPv4Address, str, int, bool]


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
) -> dict[str, list[_OspfRoute]]:
    """(prefix, next hop, interface, cost, inter-area) of every OSPF route."""
    edges = _ospf_edges(ctx, routers, adjs, dr)
    origin: dict[str, list[tuple[IPv4Network, int]]] = {}
    for r in routers:
        cfg = ctx.topo.configs[r]
        origin[r] = [(n, a[1]) for n, i in connected(cfg) if (a := ospf_area(cfg, i))]
    out: dict[str, list[_OspfRoute]] = {}
    for r in routers:
        mine = {n for n, _ in origin[r]}
        areas = {a for _, a in origin[r]}
        best: dict[IPv4Network, _OspfRoute] = {}
        for y, (nh, ifname, dist) in _first_hops(edges, r).items():
            for net, area in origin[y]:
                if net not in mine and (net not in best or best[net][3] > dist):
                    best[net] = (net, nh, ifname, dist, area not in areas)
        out[r] = list(best.values())
    return out


def _iter_static(cfg: RouterConfig) -> Iterable[Route]:
    for s in cfg.statics:
        yield Route(s.prefix, "S", s.next_hop, s.interface, s.distance, 0)


@dataclass
class Rib:
    """One router's table, best routes per prefix (equal-cost routes kept)."""

    routes: dict[IPv4Network, list[Route]]

    @classmethod
    def build(cls, candidates: Iterable[Route]) -> Rib:
        """The best routes by administrative distance."""
        routes: dict[IPv4Network, list[Route]] = {}
        for r in candidates:
            cur = routes.get(r.prefix)
            if cur is None or cur[0].distance > r.distance:
                routes[r.prefix] = [r]
            elif cur[0].distance == r.distance and r not in cur:
                cur.append(r)
        return cls(routes)

    def lookup(self, address: IPv4Address) -> list[Route]:
        """Longest-prefix match."""
        best: list[Route] = []
        for prefix, routes in self.routes.items():
            if address in prefix and (not best or prefix.prefixlen > best[0].prefix.prefixlen):
                best = routes
        return best

    def ordered(self) -> tuple[Route, ...]:
        """Routes as ``show ip route`` lists them (by prefix)."""
        keys = sorted(self.routes, key=lambda n: (int(n.network_address), n.prefixlen))
        return tuple(r for k in keys for r in self.routes[k])


def build_rib(
    cfg: RouterConfig,
    eigrp: list[_Eigrp],
    ospf: list[tuple[IPv4Network, IPv4Address, str, int, bool]],
    bgp: dict[IPv4Network, BgpRoute],
) -> Rib:
    """Merge every protocol's routes by administrative distance."""
    cands: list[Route] = [Route(n, "C", None, i.name, 0, 0) for n, i in connected(cfg)]
    cands.extend(_iter_static(cfg))
    for e in eigrp:
        if e.summary:
            cands.append(Route(e.prefix, "D", None, "Null0", 5, 0))
        elif e.next_hop is not None:
            cands.append(Route(e.prefix, "D", e.next_hop, e.interface, 90, e.metric))
    for net, nh, ifname, cost, ia in ospf:
        cands.append(Route(net, "O IA" if ia else "O", nh, ifname, 110, cost * 1000))
    for b in bgp.values():
        if b.next_hop is not None:
            ifname = next(
                (t.name for t in cfg.tunnels if t.address and b.next_hop in t.address.network),
                None,
            )
            cands.append(Route(b.prefix, "B", b.next_hop, ifname, 200 if b.ibgp else 20, 0))
    return Rib.build(cands)
