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
from typing import Any

from dmvpnprov.core.gcpause import gc_paused
from dmvpnprov.dmvpn import adjacency as adj
from dmvpnprov.dmvpn import checks
from dmvpnprov.dmvpn.analysis import Analysis
from dmvpnprov.dmvpn.bgp import propagate, sessions
from dmvpnprov.dmvpn.classes import classes
from dmvpnprov.dmvpn.context import Context
from dmvpnprov.dmvpn.demands import demands_entries
from dmvpnprov.dmvpn.nhrp import link_ends, register
from dmvpnprov.dmvpn.ospf import ospf_routes
from dmvpnprov.dmvpn.paths import check_paths, check_recursion
from dmvpnprov.dmvpn.prepare import read_all
from dmvpnprov.dmvpn.routes import build_rib, connected, eigrp_routes
from dmvpnprov.dmvpn.state import Demand, NetworkState, Underlay
from dmvpnprov.dmvpn.states import router_states
from dmvpnprov.dmvpn.topology import End, Topology

__all__ = ["Analysis", "analyse", "compute", "underlay_from_fleet"]

from dmvpnprov.dmvpn.underlay import underlay_from_fleet


def _split(group: list[str], include: set[str]) -> list[list[str]]:
    picked = [s for s in group if s in include]
    if not picked or all(s in group[:2] for s in picked):
        return [group]
    rest = [s for s in group if s not in picked]
    return [[s] for s in picked] + ([rest] if rest else [])


def analyse(
    configs: Mapping[str, str],
    underlay: Underlay,
    demands: Sequence[Demand] = (),
    *,
    reduce: bool = True,
    releases: Mapping[str, str] | None = None,
    include: Collection[str] = (),
    paths: bool = True,
) -> Analysis:
    """Run every layer; ``reduce`` simulates two spokes per class instead of all.

    ``include`` names spokes to simulate whatever their class (``trace`` needs its two).
    ``releases`` gives routers' IOS releases (the inventory's): the IKEv2 default
    proposal and IOS-XE 17.11+'s refusal of weak algorithms depend on them; a router not
    named is judged by its config's ``version`` line. ``paths=False`` skips the
    LAN-to-LAN data-path checks (``Analysis.paths`` stays empty and no ``path`` problem
    is found); every other layer is the same, the recursive-routing check included.
    """
    with gc_paused():  # 10,000 parsed configs are long-lived objects: no cyclic GC walks
        return _analyse(
            configs,
            underlay,
            demands,
            reduce=reduce,
            releases=releases,
            include=include,
            paths=paths,
        )


def _analyse(
    configs: Mapping[str, str],
    underlay: Underlay,
    demands: Sequence[Demand],
    *,
    reduce: bool,
    releases: Mapping[str, str] | None,
    include: Collection[str],
    paths: bool,
) -> Analysis:
    parsed, shapes = read_all(configs)
    topo = Topology(parsed)
    ctx = Context(topo, underlay, releases)
    for cfg in parsed.values():
        checks.router_checks(ctx, cfg)
    for ip, e1, e2 in topo.duplicates:
        why = f"{e1[0]} and {e2[0]} both use tunnel address {ip}"
        ctx.problem("nhrp", (e1[0], e2[0]), why, str(topo.cloud_of(ip)))
    client_routers = {e[0] for c in topo.clouds for e in topo.clients(c)}
    hubs = [n for n in parsed if n not in client_routers]
    spokes = [n for n in parsed if n in client_routers]
    groups = classes(ctx, shapes, spokes, hubs)
    if include:
        groups = [g2 for g in groups for g2 in _split(g, set(include))]
    simulated = [s for g in groups for s in g[:2]] if reduce else spokes
    a = Analysis(ctx, hubs + simulated, groups, reduced=reduce)
    _nhrp_layer(a)
    _routing_layer(a, spokes)
    if paths:
        a.paths = check_paths(a)
    else:
        check_recursion(a)
    return a


def _nhrp_layer(a: Analysis) -> None:
    """Registrations of the simulated spokes; hub-to-hub mappings."""
    ctx, topo, members = a.ctx, a.topo, set(a.members)
    for cloud in topo.clouds:
        for end in topo.clients(cloud):
            if end[0] in members:
                a.links.extend(register(ctx, end))
        servers = topo.servers(cloud)
        for end in servers:  # hubs that register with each other (dual hub)
            if topo.tunnel(end).nhs:
                a.links.extend(register(ctx, end))
        for i, s1 in enumerate(servers):
            for s2 in servers[i + 1 :]:
                registered = any({x.client, x.server} == {s1, s2} for x in a.links)
                link = None if registered else link_ends(ctx, s1, s2)
                if link is not None:
                    a.links.append(link)
                elif not registered:
                    checks.hub_pair(ctx, cloud, s1, s2)
        checks.hub_checks(ctx, cloud)


def _routing_layer(a: Analysis, spokes: list[str]) -> None:
    """Adjacencies, DR election, BGP sessions, then every simulated router's table."""
    ctx, topo, members = a.ctx, a.topo, a.members
    ok = [x for x in a.links if x.ok and x.server is not None]
    for link in ok:
        adj.eigrp(ctx, link, a.adjacencies)
        adj.ospf(ctx, link, a.adjacencies)
    for cloud in topo.clouds:
        ends = [e for e in topo.members[cloud] if e[0] in set(members)]
        adj.elect(ctx, ends, a.adjacencies)
    pairs: list[tuple[End, End]] = [(x.client, x.server) for x in ok if x.server is not None]
    a.sessions = sessions(ctx, pairs, checks.listeners(ctx, spokes))
    checks.reflection(ctx, a.sessions)
    a.adjacencies.items.extend(
        adj.Adjacency("bgp", s.a, s.b, s.up, "", s.reason) for s in a.sessions
    )
    eig = eigrp_routes(ctx, members, a.adjacencies.items)
    osp = ospf_routes(ctx, members, a.adjacencies.items, a.adjacencies.dr)
    conn = {r: {n for n, _ in connected(topo.configs[r])} for r in members}
    orig = {r: checks.originated(topo.configs[r], conn[r]) for r in members}
    bgp = propagate(ctx, members, [s for s in a.sessions if s.up], orig)
    shared: dict[int, Any] = {}  # one Route value per EIGRP route received alike
    for r in members:  # each router's EIGRP routes freed once in its table
        cfg = topo.configs[r]
        a.ribs[r] = build_rib(cfg, eig.pop(r, []), osp.get(r, []), bgp.get(r, {}), shared)


def compute(
    configs: Mapping[str, str],
    underlay: Underlay,
    demands: Sequence[Demand] = (),
    *,
    holdtime_default: int = 300,
    releases: Mapping[str, str] | None = None,
    paths: bool = True,
) -> NetworkState:
    """Every router's DMVPN state and the problems, from their configs and the underlay.

    ``holdtime_default`` is the holdtime used for a dynamic entry whose interface sets
    none (IOS's own default is 7200 s; the lab may shorten it). ``releases``: as for
    :func:`analyse`. ``paths=False`` (the lab's mode) skips the LAN-to-LAN data-path
    checks: the routers' states are the same, the problems lack the ``path`` layer's.
    """
    a = analyse(configs, underlay, demands, reduce=False, releases=releases, paths=paths)
    dynamic = demands_entries(a, demands, holdtime_default)
    return NetworkState(router_states(a, dynamic), a.problems)
