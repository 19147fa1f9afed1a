"""BGP over the tunnels: which sessions come up, and what each router learns from them.

A session needs each end to know the other: a ``neighbor`` statement, or a ``bgp listen
range`` covering the peer's tunnel address (the listening end never initiates, so two
listeners never peer; a hub accepts at most ``bgp listen limit`` dynamic peers, 100 by
default). iBGP routes go to other iBGP peers only through a route reflector; the next
hop is kept over iBGP (the originating spoke: Phase 2 spoke-to-spoke) unless
``next-hop-self``.
"""

from __future__ import annotations

from dataclasses import dataclass
from ipaddress import IPv4Address, IPv4Network

from dmvpnprov.dmvpn.config import BgpNeighbor, BgpProcess
from dmvpnprov.dmvpn.context import Context
from dmvpnprov.dmvpn.topology import End

__all__ = ["BgpRoute", "Session", "propagate", "sessions"]


@dataclass(frozen=True)
class Session:
    """An iBGP/eBGP session between two tunnel ends."""

    a: End
    b: End
    up: bool
    ibgp: bool
    rr_client_of: frozenset[str] = frozenset()  # routers that treat the other as RR client
    reason: str | None = None


def _config(proc: BgpProcess, peer: IPv4Address) -> tuple[BgpNeighbor | None, bool]:
    n = proc.neighbors.get(peer)
    if n is not None:
        return proc.resolved(n), False
    for net, group in proc.listen:
        if peer in net:
            return proc.resolved(BgpNeighbor(peer_group=group)), True
    return None, False


_Side = tuple[
    str, BgpProcess, BgpNeighbor | None, bool, IPv4Address
]  # router, proc, config, listens, address


def sessions(
    ctx: Context, pairs: list[tuple[End, End]], ranks: dict[str, dict[str, int]]
) -> list[Session]:
    """The BGP session of each (client, server) pair whose routers both run BGP.

    ``ranks`` gives each listener's order of the peers its listen ranges cover (whole
    fleet, classes included), to apply ``bgp listen limit``.
    """
    out: list[Session] = []
    for a, b in pairs:
        ca, cb = ctx.topo.configs[a[0]].bgp, ctx.topo.configs[b[0]].bgp
        if ca is None and cb is None:
            continue
        sc = str(ctx.topo.cloud_of(ctx.topo.address(a)))
        if ca is None or cb is None:
            off = a[0] if ca is None else b[0]
            why: str | None = f"{a[0]} <-> {b[0]}: {off} does not run BGP"
            ctx.problem("routing", (a[0], b[0]), why or "", sc)
            out.append(Session(a, b, False, False, reason=why))
            continue
        addr_a, addr_b = ctx.topo.address(a), ctx.topo.address(b)
        na, la = _config(ca, addr_b)
        nb, lb = _config(cb, addr_a)
        side_a: _Side = (a[0], ca, na, la, addr_a)
        side_b: _Side = (b[0], cb, nb, lb, addr_b)
        why = _why(side_a, side_b, ranks)
        if why:
            ctx.problem("routing", (a[0], b[0]), why, sc)
        rr = frozenset(r for r, n in ((a[0], na), (b[0], nb)) if n and n.rr_client)
        out.append(Session(a, b, why is None, ca.asn == cb.asn, rr, why))
    return out


def _unknown(me: _Side, peer: _Side) -> str | None:
    if me[2] is not None:
        return None
    if me[1].listen:
        nets = ", ".join(str(x) for x, _ in me[1].listen)
        covers = f"does not cover {peer[0]} ({peer[4]})"
        return f"{me[0]}: `bgp listen range` {nets} {covers}: no BGP session"
    return f"{me[0]} has no BGP neighbor {peer[4]} ({peer[0]}): no BGP session"


def _why(a: _Side, b: _Side, ranks: dict[str, dict[str, int]]) -> str | None:
    why = _unknown(a, b) or _unknown(b, a)
    if why:
        return why
    if a[3] and b[3]:
        return (
            f"{a[0]} <-> {b[0]}: both only listen (bgp listen range): neither opens the BGP session"
        )
    for me, peer in ((a, b), (b, a)):
        n = me[2]
        if n is not None and n.remote_as != peer[1].asn:
            got = f"its peer is AS {peer[1].asn}"
            return f"{me[0]} expects AS {n.remote_as} but {got}: BGP session refused"
        rank = ranks.get(me[0], {}).get(peer[0], 0)
        if me[3] and rank >= me[1].listen_limit:
            limit = me[1].listen_limit
            return f"{me[0]} refuses {peer[0]}: `bgp listen limit` {limit} reached"
    return None


@dataclass(frozen=True)
class BgpRoute:
    """A BGP route as one router holds it."""

    prefix: IPv4Network
    next_hop: IPv4Address | None  # None: originated here
    origin: str
    ibgp: bool
    path_len: int
    learned_from: str | None


_Peers = dict[str, list[tuple[str, IPv4Address, Session]]]  # router -> (peer, own address, session)


def _candidate(
    ctx: Context, r: str, link: tuple[str, IPv4Address, Session], route: BgpRoute, peers: _Peers
) -> BgpRoute | None:
    """The route ``r`` sends over ``link`` (peer, own address, session) for ``route``."""
    q, mine, s = link
    if q in (route.learned_from, route.origin):
        return None
    src = route.learned_from
    reflect = r in s.rr_client_of or (src is not None and _is_client(peers, r, src))
    if route.ibgp and s.ibgp and src is not None and not reflect:
        return None  # iBGP split horizon: only a route reflector passes iBGP routes on
    cfg = ctx.topo.configs[r].bgp
    peer_end = s.a if s.a[0] == q else s.b
    nhs = cfg is not None and _nhs(cfg, ctx.topo.address(peer_end))
    nh = mine if route.next_hop is None or not s.ibgp or nhs else route.next_hop
    hops = route.path_len + (0 if s.ibgp else 1)
    return BgpRoute(route.prefix, nh, route.origin, s.ibgp, hops, r)


def _send(
    ctx: Context, r: str, best: dict[str, dict[IPv4Network, BgpRoute]], peers: _Peers
) -> bool:
    changed = False
    for link in peers.get(r, []):
        q = link[0]
        for route in list(best[r].values()) if q in best else []:
            cand = _candidate(ctx, r, link, route, peers)
            cur = best[q].get(route.prefix)
            if cand is not None and (
                cur is None or (cur.next_hop is not None and _better(cand, cur))
            ):
                best[q][route.prefix] = cand
                changed = True
    return changed


def propagate(
    ctx: Context,
    routers: list[str],
    sessions_up: list[Session],
    originated: dict[str, list[IPv4Network]],
) -> dict[str, dict[IPv4Network, BgpRoute]]:
    """Every router's best BGP route per prefix, after the updates settle."""
    best: dict[str, dict[IPv4Network, BgpRoute]] = {r: {} for r in routers}
    for r in routers:
        for p in originated.get(r, []):
            best[r][p] = BgpRoute(p, None, r, False, 0, None)
    peers: _Peers = {r: [] for r in routers}
    for s in sessions_up:
        peers.setdefault(s.a[0], []).append((s.b[0], ctx.topo.address(s.a), s))
        peers.setdefault(s.b[0], []).append((s.a[0], ctx.topo.address(s.b), s))
    for _ in range(16):
        sent = [_send(ctx, r, best, peers) for r in routers]  # every router, each round
        if not any(sent):
            break
    return best


def _is_client(peers: _Peers, r: str, src: str) -> bool:
    return any(q == src and r in s.rr_client_of for q, _, s in peers.get(r, []))


def _nhs(cfg: BgpProcess, peer: IPv4Address) -> bool:
    n, _ = _config(cfg, peer)
    return bool(n and n.next_hop_self)


def _better(a: BgpRoute, b: BgpRoute) -> bool:
    return (a.path_len, a.ibgp, str(a.learned_from)) < (b.path_len, b.ibgp, str(b.learned_from))
