"""Equivalence classes of spokes: configured alike once their own addresses are set aside.

Two spokes whose configs are equal after their own addresses (tunnel, NBMA, LANs and
their networks) are replaced by placeholders, that see the same underlay (NAT, DHCP,
nothing blocked) and for which every hub decides alike (the pre-shared key and IKEv2
identity it finds for the spoke's address, whether its BGP listen range covers the
spoke, whether its summaries cover the spoke's LANs) behave alike: the model simulates
two of each class (two, so that spoke-to-spoke inside the class is simulated too) and
applies the verdict to the rest.

The shapes are :func:`dmvpnprov.dmvpn.prepare.own_in_order`'s.
"""

from __future__ import annotations

from collections.abc import Mapping

from dmvpnprov.dmvpn.context import Context

__all__ = ["classes"]


def _hub_facts(ctx: Context, spoke: str, hubs: list[str]) -> tuple[object, ...]:
    cfg = ctx.topo.configs[spoke]
    seen = ctx.seen(spoke) if spoke in ctx.underlay.nbma else None
    facts: list[object] = []
    for h in hubs:
        hub = ctx.topo.configs[h]
        facts.append(ctx._facts(hub, seen) if seen is not None else None)
        if hub.bgp is not None:
            facts.append(
                tuple(
                    any(t.address.ip in n for n, _ in hub.bgp.listen)
                    for t in cfg.tunnels
                    if t.address
                )
            )
        for t in hub.tunnels:
            for sums in t.eigrp_summaries.values():
                facts.append(
                    tuple(
                        any(i.address.network.subnet_of(s) for s in sums)
                        for i in cfg.interfaces.values()
                        if i.address is not None and not i.is_tunnel
                    )
                )
    return tuple(facts)


def classes(
    ctx: Context, shapes: Mapping[str, str], spokes: list[str], hubs: list[str]
) -> list[list[str]]:
    """Spokes grouped by behaviour, each group in input order.

    ``shapes`` holds each spoke's config shape (:func:`shape`).
    """
    u = ctx.underlay
    blocked = {r for pair in u.blocked for r in pair}
    groups: dict[object, list[str]] = {}
    for s in spokes:
        if s in blocked or s not in shapes:
            groups[("alone", s)] = [s]
            continue
        key = (
            shapes[s],
            u.behind_nat(s),
            s in u.dynamic,
            s in u.down,
            _hub_facts(ctx, s, hubs),
            ctx.release_facts(s),  # a 17.11+ spoke refuses what an older one accepts
        )
        groups.setdefault(key, []).append(s)
    return list(groups.values())
