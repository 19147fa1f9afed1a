"""The data path: how a packet from one LAN reaches another, first packet and steady state.

At each router the routing table gives the next hop; over a tunnel the router needs the
next hop's NBMA address: a static mapping (spoke to hub), a registration (hub to spoke),
or NHRP resolution through the NHS (spoke to spoke, Phase 2: the route's next hop is the
other spoke). Phase 3: the route points at the hub; the hub's ``ip nhrp redirect`` and the
spoke's ``ip nhrp shortcut`` replace it by a shortcut to the other spoke after the first
packet. A resolved entry lives for the responder's holdtime; then IOS removes it and the
dynamic tunnel (and its IPsec SAs) goes down.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from ipaddress import IPv4Address, IPv4Network

from dmvpnprov.dmvpn.analysis import Analysis, PathResult
from dmvpnprov.dmvpn.crypto import Negotiation
from dmvpnprov.dmvpn.nhrp import Link
from dmvpnprov.dmvpn.routes import connected
from dmvpnprov.dmvpn.state import Demand, NhrpEntry, Route
from dmvpnprov.dmvpn.topology import End

__all__ = ["Dynamic", "Hop", "PathResult", "Walk", "check_paths", "demands_entries", "walk"]


@dataclass(frozen=True)
class Hop:
    """One forwarding step: ``router`` sends by ``route`` to ``peer`` (learned ``how``)."""

    router: str
    route: Route
    peer: End | None
    how: str  # "static", "registered", "resolved", "connected"
    via: str | None = None  # the NHS that resolved it


@dataclass
class Walk:
    """A packet's path."""

    hops: list[Hop] = field(default_factory=list)
    ok: bool = False
    reason: str = ""


def _links(a: Analysis) -> dict[End, list[Link]]:
    out: dict[End, list[Link]] = {}
    for x in a.links:
        out.setdefault(x.client, []).append(x)
    return out


def resolve(a: Analysis, x: End, y: End) -> tuple[bool, str, str | None]:
    """Can ``x`` get ``y``'s NBMA address: (ok, how or why, resolving NHS)."""
    topo, links = a.topo, _links(a)
    lx, ly = links.get(x, []), links.get(y, [])
    if topo.is_server(y):
        link = next((k for k in lx if k.server == y), None)
        if link is not None:
            return link.ok, "static" if link.ok else (link.reason or ""), None
        link = next((k for k in a.links if k.static and {k.client, k.server} == {x, y}), None)
        if link is not None:
            return link.ok, "static" if link.ok else (link.reason or ""), None
        return False, f"{x[0]} has no NHRP mapping for {y[0]} ({topo.address(y)})", None
    if topo.is_server(x):
        link = next((k for k in ly if k.server == x), None)
        if link is not None and link.ok:
            return True, "registered", None
        return False, f"{y[0]} is not registered with {x[0]}", None
    sx = [k.server for k in lx if k.ok and k.server]
    sy = [k.server for k in ly if k.ok and k.server]
    common = [s for s in sx if s in sy]
    via: str | None = common[0][0] if common else None
    if via is None:
        hub_links = {frozenset((k.client, k.server)) for k in a.links if k.static and k.ok}
        pair = next((s for s in sx for t in sy if frozenset((s, t)) in hub_links), None)
        if pair is None:
            names = ", ".join(s[0] for s in sx) or "no NHS"
            why = (
                f"{x[0]} cannot resolve {topo.address(y)} ({y[0]}): its NHS ({names}) "
                f"knows no path to {y[0]}'s registration"
            )
            return False, why, None
        via = pair[0]
    if not a.ctx.underlay.reaches(x[0], y[0]):
        return False, f"{x[0]} and {y[0]}: their public addresses do not reach each other", via
    neg = a.ctx.crypto(x, y)
    if neg is not None and not neg.ok:
        return False, f"{x[0]} <-> {y[0]}: {neg.reason}", via
    tx, ty = topo.tunnel(x), topo.tunnel(y)
    if tx.tunnel_key != ty.tunnel_key or tx.nhrp_auth != ty.nhrp_auth:
        return False, f"{x[0]} <-> {y[0]}: tunnel key or NHRP authentication differ", via
    return True, "resolved", via


def walk(a: Analysis, source: str, address: IPv4Address) -> Walk:
    """Follow the routing tables from ``source`` toward ``address`` (steady state)."""
    w, x, seen = Walk(), source, set()
    for _ in range(8):
        if x in seen:
            w.reason = f"routing loop at {x}"
            return w
        seen.add(x)
        rib = a.ribs.get(x)
        routes = rib.lookup(address) if rib else []
        if not routes:
            w.reason = f"{x} has no route to {address}"
            return w
        r = routes[0]
        if r.next_hop is None:
            if r.interface == "Null0":
                w.reason = f"{x} drops {address}: only its summary {r.prefix} to Null0 covers it"
                return w
            w.hops.append(Hop(x, r, None, "connected"))
            w.ok = True
            return w
        cloud = a.topo.cloud_of(r.next_hop)
        y = a.topo.owner(cloud, r.next_hop) if cloud else None
        if y is None or r.interface is None:
            w.reason = f"{x}: next hop {r.next_hop} is no tunnel peer"
            return w
        ok, how, via = resolve(a, (x, r.interface), y)
        if not ok:
            w.reason = how
            return w
        w.hops.append(Hop(x, r, y, how, via))
        x = y[0]
    w.reason = "too many hops"
    return w


def _lans(a: Analysis, router: str) -> list[tuple[IPv4Network, IPv4Address]]:
    cfg = a.topo.configs[router]
    sources = {t.source for t in cfg.tunnels}
    return [
        (net, i.address.ip)
        for net, i in connected(cfg)
        if not i.is_tunnel and i.name not in sources and i.address is not None
    ]


def _mgre_spoke(a: Analysis, router: str) -> End | None:
    cfg = a.topo.configs[router]
    for t in cfg.tunnels:
        end = (router, t.name)
        if t.multipoint and not a.topo.is_server(end):
            return end
    return None


def path(a: Analysis, s: str, o: str, net: IPv4Network, addr: IPv4Address) -> PathResult:
    """The steady-state path from ``s``'s LANs to ``o``'s ``net``."""
    w = walk(a, s, addr)
    names = tuple(h.router for h in w.hops)
    if not w.ok:
        return PathResult(s, o, net, False, "unreachable", names, w.reason)
    se, oe = _mgre_spoke(a, s), _mgre_spoke(a, o)
    direct = len(w.hops) == 2 and w.hops[0].how == "resolved"
    if direct or se is None or oe is None or len(w.hops) == 1:
        return PathResult(s, o, net, True, "direct" if direct else "via hub", names)
    hub = w.hops[1].router
    hub_t = a.topo.configs[hub].interfaces.get(w.hops[1].route.interface or "")
    st = a.topo.tunnel(se)
    if st.shortcut and hub_t is not None and hub_t.redirect:
        ok, how, _ = resolve(a, se, oe)
        if ok:
            return PathResult(s, o, net, True, "shortcut", (s, o))
        return PathResult(s, o, net, False, "via hub", names, f"Phase 3 shortcut fails: {how}")
    if hub_t is not None and hub_t.redirect and not st.shortcut:
        why = (
            f"{s} lacks `ip nhrp shortcut` ({hub} sends redirects): {s} -> {o} stays on "
            f"{hub}, no spoke-to-spoke tunnel"
        )
    elif st.shortcut:
        why = (
            f"{s} has `ip nhrp shortcut` but {hub} lacks `ip nhrp redirect`: "
            f"{s} -> {o} stays on {hub}, no spoke-to-spoke tunnel"
        )
    else:
        nh = w.hops[0].route.next_hop
        why = (
            f"{s}'s route to {net} points at {hub} ({nh}), not at {o}: traffic stays on "
            f"{hub}, no spoke-to-spoke tunnel (Phase 2 needs the spoke as next hop)"
        )
    return PathResult(s, o, net, False, "via hub", names, why)


def _recursion(a: Analysis, router: str) -> None:
    rib = a.ribs[router]
    dhcp = router in a.ctx.underlay.dynamic
    for link in a.links:
        if link.client[0] != router or link.server is None or link.nbma is None:
            continue
        for r in rib.lookup(link.nbma):
            iface = a.topo.configs[router].interfaces.get(r.interface or "")
            beats = r.prefix.prefixlen > 0 or (dhcp and r.distance < 254)
            if iface is not None and iface.is_tunnel and beats and r.next_hop is not None:
                why = (
                    f"{router} learns {r.prefix} over {iface.name}, which covers {link.server[0]}'s "
                    f"NBMA address {link.nbma}: recursive routing, the tunnel flaps"
                )
                a.ctx.problem("routing", (router, link.server[0]), why)


def check_paths(a: Analysis, demands: Sequence[Demand]) -> list[PathResult]:
    """Every LAN pair among the simulated routers; problems recorded."""
    del demands
    out: list[PathResult] = []
    for r in a.members:
        _recursion(a, r)
    lans = {r: _lans(a, r) for r in a.members}
    for s in a.members:
        if not lans[s]:
            continue
        for o in a.members:
            if o == s:
                continue
            for net, addr in lans[o]:
                res = path(a, s, o, net, addr)
                out.append(res)
                if not res.ok:
                    msg = f"{s} -> {net} ({o}): {res.reason}"
                    a.ctx.problem("path", (s, o), msg)
    return out


@dataclass
class Dynamic:
    """What demands add: dynamic NHRP entries and spoke-to-spoke SAs."""

    entries: dict[str, list[NhrpEntry]] = field(default_factory=dict)
    tunnels: list[tuple[End, End, Negotiation | None]] = field(default_factory=list)


def demands_entries(a: Analysis, demands: Sequence[Demand], holdtime_default: int) -> Dynamic:
    """Spoke-to-spoke entries made by recent traffic (gone after the holdtime)."""
    dyn = Dynamic()
    for d in demands:
        if d.source not in a.ribs:
            continue
        w = walk(a, d.source, d.destination)
        target = w.hops[-1].router if w.ok and w.hops else None
        se = _mgre_spoke(a, d.source)
        oe = _mgre_spoke(a, target) if target else None
        if se is None or oe is None or target == d.source:
            continue
        ok, _how, _via = resolve(a, se, oe)
        if not ok:
            continue
        hold = a.topo.tunnel(oe).holdtime or holdtime_default
        if d.age >= hold:
            continue
        left = hold - d.age
        for x, y in ((se, oe), (oe, se)):
            entry = NhrpEntry(
                x[1],
                a.topo.address(y),
                a.ctx.seen(y[0]),
                y[0],
                "dynamic",
                True,
                ("router", "used", "nhop") if x == se else ("router", "nhop"),
                left,
                d.age,
            )
            if entry not in dyn.entries.setdefault(x[0], []):
                dyn.entries[x[0]].append(entry)
        if a.topo.tunnel(se).shortcut:
            for net, _ip in _lans(a, target or ""):
                if d.destination in net:
                    e = NhrpEntry(
                        se[1],
                        net.network_address,
                        a.ctx.seen(oe[0]),
                        oe[0],
                        "dynamic",
                        True,
                        ("router", "rib", "nho"),
                        left,
                        d.age,
                        net.prefixlen,
                    )
                    dyn.entries[se[0]].append(e)
        dyn.tunnels.append((se, oe, a.ctx.crypto(se, oe)))
    return dyn
