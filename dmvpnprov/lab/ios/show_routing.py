"""``show ip route [prefix]``, EIGRP/OSPF/BGP neighbours, ``show ip protocols``.

Printed from the routes and neighbours of a :class:`~dmvpnprov.dmvpn.state.RouterState`
in each release's layout: the codes legend (15.x adds ``L - local``, ``H - NHRP``), the
classful ``is subnetted`` headers and the column widths (12.4 indents by 5, 15.x by 6).
Neighbour uptimes are the age of the NHRP entry of the neighbour's tunnel address.

Examples:
    >>> from dmvpnprov.core.platforms import IosRelease
    >>> rel = IosRelease.parse("15.1(4)M")
    >>> show_ip_route(DmvpnState("r1"), rel).splitlines()[-1]
    'Gateway of last resort is not set'
    >>> show_bgp_summary(DmvpnState("r1"))
    '% BGP not active\\n'
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from ipaddress import IPv4Address, IPv4Network

from dmvpnprov.core.platforms import IosRelease
from dmvpnprov.dmvpn.state import Neighbor, Route
from dmvpnprov.dmvpn.state import RouterState as DmvpnState
from dmvpnprov.lab.ios.show_dmvpn import ios_uptime, short_if

__all__ = [
    "show_bgp_summary",
    "show_eigrp_interfaces",
    "show_eigrp_neighbors",
    "show_ip_protocols",
    "show_ip_route",
    "show_ospf_neighbor",
]

_CODES_12 = """Codes: C - connected, S - static, R - RIP, M - mobile, B - BGP
       D - EIGRP, EX - EIGRP external, O - OSPF, IA - OSPF inter area
       N1 - OSPF NSSA external type 1, N2 - OSPF NSSA external type 2
       E1 - OSPF external type 1, E2 - OSPF external type 2
       i - IS-IS, su - IS-IS summary, L1 - IS-IS level-1, L2 - IS-IS level-2
       ia - IS-IS inter area, * - candidate default, U - per-user static route
       o - ODR, P - periodic downloaded static route
"""
_CODES_15 = """Codes: L - local, C - connected, S - static, R - RIP, M - mobile, B - BGP
       D - EIGRP, EX - EIGRP external, O - OSPF, IA - OSPF inter area
       N1 - OSPF NSSA external type 1, N2 - OSPF NSSA external type 2
       E1 - OSPF external type 1, E2 - OSPF external type 2
       i - IS-IS, su - IS-IS summary, L1 - IS-IS level-1, L2 - IS-IS level-2
       ia - IS-IS inter area, * - candidate default, U - per-user static route
       o - ODR, P - periodic downloaded static route, H - NHRP, l - LISP
       + - replicated route, % - next hop override
"""
_KNOWN = {"C": "connected", "L": "connected", "S": "static", "H": "nhrp", "B": "bgp"}


def _is_12(release: IosRelease) -> bool:
    return release.line < (15, 0) and not release.is_xe


def _classful(net: IPv4Network) -> IPv4Network:
    first = int(str(net.network_address).split(".")[0])
    length = 8 if first < 128 else 16 if first < 192 else 24
    return IPv4Network(f"{net.network_address}/{length}", strict=False)


def _route_line(route: Route, width: int, show_mask: bool) -> str:
    net = str(route.prefix) if show_mask else str(route.prefix.network_address)
    code = route.code + ("*" if route.prefix.prefixlen == 0 else "")
    head = f"{code:<{width}}{net}"
    if route.code in ("C", "L"):
        return f"{head} is directly connected, {route.interface}"
    via = f"{head} [{route.distance}/{route.metric}] via {route.next_hop}"
    if route.code != "S":
        via += f", {ios_uptime(route.age)}"
    return via + (f", {route.interface}" if route.interface else "")


def show_ip_route(state: DmvpnState, release: IosRelease) -> str:
    """``show ip route``: legend, gateway of last resort, routes by classful network."""
    old = _is_12(release)
    out = [_CODES_12 if old else _CODES_15]
    default = next((r for r in state.routes if r.prefix.prefixlen == 0 and r.next_hop), None)
    if default is not None:
        out.append(f"\nGateway of last resort is {default.next_hop} to network 0.0.0.0\n\n")
    else:
        out.append("\nGateway of last resort is not set\n\n")
    groups: dict[IPv4Network, list[Route]] = defaultdict(list)
    for route in sorted(state.routes, key=lambda r: (r.prefix.network_address, r.prefix.prefixlen)):
        groups[_classful(route.prefix)].append(route)
    indent, top, sub = (5, 5, 8) if old else (6, 6, 9)
    for major, routes in sorted(groups.items(), key=lambda kv: kv[0].network_address):
        subnets = [r for r in routes if r.prefix.prefixlen > major.prefixlen]
        if not subnets:
            out += [_route_line(r, top, True) + "\n" for r in routes]
            continue
        masks = {r.prefix.prefixlen for r in routes}
        if len(masks) == 1:
            out.append(
                f"{'':<{indent}}{major.network_address}/{masks.pop()} is subnetted, "
                f"{len(routes)} subnets\n"
            )
            out += [_route_line(r, sub, False) + "\n" for r in routes]
        else:
            out.append(
                f"{'':<{indent}}{major} is variably subnetted, {len(routes)} subnets, "
                f"{len(masks)} masks\n"
            )
            out += [_route_line(r, sub, True) + "\n" for r in routes]
    return "".join(out).rstrip("\n") + "\n"


def show_ip_route_for(state: DmvpnState, address: IPv4Address, mask: IPv4Address | None) -> str:
    """``show ip route ADDRESS [MASK]``: the routing entry, or ``% Network not in table``."""
    candidates = [r for r in state.routes if address in r.prefix]
    if mask is not None:
        wanted = IPv4Network(f"{address}/{mask}", strict=False)
        candidates = [r for r in candidates if r.prefix == wanted]
    if not candidates:
        return "% Network not in table\n"
    route = max(candidates, key=lambda r: r.prefix.prefixlen)
    known = _KNOWN.get(route.code[0], {"D": "eigrp", "O": "ospf"}.get(route.code[0], "?"))
    out = [
        f"Routing entry for {route.prefix}",
        f'  Known via "{known}", distance {route.distance}, metric {route.metric}',
    ]
    if route.code in ("C", "L"):
        out += [
            "  Routing Descriptor Blocks:",
            f"  * directly connected, via {route.interface}",
            "      Route metric is 0, traffic share count is 1",
        ]
    else:
        age = ios_uptime(route.age)
        # a recursive route (a static default to a next hop) names no interface
        on = f" on {route.interface}" if route.interface else ""
        via = f", via {route.interface}" if route.interface else ""
        out += [
            f"  Last update from {route.next_hop}{on}, {age} ago",
            "  Routing Descriptor Blocks:",
            f"  * {route.next_hop}, from {route.next_hop}, {age} ago{via}",
            f"      Route metric is {route.metric}, traffic share count is 1",
        ]
    return "\n".join(out) + "\n"


def _uptime(state: DmvpnState, n: Neighbor) -> str:
    age = next((e.age for e in state.nhrp if e.tunnel == n.address), 0.0)
    return ios_uptime(age)


def show_eigrp_neighbors(state: DmvpnState, release: IosRelease) -> str:
    """``show ip eigrp neighbors``."""
    old = _is_12(release)
    out = []
    procs = dict.fromkeys(n.process for n in state.neighbors if n.protocol == "eigrp")
    for proc in procs:
        width = 16 if old else 23
        out.append(
            f"IP-EIGRP neighbors for process {proc}"
            if old
            else f"EIGRP-IPv4 Neighbors for AS({proc})"
        )
        out.append(
            f"H   Address                 {'Interface':<{width}}Hold Uptime   SRTT   RTO  Q  Seq"
        )
        out.append(f"{'':<28}{'':<{width}}(sec)         (ms)       Cnt Num")
        rows = [n for n in state.neighbors if n.protocol == "eigrp" and n.process == proc and n.up]
        for i, n in enumerate(rows):
            out.append(
                f"{i:<4}{n.address!s:<24}{short_if(n.interface):<{width}}"
                f"{13:>4} {_uptime(state, n):<8} {60:>4} {360:>5}  0  {12 + i}"
            )
    return "\n".join(out) + "\n" if out else ""


def show_eigrp_interfaces(state: DmvpnState, release: IosRelease) -> str:
    """``show ip eigrp interfaces``: the tunnels with their EIGRP peer counts."""
    old = _is_12(release)
    procs = dict.fromkeys(n.process for n in state.neighbors if n.protocol == "eigrp")
    out = []
    for proc in procs:
        out += [
            f"IP-EIGRP interfaces for process {proc}"
            if old
            else f"EIGRP-IPv4 Interfaces for AS({proc})",
            "",
            "                        Xmit Queue   Mean   Pacing Time   Multicast    Pending",
            "Interface        Peers  Un/Reliable  SRTT   Un/Reliable   Flow Timer   Routes",
        ]
        for t in state.tunnels:
            peers = sum(
                1
                for n in state.neighbors
                if n.protocol == "eigrp" and n.up and n.interface == t.interface
            )
            out.append(
                f"{short_if(t.interface):<17}{peers:>5}        0/0        60       0/1"
                "          50           0"
            )
    return "\n".join(out) + "\n" if out else ""


def show_ospf_neighbor(state: DmvpnState) -> str:
    """``show ip ospf neighbor`` (the neighbour ID printed is its tunnel address)."""
    rows = [n for n in state.neighbors if n.protocol == "ospf"]
    if not rows:
        return ""
    out = ["", "Neighbor ID     Pri   State           Dead Time   Address         Interface"]
    for n in rows:
        out.append(
            f"{n.address!s:<16}{1:>3}   {n.state:<16}00:00:35    {n.address!s:<16}{n.interface}"
        )
    return "\n".join(out) + "\n"


def _bgp_own(config: Sequence[str]) -> tuple[str | None, str | None]:
    """The router's own AS (``router bgp N``) and ``bgp router-id``, when configured."""
    asn = rid = None
    inside = False
    for line in config:
        if line.startswith("router bgp "):
            asn, inside = line.split()[2], True
        elif not line.startswith(" "):
            inside = False
        elif inside and line.strip().startswith("bgp router-id "):
            rid = line.split()[2]
    return asn, rid


def show_bgp_summary(state: DmvpnState, config: Sequence[str] = ()) -> str:
    """``show ip bgp summary``; ``% BGP not active`` without BGP neighbours.

    The local AS and router ID come from the router's ``router bgp`` section (an eBGP
    neighbour's AS is not the router's own); without one, the neighbours' AS and the
    tunnel address stand in.
    """
    rows = [n for n in state.neighbors if n.protocol == "bgp"]
    if not rows:
        return "% BGP not active\n"
    own_as, own_id = _bgp_own(config)
    tunnel = next((t.address for t in state.tunnels if t.address), IPv4Address("0.0.0.0"))
    rid = own_id or tunnel
    asn = own_as or rows[0].process
    bgp = [r for r in state.routes if r.code.startswith("B")]
    out = [
        f"BGP router identifier {rid}, local AS number {asn}",
        f"BGP table version is {len(bgp) + 1}, main routing table version {len(bgp) + 1}",
        f"{len(bgp)} network entries using {len(bgp) * 117} bytes of memory",
        "",
        "Neighbor        V           AS MsgRcvd MsgSent   TblVer  InQ OutQ Up/Down  State/PfxRcd",
    ]
    for n in rows:
        pfx = sum(1 for r in bgp if r.next_hop == n.address)
        state_col = str(pfx) if n.up else ("Active" if n.state == "Established" else n.state)
        updown = _uptime(state, n) if n.up else "never"
        out.append(
            f"{n.address!s:<16}4 {n.process:>12} {12:>7} {11:>7} {len(bgp) + 1:>8}"
            f"    0    0 {updown:<8} {state_col:>12}"
        )
    return "\n".join(out) + "\n"


def show_ip_protocols(state: DmvpnState, config: list[str]) -> str:
    """``show ip protocols``: each ``router`` section, its networks and its sources."""
    out = ["*** IP Routing is NSF aware ***", ""]
    section: str | None = None
    networks: dict[str, list[str]] = {}
    for line in config:
        if line.startswith("router "):
            section = line.split(None, 1)[1]
            networks[section] = []
        elif section and line.startswith(" network "):
            networks[section].append(" ".join(line.split()[1:]))
        elif not line.startswith(" "):
            section = None
    for name, nets in networks.items():
        proto = name.split()[0]
        out += [
            f'Routing Protocol is "{name}"',
            "  Outgoing update filter list for all interfaces is not set",
            "  Incoming update filter list for all interfaces is not set",
        ]
        if proto == "eigrp":
            out += [
                "  EIGRP metric weight K1=1, K2=0, K3=1, K4=0, K5=0",
                "  EIGRP maximum hopcount 100",
                "  EIGRP maximum metric variance 1",
            ]
        out += [
            "  Routing for Networks:",
            *(f"    {n}" for n in nets),
            "  Routing Information Sources:",
            "    Gateway         Distance      Last Update",
        ]
        for n in state.neighbors:
            if n.protocol == proto and n.up:
                dist = {"eigrp": 90, "ospf": 110, "bgp": 200}[proto]
                out.append(f"    {n.address!s:<16}{dist:>8}      {_uptime(state, n)}")
        out.append("")
    return "\n".join(out) + "\n"
