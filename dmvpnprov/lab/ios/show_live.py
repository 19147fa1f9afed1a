"""Dispatch of the live-state commands: DMVPN, crypto, routing, interfaces, ping, traceroute.

The grammar (:mod:`dmvpnprov.lab.ios.grammar`) already rejected arguments a command
does not take (with the caret); here the canonical words pick the printer and the
state comes from the router's live plane (an empty state when the lab runs none).

Examples:
    >>> _mask_len("255.255.255.0")
    24
"""

from __future__ import annotations

from collections.abc import Callable
from ipaddress import IPv4Address, IPv4Network

from dmvpnprov.dmvpn.state import RouterState as DmvpnState
from dmvpnprov.dmvpn.state import TunnelState
from dmvpnprov.lab.ios import show_crypto, show_dmvpn, show_ikev2, show_routing
from dmvpnprov.lab.ios.console import Console
from dmvpnprov.lab.state.config import Node

__all__ = ["interface_status", "live_state", "run_live_show", "run_ping", "run_traceroute"]


def live_state(session: Console) -> DmvpnState:
    """The router's current control-plane state (empty without a live plane)."""
    router = session.router
    plane = router.plane
    return plane.state(router.spec.name) if plane is not None else DmvpnState(router.spec.name)


def _mask_len(mask: str) -> int:
    return IPv4Network(f"0.0.0.0/{mask}").prefixlen


def _interfaces(session: Console) -> list[Node]:
    return [n for n in session.router.running.root.children if n.line.startswith("interface ")]


def interface_status(node: Node, tunnels: dict[str, TunnelState]) -> tuple[str, str]:
    """(status, protocol) of an interface section: shutdown, else the tunnel's state."""
    if any(c.line == "shutdown" for c in node.children):
        return "administratively down", "down"
    tunnel = tunnels.get(node.line.split()[1])
    return (tunnel.status, tunnel.protocol) if tunnel else ("up", "up")


def _address(node: Node) -> str | None:
    words = next((c.line.split() for c in node.children if c.line.startswith("ip address ")), [])
    if len(words) >= 4:
        return f"{words[2]}/{_mask_len(words[3])}"
    return None


_PREFIXES = (
    "dmvpn",
    "ip nhrp nhs",
    "ip nhrp multicast",
    "ip nhrp",
    "crypto isakmp",
    "crypto ipsec",
    "crypto session",
    "crypto ikev2 proposal",
    "crypto ikev2",
    "ip route",
    "ip eigrp neighbors",
    "ip eigrp interfaces",
    "ip ospf",
    "ip bgp",
    "ip protocols",
)  # interfaces and `ip interface` are printed from the config (showiface)


def _table(session: Console, state: DmvpnState, rest: list[str]) -> dict[str, Callable[[], str]]:
    """Printer per canonical command prefix (the first matching prefix wins)."""
    rel = session.router.release
    return {
        "dmvpn": lambda: show_dmvpn.show_dmvpn(state, rel, detail="detail" in rest),
        "ip nhrp nhs": lambda: show_dmvpn.show_ip_nhrp_nhs(state, rel, detail="detail" in rest),
        "ip nhrp multicast": lambda: show_dmvpn.show_ip_nhrp_multicast(state),
        "ip nhrp": lambda: show_dmvpn.show_ip_nhrp(state, rel, brief="brief" in rest),
        "crypto isakmp": lambda: show_crypto.show_isakmp_sa(state, rel, detail="detail" in rest),
        "crypto ipsec": lambda: show_crypto.show_ipsec_sa(
            state,
            IPv4Address(rest[rest.index("peer") + 1]) if "peer" in rest else None,
            detail="detail" in rest,
        ),
        "crypto session": lambda: show_crypto.show_crypto_session(
            state, rel, detail="detail" in rest
        ),
        "crypto ikev2 proposal": lambda: _proposals(session),
        "crypto ikev2": lambda: show_crypto.show_ikev2_sa(state),
        "ip route": lambda: _route(state, session, rest),
        "ip eigrp neighbors": lambda: show_routing.show_eigrp_neighbors(state, rel),
        "ip eigrp interfaces": lambda: show_routing.show_eigrp_interfaces(state, rel),
        "ip ospf": lambda: show_routing.show_ospf_neighbor(state),
        "ip bgp": lambda: show_routing.show_bgp_summary(
            state, list(session.router.running.lines())
        ),
        "ip protocols": lambda: show_routing.show_ip_protocols(
            state, list(session.router.running.lines())
        ),
    }


def _proposals(session: Console) -> str:
    nodes = session.router.running.root.children
    found = [
        (n.line.split()[3], [c.line for c in n.children])
        for n in nodes
        if n.line.startswith("crypto ikev2 proposal ")
    ]
    return show_ikev2.show_ikev2_proposals(session.router.release.text, found)


def _route(state: DmvpnState, session: Console, rest: list[str]) -> str:
    if len(rest) > 3:
        mask = IPv4Address(rest[4]) if len(rest) > 4 else None
        return show_routing.show_ip_route_for(state, IPv4Address(rest[3]), mask)
    return show_routing.show_ip_route(state, session.router.release)


def run_live_show(session: Console, words: list[str]) -> str | None:
    """The output of a live ``show`` command (canonical words), None when not one."""
    line = " ".join(words[1:]) + " "
    prefix = next((p for p in _PREFIXES if line.startswith(p + " ")), None)
    if prefix is None:
        return None
    return _table(session, live_state(session), words)[prefix]()


def _source(session: Console, words: list[str]) -> IPv4Address | None:
    if "source" not in words:
        return None
    value = words[words.index("source") + 1]
    if value[0].isdigit():
        return IPv4Address(value)
    node = session.router.running.get(f"interface {value}")
    addr = _address(node) if node is not None else None
    return IPv4Address(addr.split("/")[0]) if addr else None


async def run_ping(session: Console, words: list[str]) -> str | None:
    """``ping ADDR [repeat N] [source IF|ADDR]`` through the live plane."""
    dest = IPv4Address(words[1])
    count = int(words[words.index("repeat") + 1]) if "repeat" in words else 5
    source = _source(session, words)
    plane = session.router.plane
    ok = plane.ping(session.router.spec.name, dest, source).success if plane else False
    out = [
        "Type escape sequence to abort.",
        f"Sending {count}, 100-byte ICMP Echos to {dest}, timeout is 2 seconds:",
    ]
    if source is not None:
        out.append(f"Packet sent with a source address of {source} ")
    if ok:
        out += [
            "!" * count,
            f"Success rate is 100 percent ({count}/{count}), round-trip min/avg/max = 1/2/4 ms",
        ]
    else:
        out += ["." * count, f"Success rate is 0 percent (0/{count})"]
    return "\n".join(out) + "\n"


async def run_traceroute(session: Console, words: list[str]) -> str | None:
    """``traceroute ADDR``: one line per tunnel hop, then the destination."""
    dest = IPv4Address(words[1])
    plane = session.router.plane
    result = plane.ping(session.router.spec.name, dest, None) if plane else None
    out = ["Type escape sequence to abort.", f"Tracing the route to {dest}", ""]
    hops = list(result.hops) if result and result.success else []
    if result and result.success and (not hops or hops[-1] != dest):
        hops.append(dest)
    for i, hop in enumerate(hops):
        out.append(f"  {i + 1} {hop} {8 + 4 * i} msec {12 + 4 * i} msec {8 + 4 * i} msec")
    if not hops:
        out += [f"  {i} * * * " for i in range(1, 4)]
    return "\n".join(out) + "\n"
