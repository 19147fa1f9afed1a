"""One packet through the DMVPN, as the source deck's eight steps, from the model.

Each step says what the router does and shows the table entry it uses as IOS prints it
(``show ip route``, ``show ip nhrp``, ``show crypto isakmp sa``). When the packet cannot
take the designed path, the step where it stops says why.
"""

from __future__ import annotations

from dataclasses import dataclass
from ipaddress import IPv4Address

from dmvpnprov.dmvpn.analysis import Analysis
from dmvpnprov.dmvpn.paths import Hop, mgre_spoke, resolve, walk
from dmvpnprov.dmvpn.state import Route
from dmvpnprov.dmvpn.topology import End

__all__ = ["Trace", "TraceError", "route_line", "trace"]


class TraceError(ValueError):
    """The source or destination is not something the model can trace."""


def route_line(r: Route) -> str:
    """A route as ``show ip route`` prints it.

    Examples:
        >>> from ipaddress import IPv4Network
        >>> route_line(Route(IPv4Network("192.168.2.0/24"), "D", IPv4Address("10.0.0.2"),
        ...     "Tunnel0", 90, 297372416))
        'D        192.168.2.0/24 [90/297372416] via 10.0.0.2, 00:00:12, Tunnel0'
    """
    if r.next_hop is None:
        return f"{r.code:<8} {r.prefix} is directly connected, {r.interface}"
    return (
        f"{r.code:<8} {r.prefix} [{r.distance}/{r.metric}] via {r.next_hop}, 00:00:12, "
        f"{r.interface}"
    )


def nhrp_lines(
    iface: str, tunnel: IPv4Address, nbma: IPv4Address, kind: str, hold: int | None
) -> list[str]:
    """An NHRP cache entry as ``show ip nhrp`` prints it."""
    expire = (
        "never expire"
        if hold is None
        else f"expire {hold // 3600:02d}:{hold % 3600 // 60:02d}:{hold % 60:02d}"
    )
    flags = "used" if kind == "static" else "router unique registered"
    return [
        f"{tunnel}/32 via {tunnel}",
        f"   {iface} created 00:00:01, {expire}",
        f"   Type: {kind}, Flags: {flags}",
        f"   NBMA address: {nbma}",
    ]


def _indent(lines: list[str]) -> str:
    return "\n".join(f"       {ln}" for ln in lines)


def _registration_hold(a: Analysis, end: End) -> int:
    return a.topo.tunnel(end).holdtime or 7200


@dataclass(frozen=True)
class Trace:
    """The steps, and whether the packet arrives."""

    steps: tuple[str, ...]
    arrives: bool


def trace(a: Analysis, source: str, destination: IPv4Address) -> Trace:
    """The numbered steps for a packet from ``source``'s LAN to ``destination``."""
    if source not in a.ribs:
        raise TraceError(f"{source}: no such router in the model")
    return Trace(tuple(_steps(a, source, destination)), walk(a, source, destination).ok)


def _steps(a: Analysis, source: str, destination: IPv4Address) -> list[str]:
    w = walk(a, source, destination)
    steps: list[str] = []
    lan = next(
        (
            i
            for i in a.topo.configs[source].interfaces.values()
            if i.address
            and not i.is_tunnel
            and i.name not in {t.source for t in a.topo.configs[source].tunnels}
        ),
        None,
    )
    where = (
        f"{lan.address.network} ({source} {lan.name}, {lan.address.ip})"
        if lan and lan.address
        else source
    )
    steps.append(f"A host on {where} sends a packet to {destination}.")
    if not w.hops:
        steps.append(f"{source} looks up {destination}: {w.reason}. The packet is dropped.")
        return steps
    first: Hop = w.hops[0]
    steps.append(
        f"{source} looks up {destination} in its routing table (show ip route):\n"
        + _indent([route_line(first.route)])
        + (
            f"\n       next hop {first.route.next_hop} via {first.route.interface}."
            if first.peer
            else ""
        )
    )
    if first.peer is None:
        steps.append(f"{destination} is on {source}'s own network: delivered.")
        return steps
    peer = first.peer
    x: End = (source, first.route.interface or "")
    if first.how != "resolved":
        hops = " -> ".join(h.router for h in w.hops)
        steps.append(
            f"{source} has a {first.how} NHRP mapping for {peer[0]} ({a.topo.address(peer)} -> "
            f"NBMA {a.ctx.seen(peer[0])}): the packet goes {hops}."
            + ("" if w.ok else f" It stops: {w.reason}.")
        )
        oe = mgre_spoke(a, w.hops[-1].router) if w.ok else None
        se = mgre_spoke(a, source)
        if w.ok and se and oe and a.topo.tunnel(se).shortcut:
            ok, how, _ = resolve(a, se, oe)
            hub = w.hops[1].router if len(w.hops) > 1 else "?"
            if ok:
                steps.append(
                    f"{hub} forwards it and sends {source} an NHRP redirect; {source} "
                    f"(`ip nhrp shortcut`) resolves {destination} to {w.hops[-1].router}'s NBMA "
                    f"address {a.ctx.seen(oe[0])} and installs a shortcut: later packets go direct."
                )
            else:
                steps.append(f"No shortcut forms: {how}.")
        return steps
    via = first.via or "?"
    nhs_link = next((k for k in a.links if k.client == x and k.server and k.server[0] == via), None)
    static = nhs_link.nbma if nhs_link else None
    nhs_addr = nhs_link.nhs if nhs_link else None
    steps.append(
        f"{source} finds no NHRP entry for {a.topo.address(peer)} and sends an NHRP resolution "
        f"request to its NHS {nhs_addr} ({via}), mapped statically (show ip nhrp):\n"
        + _indent(
            nhrp_lines(x[1], nhs_addr or IPv4Address(0), static or IPv4Address(0), "static", None)
        )
    )
    peer_nbma = a.ctx.seen(peer[0])
    steps.append(
        f"{via} resolves {a.topo.address(peer)} to {peer[0]}'s public address {peer_nbma} from "
        f"{peer[0]}'s registration and replies to {source}:\n"
        + _indent(
            nhrp_lines(
                peer[1], a.topo.address(peer), peer_nbma, "dynamic", _registration_hold(a, peer)
            )
        )
    )
    neg = a.ctx.crypto(x, peer)
    mine = a.ctx.underlay.nbma[source]
    state = "QM_IDLE" if neg is None or neg.version == 1 else "READY"
    sa = (
        f"\n       dst             src             state          conn-id status"
        f"\n       {peer_nbma!s:<15} {mine!s:<15} {state:<14} 1001    ACTIVE"
        if neg is not None
        else ""
    )
    steps.append(
        f"{source} enters it in its NHRP table; this triggers IPsec to {peer_nbma} "
        f"({source} uses its public address {mine} as the IPsec peer)"
        + (
            f": IKE {neg.ike}, {', '.join(neg.transforms)} {neg.mode} mode (show crypto isakmp sa):"
            if neg
            else "."
        )
        + sa
    )
    steps.append(
        f"With the tunnel to {peer[0]} built, {source} sends the packet to {peer[0]} directly "
        "(so far the tunnel carries traffic in one direction only)."
    )
    back = walk(a, peer[0], a.topo.address(x))
    back_route = a.ribs[peer[0]].lookup(lan.address.ip) if lan and lan.address else []
    line = route_line(back_route[0]) if back_route else "(no route)"
    shown = line.split("  ", 1)[-1].strip()
    steps.append(
        f"{destination} answers; {peer[0]} repeats steps 2 to 4 (show ip route: {shown}): "
        f"its NHS resolves {a.topo.address(x)} to {a.ctx.seen(source)}; the tunnel already "
        f"exists, so the reply goes straight to {source}."
        + ("" if back.ok else f" (It fails: {back.reason}.)")
    )
    hold = a.topo.tunnel(peer).holdtime or 7200
    steps.append(
        f"After the holdtime ({hold} s, `ip nhrp holdtime {hold}` on {peer[0]}) without "
        f"traffic the NHRP entries age out, and IPsec tears the {source} - {peer[0]} tunnel down."
    )
    return steps
