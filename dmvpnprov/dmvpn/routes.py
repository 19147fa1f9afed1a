"""Each router's routing table: connected, static, EIGRP, OSPF and BGP, with next hops.

EIGRP is a distance vector over the adjacencies: a router advertises what it runs EIGRP
on and what it learned, except out of the interface it learned it on while split horizon
is on (IOS's default, also on tunnels); ``no ip next-hop-self eigrp`` keeps the
originating spoke as next hop; a stub advertises only its own networks; an interface
summary replaces the routes it covers (and installs the summary to Null0). OSPF routes
come from :mod:`~dmvpnprov.dmvpn.ospf`, BGP routes from :mod:`~dmvpnprov.dmvpn.bgp`; the
table keeps the best by administrative distance.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from ipaddress import IPv4Address, IPv4Network

from dmvpnprov.dmvpn.adjacency import Adjacency, eigrp_asn
from dmvpnprov.dmvpn.bgp import BgpRoute
from dmvpnprov.dmvpn.config import Interface, RouterConfig
from dmvpnprov.dmvpn.context import Context
from dmvpnprov.dmvpn.ospf import OspfRoute
from dmvpnprov.dmvpn.state import Route

__all__ = ["Rib", "build_rib", "connected", "eigrp_routes"]


@dataclass(frozen=True, slots=True)
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


@lru_cache(maxsize=4096)
def _metric(delay: int, bw: int) -> int:
    """EIGRP's composite metric (one int object per value: 250,000 routes share a few)."""
    return 256 * (10_000_000 // max(bw, 1) + delay)


def connected(cfg: RouterConfig) -> list[tuple[IPv4Network, Interface]]:
    """Connected networks (interfaces that are up with an address)."""
    return [
        (i.address.network, i)
        for i in cfg.interfaces.values()
        if i.address is not None and not i.shutdown
    ]


_Table = dict[IPv4Network, tuple[_Eigrp, ...]]  # best first; equal-cost paths kept
_Nbrs = dict[str, list[tuple[str, str, IPv4Address]]]  # router -> (interface, peer, own address)


def _seed(cfg: RouterConfig) -> _Table:
    table: _Table = {}
    for net, i in connected(cfg):
        if eigrp_asn(cfg, i) is not None:
            d, b = _delay(i), _bw(i)
            table[net] = (_Eigrp(net, _metric(d, b), None, i.name, d, b),)
    for t in cfg.tunnels:
        for nets in t.eigrp_summaries.values():
            for s in nets:
                table.setdefault(s, (_Eigrp(s, 0, None, None, 0, 10**7, True),))
    return table


@dataclass(frozen=True)
class _Out:
    """What decides what a router advertises out of one interface."""

    name: str
    asn: int
    sums: tuple[IPv4Network, ...]
    split_horizon: bool
    next_hop_self: bool
    stub: bool

    @classmethod
    def of(cls, cfg: RouterConfig, ifname: str) -> _Out:
        out = cfg.interfaces[ifname]
        asn = eigrp_asn(cfg, out) or 0
        return cls(
            ifname,
            asn,
            tuple(out.eigrp_summaries.get(asn, [])),
            asn not in out.no_split_horizon,
            asn not in out.no_next_hop_self,
            any(p.stub for p in cfg.eigrp.values()),
        )


def _advertised(
    out: _Out, prefix: IPv4Network, routes: tuple[_Eigrp, ...]
) -> tuple[bool, IPv4Address | None]:
    """Whether ``prefix`` is advertised out of ``out``, and the next hop given: None for
    the router's own address, the original next hop under ``no ip next-hop-self``."""
    best = routes[0]
    learned_here = any(x.interface == out.name and x.next_hop for x in routes)
    hidden = (
        (best.summary and prefix not in out.sums)
        or (learned_here and out.split_horizon)
        or (out.stub and best.next_hop is not None)
        or any(prefix != s and prefix.subnet_of(s) for s in out.sums)
    )
    if hidden:
        return False, None
    if learned_here and not out.next_hop_self and best.next_hop:
        return True, best.next_hop
    return True, None


def _export(
    ctx: Context, r: str, table: dict[str, _Table], nbrs: _Nbrs, dirty: set[IPv4Network]
) -> dict[str, set[IPv4Network]]:
    """Send ``r``'s changed prefixes to its neighbours; what changed at each of them.

    What ``r`` advertises out of one interface is decided once for all the neighbours on
    it (a hub's hundreds of spokes share its tunnel), and the routes they receive through
    alike interfaces are the same (shared) values."""
    cfg = ctx.topo.configs[r]
    changed: dict[str, set[IPv4Network]] = {}
    offers: dict[str, list[tuple[IPv4Network, _Eigrp, IPv4Address | None]]] = {}
    made: dict[tuple[str, str, int, int], list[_Eigrp]] = {}
    for ifname, q, mine in nbrs[r]:
        shown = offers.get(ifname)
        if shown is None:
            out = _Out.of(cfg, ifname)
            shown = offers[ifname] = []
            for prefix in dirty:
                routes = table[r][prefix]
                ok, kept = _advertised(out, prefix, routes)
                if ok:
                    shown.append((prefix, routes[0], kept))
        in_if = next(i for i, x, _ in nbrs[q] if x == r)
        t_in = ctx.topo.configs[q].interfaces[in_if]
        theirs = ctx.topo.address((q, in_if))
        d_in, b_in = _delay(t_in), _bw(t_in)
        cands = made.get((ifname, in_if, d_in, b_in))
        if cands is None:
            cands = made[(ifname, in_if, d_in, b_in)] = [
                _received(prefix, best, kept or mine, in_if=in_if, d_in=d_in, b_in=b_in)
                for prefix, best, kept in shown
            ]
        table_q = table[q]
        for cand in cands:
            if cand.next_hop == theirs:
                continue
            if _offer(table_q, cand):
                changed.setdefault(q, set()).add(cand.prefix)
    return changed


def _received(
    prefix: IPv4Network, best: _Eigrp, nh: IPv4Address | None, *, in_if: str, d_in: int, b_in: int
) -> _Eigrp:
    """``best`` as a neighbour receives it on ``in_if`` (delay ``d_in``, bandwidth ``b_in``)."""
    if best.summary:
        delay, bw = d_in, b_in
    else:
        delay, bw = best.delay + d_in, min(best.bw, b_in)
    return _Eigrp(prefix, _metric(delay, bw), nh, in_if, delay, bw)


def eigrp_routes(
    ctx: Context, routers: list[str], adjs: list[Adjacency]
) -> dict[str, list[_Eigrp]]:
    """Best EIGRP routes of every router (equal-cost paths kept).

    Updates are incremental: each round a router sends only the prefixes that changed
    at it in the round before, as EIGRP's own updates do.
    """
    table = {r: _seed(ctx.topo.configs[r]) for r in routers}
    nbrs: _Nbrs = {r: [] for r in routers}
    for a in adjs:
        if a.up and a.protocol == "eigrp" and a.a[0] in table and a.b[0] in table:
            nbrs[a.a[0]].append((a.a[1], a.b[0], ctx.topo.address(a.a)))
            nbrs[a.b[0]].append((a.b[1], a.a[0], ctx.topo.address(a.b)))
    dirty = {r: set(table[r]) for r in routers}
    for _ in range(32):
        following: dict[str, set[IPv4Network]] = {}
        for r in routers:
            for q, prefixes in _export(ctx, r, table, nbrs, dirty.get(r, set())).items():
                following.setdefault(q, set()).update(prefixes)
        if not following:
            break
        dirty = following
    out: dict[str, list[_Eigrp]] = {}
    for r in routers:  # each router's table freed as soon as it is flattened
        out[r] = [x for rs in table.pop(r).values() for x in rs]
    return out


def _offer(table: _Table, cand: _Eigrp) -> bool:
    cur = table.get(cand.prefix)
    if cur is None or (cur[0].metric > cand.metric and cur[0].next_hop is not None):
        table[cand.prefix] = (cand,)
        return True
    same = cur[0].next_hop is not None and cur[0].metric == cand.metric
    if same and all(c.next_hop != cand.next_hop for c in cur):
        table[cand.prefix] = (*cur, cand)
        return True
    return False


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
    ospf: list[OspfRoute],
    bgp: dict[IPv4Network, BgpRoute],
    shared: dict[int, tuple[_Eigrp, Route]] | None = None,
) -> Rib:
    """Merge every protocol's routes by administrative distance.

    ``shared`` (one dict for all the routers of a computation) makes the routers that
    received the same EIGRP route hold one ``Route`` value: a hub's spokes all learn the
    other spokes' LANs alike (250,000 routes at 500 routers, a few hundred values).
    """
    cands: list[Route] = [Route(n, "C", None, i.name, 0, 0) for n, i in connected(cfg)]
    cands.extend(_iter_static(cfg))
    made = shared if shared is not None else {}
    for e in eigrp:
        if e.summary:
            cands.append(Route(e.prefix, "D", None, "Null0", 5, 0))
        elif e.next_hop is not None:
            known = made.get(id(e))  # the entry is kept alive with it: ids stay unique
            if known is None:
                known = made[id(e)] = (
                    e,
                    Route(e.prefix, "D", e.next_hop, e.interface, 90, e.metric),
                )
            cands.append(known[1])
    for net, nh, ifname, cost, ia in ospf:
        cands.append(Route(net, "O IA" if ia else "O", nh, ifname, 110, cost * 1000))
    for b in bgp.values():
        if b.next_hop is not None:
            via = next(
                (t.name for t in cfg.tunnels if t.address and b.next_hop in t.address.network),
                None,
            )
            cands.append(Route(b.prefix, "B", b.next_hop, via, 200 if b.ibgp else 20, 0))
    return Rib.build(cands)
