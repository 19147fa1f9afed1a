"""The model's entry points: configs + underlay -> each router's state and the problems.

:func:`compute` simulates every router (what the lab's show commands print);
:func:`analyse` simulates the hubs and two spokes of each equivalence class
(:mod:`dmvpnprov.dmvpn.classes`) and checks what depends on each spoke's own addresses
for every spoke: that is how ``verify`` answers for 10,000 spokes without N x N tables.

Examples:
    >>> from ipaddress import IPv4Address
    >>> hub = '''interface Tunnel0
    ...  ip address 10.0.0.1 255.255.255.0
    ...  ip nhrp map multicast dynamic
    ...  tunnel source Ethernet0
    ...  tunnel mode gre multipoint
    ... interface Ethernet0
    ...  ip address 130.25.13.1 255.255.255.0'''
    >>> spoke = '''interface Tunnel0
    ...  ip address 10.0.0.10 255.255.255.0
    ...  ip nhrp map 10.0.0.1 130.25.13.1
    ...  ip nhrp nhs 10.0.0.1
    ...  tunnel source Ethernet0
    ...  tunnel mode gre multipoint
    ... interface Ethernet0
    ...  ip address 173.1.13.101 255.255.255.0'''
    >>> u = Underlay({"hub1": IPv4Address("130.25.13.1"), "s": IPv4Address("173.1.13.101")})
    >>> state = compute({"hub1": hub, "s": spoke}, u)
    >>> state.works, state.routers["s"].nhs[0].registered
    (True, True)
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from ipaddress import IPv4Address, IPv4Network

from dmvpnprov.core.gcpause import gc_paused
from dmvpnprov.dmvpn import adjacency as adj
from dmvpnprov.dmvpn.analysis import Analysis
from dmvpnprov.dmvpn.bgp import propagate, sessions
from dmvpnprov.dmvpn.classes import classes
from dmvpnprov.dmvpn.config import RouterConfig
from dmvpnprov.dmvpn.context import Context
from dmvpnprov.dmvpn.nhrp import link_ends, register
from dmvpnprov.dmvpn.paths import check_paths, demands_entries
from dmvpnprov.dmvpn.prepare import read_all
from dmvpnprov.dmvpn.routes import build_rib, connected, eigrp_routes, ospf_routes
from dmvpnprov.dmvpn.state import Demand, NetworkState, Underlay
from dmvpnprov.dmvpn.states import router_states
from dmvpnprov.dmvpn.topology import End, Topology

__all__ = ["Analysis", "analyse", "compute", "underlay_from_fleet"]

from dmvpnprov.dmvpn.underlay import underlay_from_fleet


def _router_checks(ctx: Context, cfg: RouterConfig) -> None:
    for proc in cfg.eigrp.values():
        for line in proc.invalid:
            why = (
                f"{cfg.name}: `{line}` under router eigrp {proc.asn} is not an EIGRP command "
                "(IOS rejects it: `area` is OSPF): EIGRP never runs on those networks"
            )
            ctx.problem("routing", (cfg.name,), why)
    by_source: dict[str, list[str]] = {}
    for t in cfg.tunnels:
        if t.multipoint and t.protection and t.source:
            by_source.setdefault(t.source, []).append(t.name)
    for source, names in by_source.items():
        tunnels = [cfg.interfaces[n] for n in names]
        if len(tunnels) > 1:
            profiles = {t.protection for t in tunnels}
            if len(profiles) > 1 or not all(t.shared for t in tunnels):
                why = (
                    f"{cfg.name}: {' and '.join(names)} share tunnel source {source} without one "
                    "IPsec profile marked `shared`: SAs attach to the wrong tunnel"
                )
                ctx.problem("ipsec", (cfg.name,), why)


def _hub_eigrp(ctx: Context, cloud: IPv4Network) -> None:
    clients = [ctx.topo.tunnel(e) for e in ctx.topo.clients(cloud)]
    if len(clients) < 2 or not all(t.multipoint for t in clients):
        return
    phase3 = any(t.shortcut for t in clients)
    for end in ctx.topo.servers(cloud):
        cfg, t = ctx.topo.configs[end[0]], ctx.topo.tunnel(end)
        if phase3 and not t.redirect:
            why = (
                f"{end[0]}: spokes of {cloud} have `ip nhrp shortcut` but {end[1]} lacks "
                "`ip nhrp redirect`: no Phase 3 shortcut ever forms, traffic stays on the hub"
            )
            ctx.problem("nhrp", (end[0],), why, str(cloud))
        asn = adj.eigrp_asn(cfg, t)
        if asn is None:
            continue
        _summaries(ctx, cloud, end, asn)
        if asn not in t.no_split_horizon and not t.eigrp_summaries.get(asn):
            why = (
                f"{end[0]}: split horizon on {end[1]} (EIGRP {asn}): spokes never learn each "
                f"other's networks (`no ip split-horizon eigrp {asn}`)"
            )
            ctx.problem("routing", (end[0],), why, str(cloud))
        elif not phase3 and asn not in t.no_next_hop_self:
            why = (
                f"{end[0]}: next-hop-self on {end[1]} (EIGRP {asn}): Phase 2 spokes route "
                f"through the hub (`no ip next-hop-self eigrp {asn}`)"
            )
            ctx.problem("routing", (end[0],), why, str(cloud))


def _reflection(ctx: Context, found: list[Session]) -> None:
    by_hub: dict[str, list[Session]] = {}
    for s in found:
        if s.up and s.ibgp and ctx.topo.is_server(s.b):
            by_hub.setdefault(s.b[0], []).append(s)
    for hub, sess in by_hub.items():
        if len(sess) > 1 and not any(hub in s.rr_client_of for s in sess):
            why = (
                f"{hub}: iBGP to its spokes without `route-reflector-client`: it does not "
                "pass one spoke's routes to another, spokes never learn each other's networks"
            )
            ctx.problem("routing", (hub,), why)


def _summaries(ctx: Context, cloud: IPv4Network, hub: End, asn: int) -> None:
    sums = ctx.topo.tunnel(hub).eigrp_summaries.get(asn, [])
    if not sums:
        return
    text = ", ".join(str(x) for x in sums)
    for spoke, _ in ctx.topo.clients(cloud):
        cfg = ctx.topo.configs[spoke]
        for net, i in connected(cfg):
            if i.is_tunnel or adj.eigrp_asn(cfg, i) != asn:
                continue
            if not any(net.subnet_of(x) for x in sums):
                why = (
                    f"{hub[0]}'s summary {text} on {hub[1]} does not cover {spoke}'s {net}: "
                    "the other spokes never learn it"
                )
                ctx.problem("routing", (hub[0], spoke), why, str(cloud))


def _split(group: list[str], include: set[str]) -> list[list[str]]:
    picked = [s for s in group if s in include]
    if not picked or all(s in group[:2] for s in picked):
        return [group]
    rest = [s for s in group if s not in picked]
    return [[s] for s in picked] + ([rest] if rest else [])


def _counts(ctx: Context, spokes: list[str]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for name, cfg in ctx.topo.configs.items():
        if cfg.bgp is None or not cfg.bgp.listen:
            continue
        counts[name] = sum(
            1
            for s in spokes
            for t in ctx.topo.configs[s].tunnels
            if t.address and any(t.address.ip in n for n, _ in cfg.bgp.listen)
        )
    return counts


def _originated(cfg: RouterConfig, rib_connected: set[IPv4Network]) -> list[IPv4Network]:
    bgp = cfg.bgp
    if bgp is None:
        return []
    out = [n for n in bgp.networks if n in rib_connected or any(s.prefix == n for s in cfg.statics)]
    if bgp.redistribute_connected:
        out.extend(n for n in rib_connected if n not in out)
    return out


def analyse(
    configs: Mapping[str, str],
    underlay: Underlay,
    demands: Sequence[Demand] = (),
    *,
    reduce: bool = True,
    xe17: Collection[str] = (),
    include: Collection[str] = (),
) -> Analysis:
    """Run every layer; ``reduce`` simulates two spokes per class instead of all.

    ``include`` names spokes to simulate whatever their class (``trace`` needs its two).
    """
    with gc_paused():  # 10,000 parsed configs are long-lived objects: no cyclic GC walks
        return _analyse(configs, underlay, demands, reduce=reduce, xe17=xe17, include=include)


def _analyse(
    configs: Mapping[str, str],
    underlay: Underlay,
    demands: Sequence[Demand],
    *,
    reduce: bool,
    xe17: Collection[str],
    include: Collection[str],
) -> Analysis:
    parsed, shapes = read_all(configs)
    topo = Topology(parsed)
    ctx = Context(topo, underlay, xe17)
    for cfg in parsed.values():
        _router_checks(ctx, cfg)
    for ip, e1, e2 in topo.duplicates:
        why = f"{e1[0]} and {e2[0]} both use tunnel address {ip}"
        ctx.problem("nhrp", (e1[0], e2[0]), why, str(topo.cloud_of(ip)))
    client_routers = {e[0] for c in topo.clouds for e in topo.clients(c)}
    hubs = [n for n in parsed if n not in client_routers]
    spokes = [n for n in parsed if n in client_routers]
    groups = classes(ctx, shapes, spokes, hubs) if reduce else [[s] for s in spokes]
    if include:
        groups = [g2 for g in groups for g2 in _split(g, set(include))]
    members = hubs + [s for g in groups for s in g[:2]]
    a = Analysis(ctx, members, groups)
    member_set = set(members)
    for cloud in topo.clouds:
        for end in topo.clients(cloud):
            if end[0] in member_set:
                a.links.extend(register(ctx, end))
        servers = topo.servers(cloud)
        for i, s1 in enumerate(servers):
            for s2 in servers[i + 1 :]:
                link = link_ends(ctx, s1, s2)
                if link is not None:
                    a.links.append(link)
                else:
                    why = (
                        f"{s1[0]} and {s2[0]} serve {cloud} but have no NHRP mapping to each "
                        "other: they never exchange routes nor resolve for each other's spokes"
                    )
                    ctx.problem("nhrp", (s1[0], s2[0]), why, str(cloud))
    ok = [x for x in a.links if x.ok and x.server is not None]
    for cloud in topo.clouds:
        _hub_eigrp(ctx, cloud)
    for link in ok:
        adj.eigrp(ctx, link, a.adjacencies)
        adj.ospf(ctx, link, a.adjacencies)
    for cloud in topo.clouds:
        adj.elect(ctx, [e for e in topo.members[cloud] if e[0] in member_set], a.adjacencies)
    pairs: list[tuple[End, End]] = [(x.client, x.server) for x in ok if x.server is not None]
    a.sessions = sessions(ctx, pairs, _counts(ctx, spokes))
    _reflection(ctx, a.sessions)
    a.adjacencies.items.extend(
        adj.Adjacency("bgp", s.a, s.b, s.up, "", s.reason) for s in a.sessions
    )
    eig = eigrp_routes(ctx, members, a.adjacencies.items)
    osp = ospf_routes(ctx, members, a.adjacencies.items, a.adjacencies.dr)
    conn = {r: {n for n, _ in connected(parsed[r])} for r in members}
    orig = {r: _originated(parsed[r], conn[r]) for r in members}
    bgp = propagate(ctx, members, [s for s in a.sessions if s.up], orig)
    for r in members:
        a.ribs[r] = build_rib(parsed[r], eig.get(r, []), osp.get(r, []), bgp.get(r, {}))
    a.paths = check_paths(a, demands)
    return a


def compute(
    configs: Mapping[str, str],
    underlay: Underlay,
    demands: Sequence[Demand] = (),
    *,
    holdtime_default: int = 300,
    xe17: Collection[str] = (),
) -> NetworkState:
    """Every router's DMVPN state and the problems, from their configs and the underlay.

    ``holdtime_default`` is the holdtime used for a dynamic entry whose interface sets
    none (IOS's own default is 7200 s; the lab may shorten it).
    """
    a = analyse(configs, underlay, demands, reduce=False, xe17=xe17)
    dynamic = demands_entries(a, demands, holdtime_default)
    return NetworkState(router_states(a, dynamic), a.problems)


def cloud_names(topo: Topology) -> dict[IPv4Network, str]:
    """Each cloud's subnet as text (inventory names are mapped by the commands)."""
    return {c: str(c) for c in topo.clouds}


def nbma_of(a: Analysis, router: str) -> IPv4Address | None:
    """The NBMA address others see for ``router``."""
    return a.ctx.seen(router) if router in a.ctx.underlay.nbma else None
