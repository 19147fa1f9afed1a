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

from dataclasses import dataclass, field
from ipaddress import IPv4Address, IPv4Network

from dmvpnprov.dmvpn.analysis import Analysis, PathResult
from dmvpnprov.dmvpn.routes import connected
from dmvpnprov.dmvpn.state import Route
from dmvpnprov.dmvpn.topology import End

__all__ = ["Hop", "Walk", "check_paths", "check_recursion", "lans", "mgre_spoke", "resolve", "walk"]


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


Resolution = tuple[bool, str, str | None]  # (ok, how or why, the NHS that resolved)


def _static(a: Analysis, x: End, y: End) -> Resolution:
    """``x`` reaching the hub end ``y``: its registration link, or a hub-to-hub mapping."""
    link = next((k for k in a.links_from(x) if k.server == y), None)
    if link is None:
        link = next((k for k in a.links if k.static and {k.client, k.server} == {x, y}), None)
    if link is None:
        return False, f"{x[0]} has no NHRP mapping for {y[0]} ({a.topo.address(y)})", None
    return link.ok, "static" if link.ok else (link.reason or ""), None


def _nhs_for(a: Analysis, x: End, y: End) -> str | None:
    """The NHS that resolves ``y`` for ``x``: a common one, or one mapped to ``y``'s."""
    sx = [k.server for k in a.links_from(x) if k.ok and k.server]
    sy = [k.server for k in a.links_from(y) if k.ok and k.server]
    common = [s for s in sx if s in sy]
    if common:
        return common[0][0]
    hub_links = {frozenset((k.client, k.server)) for k in a.links if k.static and k.ok}
    pair = next((s for s in sx for t in sy if frozenset((s, t)) in hub_links), None)
    return None if pair is None else pair[0]


def _spoke_to_spoke(a: Analysis, x: End, y: End) -> Resolution:
    via = _nhs_for(a, x, y)
    if via is None:
        names = ", ".join(k.server[0] for k in a.links_from(x) if k.ok and k.server) or "no NHS"
        unknown = (
            f"{x[0]} cannot resolve {a.topo.address(y)} ({y[0]}): its NHS ({names}) "
            f"knows no path to {y[0]}'s registration"
        )
        return False, unknown, None
    why: str | None = None
    tx, ty = a.topo.tunnel(x), a.topo.tunnel(y)
    neg = a.ctx.crypto(x, y) if a.ctx.underlay.reaches(x[0], y[0]) else None
    if not a.ctx.underlay.reaches(x[0], y[0]):
        why = f"{x[0]} and {y[0]}: their public addresses do not reach each other"
    elif neg is not None and not neg.ok:
        why = f"{x[0]} <-> {y[0]}: {neg.reason}"
    elif tx.tunnel_key != ty.tunnel_key or tx.nhrp_auth != ty.nhrp_auth:
        why = f"{x[0]} <-> {y[0]}: tunnel key or NHRP authentication differ"
    return (False, why, via) if why else (True, "resolved", via)


def resolve(a: Analysis, x: End, y: End) -> Resolution:
    """Can ``x`` get ``y``'s NBMA address: (ok, how or why, resolving NHS).

    A static mapping or registration between the two first; else NHRP resolution through
    an NHS both are registered with (spoke to spoke; also a hub reaching a spoke or hub
    registered elsewhere, when the hubs register with each other).
    """
    if a.topo.is_server(y):
        static = _static(a, x, y)
        if static[0] or not a.links_from(x) or _nhs_for(a, x, y) is None:
            return static
    if a.topo.is_server(x):
        link = next((k for k in a.links_from(y) if k.server == x), None)
        if link is not None and link.ok:
            return True, "registered", None
        if _nhs_for(a, x, y) is None:
            return False, f"{y[0]} is not registered with {x[0]}", None
    return _spoke_to_spoke(a, x, y)


def _step(a: Analysis, x: str, address: IPv4Address) -> tuple[Hop | None, str]:
    """One router's forwarding decision: the hop, or why there is none."""
    rib = a.ribs.get(x)
    routes = rib.lookup(address) if rib else []
    if not routes:
        return None, f"{x} has no route to {address}"
    r = routes[0]
    if r.next_hop is None and r.interface == "Null0":
        return None, f"{x} drops {address}: only its summary {r.prefix} to Null0 covers it"
    if r.next_hop is None:
        return Hop(x, r, None, "connected"), ""
    cloud = a.topo.cloud_of(r.next_hop)
    y = a.topo.owner(cloud, r.next_hop) if cloud else None
    if y is None or r.interface is None:
        return None, f"{x}: next hop {r.next_hop} is no tunnel peer"
    ok, how, via = resolve(a, (x, r.interface), y)
    return (Hop(x, r, y, how, via), "") if ok else (None, how)


def walk(a: Analysis, source: str, address: IPv4Address) -> Walk:
    """Follow the routing tables from ``source`` toward ``address`` (steady state)."""
    w, x, seen = Walk(), source, set[str]()
    while x not in seen and len(seen) < 8:
        seen.add(x)
        hop, why = _step(a, x, address)
        if hop is None:
            w.reason = why
            return w
        w.hops.append(hop)
        if hop.peer is None:
            w.ok = True
            return w
        x = hop.peer[0]
    w.reason = f"routing loop at {x}"
    return w


def lans(a: Analysis, router: str) -> list[tuple[IPv4Network, IPv4Address]]:
    """The router's LANs: connected networks that are neither tunnels nor tunnel sources."""
    cfg = a.topo.configs[router]
    sources = {t.source for t in cfg.tunnels}
    return [
        (net, i.address.ip)
        for net, i in connected(cfg)
        if not i.is_tunnel and i.name not in sources and i.address is not None
    ]


def mgre_spoke(a: Analysis, router: str) -> End | None:
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
    se, oe = mgre_spoke(a, s), mgre_spoke(a, o)
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
                hub = link.server[0]
                why = (
                    f"{router} learns {r.prefix} over {iface.name}, which covers {hub}'s "
                    f"NBMA address {link.nbma}: recursive routing, the tunnel flaps"
                )
                a.ctx.problem("routing", (router, link.server[0]), why)


def _hub_clouds(a: Analysis, router: str) -> set[IPv4Network] | None:
    """The clouds ``router`` is a hub of; None when it is a hub of none."""
    cfg = a.topo.configs[router]
    ends = [(router, t.name) for t in cfg.tunnels]
    if not ends or not all(a.topo.is_server(e) for e in ends):
        return None
    clouds = {a.topo.cloud_of(a.topo.address(e)) for e in ends}
    return {c for c in clouds if c is not None}


def _apart(a: Analysis, s: str, o: str) -> bool:
    """True for two hubs of different clouds: their LANs meet over the data centre's own
    network, which no tunnel carries (stub spokes are never transit between clouds)."""
    mine, theirs = _hub_clouds(a, s), _hub_clouds(a, o)
    return mine is not None and theirs is not None and not mine & theirs


def check_recursion(a: Analysis) -> None:
    """Record each simulated router whose tunnel route covers an NHS's NBMA address."""
    for r in a.members:
        _recursion(a, r)


def check_paths(a: Analysis) -> list[PathResult]:
    """Every LAN pair among the representatives (hubs, two spokes a class); problems recorded
    (the recursive-routing ones of :func:`check_recursion` first)."""
    out: list[PathResult] = []
    check_recursion(a)
    reps = a.representatives
    by_router = {r: lans(a, r) for r in reps}
    for s in reps:
        if not by_router[s]:
            continue
        for o in reps:
            if o == s or _apart(a, s, o):
                continue
            for net, addr in by_router[o]:
                res = path(a, s, o, net, addr)
                out.append(res)
                if not res.ok:
                    msg = f"{s} -> {net} ({o}): {res.reason}"
                    a.ctx.problem("path", (s, o), msg)
    return out
