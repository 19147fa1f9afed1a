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


def sessions(ctx: Context, pairs: list[tuple[End, End]], counts: dict[str, int]) -> list[Session]:
    """The BGP session of each (client, server) pair whose routers both run BGP.

    ``counts`` gives how many routers each one's listen range accepts (whole fleet,
    classes included), to apply ``bgp listen limit``.
    """
    out: list[Session] = []
    for a, b in pairs:
        ca, cb = ctx.topo.configs[a[0]].bgp, ctx.topo.configs[b[0]].bgp
        if ca is None and cb is None:
            continue
        sc = str(ctx.topo.cloud_of(ctx.topo.address(a)))
        if ca is None or cb is None:
            off = a[0] if ca is None else b[0]
            why = f"{a[0]} <-> {b[0]}: {off} does not run BGP"
            ctx.problem("routing", (a[0], b[0]), why, sc)
            out.append(Session(a, b, False, False, reason=why))
            continue
        na, la = _config(ca, ctx.topo.address(b))
        nb, lb = _config(cb, ctx.topo.address(a))
        why = _why(ctx, a, b, (ca, na, la), (cb, nb, lb), counts)
        if why:
            ctx.problem("routing", (a[0], b[0]), why, sc)
        rr = frozenset(x for x, n, other in ((a[0], na, b), (b[0], nb, a)) if n and n.rr_client)
        out.append(Session(a, b, why is None, ca.asn == cb.asn, rr, why))
    return out


def _why(
    ctx: Context,
    a: End,
    b: End,
    side_a: tuple[BgpProcess, BgpNeighbor | None, bool],
    side_b: tuple[BgpProcess, BgpNeighbor | None, bool],
    counts: dict[str, int],
) -> str | None:
    (pa, na, la), (pb, nb, lb) = side_a, side_b
    for (r, n), peer, addr in (
        ((a[0], na), b[0], ctx.topo.address(b)),
        ((b[0], nb), a[0], ctx.topo.address(a)),
    ):
        if n is None:
            ranges = pa.listen if r == a[0] else pb.listen
            if ranges:
                nets = ", ".join(str(x) for x, _ in ranges)
                return (
                    f"{r}: `bgp listen range` {nets} does not cover {peer} ({addr}): no BGP session"
                )
            return f"{r} has no BGP neighbor {addr} ({peer}): no BGP session"
    assert na is not None and nb is not None
    if la and lb:
        return (
            f"{a[0]} <-> {b[0]}: both only listen (bgp listen range): neither opens the BGP session"
        )
    for r, n, other in ((a[0], na, pb), (b[0], nb, pa)):
        if n.remote_as != other.asn:
            return (
                f"{r} expects AS {n.remote_as} but its peer is AS {other.asn}: BGP session refused"
            )
    for r, listening, proc in ((a[0], la, pa), (b[0], lb, pb)):
        if listening and counts.get(r, 0) > proc.listen_limit:
            return (
                f"{r}: {counts[r]} peers in its listen range but `bgp listen limit` is "
                f"{proc.listen_limit}: the others are refused"
            )
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
    peers: dict[str, list[tuple[str, IPv4Address, IPv4Address, Session]]] = {r: [] for r in routers}
    for s in sessions_up:
        aa, ab = ctx.topo.address(s.a), ctx.topo.address(s.b)
        peers.setdefault(s.a[0], []).append((s.b[0], aa, ab, s))
        peers.setdefault(s.b[0], []).append((s.a[0], ab, aa, s))
    changed = True
    rounds = 0
    while changed and rounds < 16:
        changed, rounds = False, rounds + 1
        for r in routers:
            cfg = ctx.topo.configs[r].bgp
            for q, mine, _theirs, s in peers.get(r, []):
                if q not in best:
                    continue
                for p, route in list(best[r].items()):
                    if route.learned_from == q:
                        continue
                    if route.ibgp and s.ibgp and route.learned_from is not None:
                        src = route.learned_from
                        if r not in s.rr_client_of and not _is_client(peers, r, src):
                            continue
                    nhs = cfg is not None and _nhs(
                        cfg, ctx.topo.address(s.a if s.a[0] == q else s.b)
                    )
                    nh = mine if route.next_hop is None or not s.ibgp or nhs else route.next_hop
                    cand = BgpRoute(
                        p, nh, route.origin, s.ibgp, route.path_len + (0 if s.ibgp else 1), r
                    )
                    cur = best[q].get(p)
                    if cur is None or (cur.next_hop is not None and _better(cand, cur)):
                        if cand.origin == q:
                            continue
                        best[q][p] = cand
                        changed = True
    return best


def _is_client(
    peers: dict[str, list[tuple[str, IPv4Address, IPv4Address, Session]]], r: str, src: str
) -> bool:
    return any(q == src and r in s.rr_client_of for q, _, _, s in peers.get(r, []))


def _nhs(cfg: BgpProcess, peer: IPv4Address) -> bool:
    n, _ = _config(cfg, peer)
    return bool(n and n.next_hop_self)


def _better(a: BgpRoute, b: BgpRoute) -> bool:
    return (a.path_len, a.ibgp, str(a.learned_from)) < (b.path_len, b.ibgp, str(b.learned_from))
