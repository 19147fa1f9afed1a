"""Equivalence classes of spokes: configured alike once their own addresses are set aside.

Two spokes whose configs are equal after their own addresses (tunnel, NBMA, LANs and
their networks) are replaced by placeholders, that see the same underlay (NAT, DHCP,
nothing blocked) and for which every hub decides alike (the pre-shared key and IKEv2
identity it finds for the spoke's address, whether its BGP listen range covers the
spoke, whether its summaries cover the spoke's LANs) behave alike: the model simulates
two of each class (two, so that spoke-to-spoke inside the class is simulated too) and
applies the verdict to the rest.

Examples:
    >>> shape("interface Tunnel0\\n ip address 10.0.0.10 255.255.255.0", {"10.0.0.10"})
    'interface Tunnel0\\n ip address <0> 255.255.255.0'
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping

from dmvpnprov.dmvpn.config import RouterConfig
from dmvpnprov.dmvpn.context import Context

__all__ = ["classes", "own_addresses", "shape"]

_IP = re.compile(r"\d+\.\d+\.\d+\.\d+")


def own_addresses(cfg: RouterConfig) -> set[str]:
    """The router's own interface addresses and their network addresses."""
    out: set[str] = set()
    for i in cfg.interfaces.values():
        if i.address is not None:
            out.add(str(i.address.ip))
            out.add(str(i.address.network.network_address))
    return out


def shape(text: str, own: Collection[str]) -> str:
    """``text`` with each of ``own`` replaced by a placeholder numbered by first use."""
    order: dict[str, str] = {}

    def sub(m: re.Match[str]) -> str:
        v = m.group(0)
        if v not in own:
            return v
        return order.setdefault(v, f"<{len(order)}>")

    lines = [ln for ln in text.splitlines() if not ln.startswith("hostname ")]
    return _IP.sub(sub, "\n".join(lines))


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
