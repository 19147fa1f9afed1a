"""Checks of the design as a whole: per router, per hub, per cloud.

What no single link shows: lines IOS rejects, tunnels sharing a source without
``shared``, a Phase 2 hub that keeps split horizon or next-hop-self, a Phase 3 hub
without redirect, hub summaries that miss a spoke's LAN, two hubs of a cloud that never
learn each other, iBGP without route reflection; and the counts and originations the
routing layer needs.
"""

from __future__ import annotations

from ipaddress import IPv4Network

from dmvpnprov.dmvpn import adjacency as adj
from dmvpnprov.dmvpn.bgp import Session
from dmvpnprov.dmvpn.config import RouterConfig
from dmvpnprov.dmvpn.context import Context
from dmvpnprov.dmvpn.routes import connected
from dmvpnprov.dmvpn.topology import End

__all__ = ["hub_checks", "hub_pair", "listeners", "originated", "reflection", "router_checks"]


def hub_pair(ctx: Context, cloud: IPv4Network, s1: End, s2: End) -> None:
    """Two hubs of one cloud with no NHRP mapping to each other."""
    why = (
        f"{s1[0]} and {s2[0]} serve {cloud} but have no NHRP mapping to each "
        "other: they never exchange routes nor resolve for each other's spokes"
    )
    ctx.problem("nhrp", (s1[0], s2[0]), why, str(cloud))


def router_checks(ctx: Context, cfg: RouterConfig) -> None:
    """Lines IOS rejects; GRE tunnels without a destination; mGRE tunnels sharing a source
    without ``shared``."""
    for t in cfg.tunnels:
        assert t.address is not None
        shared_subnet = len(ctx.topo.members.get(t.address.network, [])) > 1
        if not t.multipoint and t.destination is None and shared_subnet:
            why = (
                f"{cfg.name}: {t.name} is point-to-point GRE without `tunnel destination` "
                "(no `tunnel mode gre multipoint`): it stays down"
            )
            ctx.problem("nhrp", (cfg.name,), why)
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


def hub_checks(ctx: Context, cloud: IPv4Network) -> None:
    """Phase 2/3 hub settings of ``cloud`` (redirect, split horizon, next-hop-self, summaries)."""
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


def reflection(ctx: Context, found: list[Session]) -> None:
    """Hubs with iBGP to several spokes and no route-reflector clients."""
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


def listeners(ctx: Context, spokes: list[str]) -> dict[str, dict[str, int]]:
    """Each BGP listener's accepted-peer order: spoke -> its rank among those its listen
    ranges cover (whole fleet, inventory order). A rank at or over ``bgp listen limit`` is
    refused; the hub is named once with how many."""
    out: dict[str, dict[str, int]] = {}
    for name, cfg in ctx.topo.configs.items():
        if cfg.bgp is None or not cfg.bgp.listen:
            continue
        covered = [
            s
            for s in spokes
            for t in ctx.topo.configs[s].tunnels
            if t.address and any(t.address.ip in n for n, _ in cfg.bgp.listen)
        ]
        out[name] = {s: i for i, s in enumerate(dict.fromkeys(covered))}
        limit = cfg.bgp.listen_limit
        if len(out[name]) > limit:
            refused = list(out[name])[limit:]
            sample = ", ".join(refused[:3]) + (", ..." if len(refused) > 3 else "")
            why = (
                f"{name}: {len(out[name])} spokes in its `bgp listen range` but "
                f"`bgp listen limit` is {limit}: {len(refused)} never get a BGP session ({sample})"
            )
            ctx.problem("routing", (name,), why)
    return out


def originated(cfg: RouterConfig, rib_connected: set[IPv4Network]) -> list[IPv4Network]:
    """The prefixes ``cfg`` originates in BGP (`network` with a matching route, or connected)."""
    bgp = cfg.bgp
    if bgp is None:
        return []
    out = [n for n in bgp.networks if n in rib_connected or any(s.prefix == n for s in cfg.statics)]
    if bgp.redistribute_connected:
        out.extend(n for n in rib_connected if n not in out)
    return out
