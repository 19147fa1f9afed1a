"""NHRP: each spoke's registration with each of its NHS, hub-to-hub mappings, multicast.

A registration succeeds when the NHS address is a hub's tunnel address in the spoke's
tunnel subnet, the spoke maps it to the hub's real (post-NAT) NBMA address, the
underlay carries the two, both ends' tunnel keys and ``ip nhrp authentication`` are the
same, and IKE/IPsec between them forms. What routing hellos can reach follows from the
multicast mappings: a spoke's ``ip nhrp map multicast`` (or ``nhs ... multicast``) to the
hub, the hub's ``ip nhrp map multicast dynamic`` to every registered spoke.
"""

from __future__ import annotations

from dataclasses import dataclass
from ipaddress import IPv4Address

from dmvpnprov.dmvpn.config import NhsLine
from dmvpnprov.dmvpn.context import Context
from dmvpnprov.dmvpn.crypto import Negotiation
from dmvpnprov.dmvpn.topology import End

__all__ = ["Link", "link_ends", "register"]


@dataclass(frozen=True)
class Link:
    """A spoke's registration with one NHS (or a static hub-to-hub mapping)."""

    client: End
    nhs: IPv4Address
    server: End | None
    nbma: IPv4Address | None  # the NBMA address the client maps the NHS to
    ok: bool
    crypto: Negotiation | None = None
    reason: str | None = None
    mcast_up: bool = False  # client -> server multicast (routing hellos)
    mcast_down: bool = False  # server -> client multicast
    static: bool = False  # a hub-to-hub mapping, not a registration


def _checks(ctx: Context, client: End, server: End) -> tuple[str, str] | None:
    """(layer, why) when the two ends cannot talk NHRP, else None."""
    tc, ts = ctx.topo.tunnel(client), ctx.topo.tunnel(server)
    a, b = client[0], server[0]
    if not ctx.underlay.reaches(a, b):
        down = [r for r in (a, b) if r in ctx.underlay.down]
        why = f"{', '.join(down)} is down" if down else "their public addresses do not reach"
        return "underlay", why
    if tc.tunnel_key != ts.tunnel_key:
        return "nhrp", f"tunnel keys differ ({a}: {tc.tunnel_key}; {b}: {ts.tunnel_key})"
    neg = ctx.crypto(client, server)
    if neg is not None and not neg.ok:
        return neg.layer, neg.reason
    if tc.nhrp_auth != ts.nhrp_auth:
        set_on = [r for r, t in ((a, tc), (b, ts)) if t.nhrp_auth is not None]
        if len(set_on) == 1:
            return "nhrp", f"`ip nhrp authentication` is set on {set_on[0]} only"
        return "nhrp", "`ip nhrp authentication` strings differ"
    return None


def register(ctx: Context, client: End) -> list[Link]:
    """Every NHS registration of the spoke end ``client``, with problems recorded."""
    topo, links = ctx.topo, []
    t = topo.tunnel(client)
    assert t.address is not None
    cloud = t.address.network
    nhs_lines = list(t.nhs)
    if not nhs_lines and t.destination is not None:  # point-to-point GRE: the hub is its peer
        peer = next((e for e in topo.servers(cloud)), None)
        nhs_lines = []
        if peer is not None:
            nhs_lines = [NhsLine(topo.address(peer), t.destination, True)]
    for line in nhs_lines:
        links.append(_register_one(ctx, client, line.address, line.nbma, line.multicast))
    return links


def _register_one(
    ctx: Context, client: End, nhs: IPv4Address, nbma_line: IPv4Address | None, mc: bool
) -> Link:
    topo, t, who = ctx.topo, ctx.topo.tunnel(client), client[0]
    assert t.address is not None
    cloud = t.address.network
    sc = str(cloud)
    if nhs not in cloud:
        why = f"{who}: NHS {nhs} is outside its tunnel subnet {cloud}: it never registers"
        ctx.problem("nhrp", (who,), why, sc)
        return Link(client, nhs, None, None, False, reason=why)
    server = topo.owner(cloud, nhs)
    if server is None or not topo.is_server(server):
        if server is None:
            why = f"{who}: NHS {nhs} is no hub's tunnel address in {cloud}"
            named: tuple[str, ...] = (who,)
        else:
            why = f"{who}: NHS {nhs} is {server[0]}'s {server[1]}, which is not an mGRE hub tunnel"
            named = (who, server[0])
        ctx.problem("nhrp", named, why, sc)
        return Link(client, nhs, None, None, False, reason=why)
    hub = server[0]
    nbma = nbma_line or t.nhrp_maps.get(nhs) or t.destination
    pair = (who, hub)
    if nbma is None:
        why = f"{who} -> {hub}: no NBMA mapping for NHS {nhs} (`ip nhrp map {nhs} ...`)"
        ctx.problem("nhrp", pair, why, sc)
        return Link(client, nhs, server, None, False, reason=why)
    real = ctx.seen(hub)
    if nbma != real:
        why = f"{who} -> {hub}: maps NHS {nhs} to {nbma} but {hub} is reached at {real}"
        ctx.problem("nhrp", pair, why, sc)
        return Link(client, nhs, server, nbma, False, reason=why)
    failed = _checks(ctx, client, server)
    neg = ctx.crypto(client, server) if failed is None or failed[0] != "underlay" else None
    if failed is not None:
        layer, why = failed
        msg = f"{who} <-> {hub}: {why}"
        ctx.problem(layer, pair, msg, sc)  # type: ignore[arg-type]
        return Link(client, nhs, server, nbma, False, neg, msg)
    if who in ctx.underlay.dynamic and not t.no_unique:
        why = (
            f"{who} -> {hub}: DHCP address registered as unique (no "
            "`ip nhrp registration no-unique`): after a new lease the hub refuses it"
        )
        ctx.problem("nhrp", (who,), why, sc)
    up = mc or nbma in t.nhrp_mcast or t.destination is not None
    hub_t = topo.tunnel(server)
    down = hub_t.mcast_dynamic or ctx.seen(who) in hub_t.nhrp_mcast
    return Link(client, nhs, server, nbma, True, neg, None, up, down)


def link_ends(ctx: Context, a: End, b: End) -> Link | None:
    """A static hub-to-hub mapping from ``a`` to ``b`` (either direction), if configured."""
    ta, tb = ctx.topo.tunnel(a), ctx.topo.tunnel(b)
    addr_b, addr_a = ctx.topo.address(b), ctx.topo.address(a)
    nbma = ta.nhrp_maps.get(addr_b)
    back = tb.nhrp_maps.get(addr_a)
    if nbma is None and back is None:
        return None
    if nbma is None:
        return link_ends(ctx, b, a)
    sc = str(ctx.topo.cloud_of(addr_a))
    if nbma != ctx.seen(b[0]):
        why = f"{a[0]} -> {b[0]}: maps {addr_b} to {nbma} but {b[0]} is reached at {ctx.seen(b[0])}"
        ctx.problem("nhrp", (a[0], b[0]), why, sc)
        return Link(a, addr_b, b, nbma, False, reason=why, static=True)
    failed = _checks(ctx, a, b)
    if failed is not None:
        msg = f"{a[0]} <-> {b[0]}: {failed[1]}"
        ctx.problem(failed[0], (a[0], b[0]), msg, sc)  # type: ignore[arg-type]
        return Link(a, addr_b, b, nbma, False, reason=msg, static=True)
    up = nbma in ta.nhrp_mcast
    down = ctx.seen(a[0]) in tb.nhrp_mcast or (back is not None and tb.mcast_dynamic)
    return Link(a, addr_b, b, nbma, True, ctx.crypto(a, b), None, up, down, static=True)
