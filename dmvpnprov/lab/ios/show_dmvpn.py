"""``show dmvpn [detail]`` and ``show ip nhrp [brief | nhs [detail] | multicast]``.

Printed from a :class:`~dmvpnprov.dmvpn.state.RouterState` as each release prints them:
12.4 puts ``Tunnel0, Type:Hub, NHRP Peers:2,`` on one line; 15.x and IOS-XE print
``Interface: Tunnel0, IPv4 NHRP Details`` then ``Type:Hub, NHRP Peers:2,`` and a longer
legend. Peers sharing an NBMA address share a row group: the first row carries the
count and the NBMA address, the continuation rows leave them blank (docs/lab.md cites
the captures).

Examples:
    >>> from dmvpnprov.core.platforms import IosRelease
    >>> print(show_dmvpn(DmvpnState("r1"), IosRelease.parse("12.4(24)T")).splitlines()[0])
    Legend: Attrb --> S - Static, D - Dynamic, I - Incompletion
    >>> ios_uptime(3 * 3600 + 19 * 60 + 46), ios_uptime(90000), ios_uptime(29030400)
    ('03:19:46', '1d01h', '48w0d')
"""

from __future__ import annotations

from collections import defaultdict
from ipaddress import IPv4Network

from dmvpnprov.core.platforms import IosRelease
from dmvpnprov.dmvpn.state import NhrpEntry, TunnelState
from dmvpnprov.dmvpn.state import RouterState as DmvpnState

__all__ = ["ios_uptime", "short_if", "show_dmvpn", "show_ip_nhrp", "show_ip_nhrp_nhs"]

_LEGEND_12 = (
    "Legend: Attrb --> S - Static, D - Dynamic, I - Incompletion\n"
    "        N - NATed, L - Local, X - No Socket\n"
    "        # Ent --> Number of NHRP entries with same NBMA peer\n"
)
_LEGEND_15 = (
    "Legend: Attrb --> S - Static, D - Dynamic, I - Incomplete\n"
    "        N - NATed, L - Local, X - No Socket\n"
    "        T1 - Route Installed, T2 - Nexthop-override\n"
    "        C - CTS Capable\n"
    "        # Ent --> Number of NHRP entries with same NBMA peer\n"
    "        NHS Status: E --> Expecting Replies, R --> Responding, W --> Waiting\n"
    "        UpDn Time --> Up or Down Time for a Tunnel\n"
    "==========================================================================\n"
)
_HEAD = (
    " # Ent  Peer NBMA Addr Peer Tunnel Add State  UpDn Tm Attrb\n"
    " ----- --------------- --------------- ----- -------- -----\n"
)
_HEAD_DETAIL = (
    " # Ent  Peer NBMA Addr Peer Tunnel Add State  UpDn Tm Attrb    Target Network\n"
    " ----- --------------- --------------- ----- -------- ----- -----------------\n"
)


def ios_uptime(seconds: float) -> str:
    """An age as IOS prints it: ``hh:mm:ss``, then ``XdYYh``, then ``XwYd``."""
    total = max(0, int(seconds))
    days, rest = divmod(total, 86400)
    if days >= 7:
        return f"{days // 7}w{days % 7}d"
    if days:
        return f"{days}d{rest // 3600:02d}h"
    return f"{rest // 3600:02d}:{rest % 3600 // 60:02d}:{rest % 60:02d}"


def short_if(name: str) -> str:
    """``Tunnel0`` -> ``Tu0``, ``FastEthernet0/1`` -> ``Fa0/1``."""
    for long, short in (("Tunnel", "Tu"), ("FastEthernet", "Fa"), ("GigabitEthernet", "Gi")):
        if name.startswith(long):
            return short + name[len(long) :]
    return name


def _is_12(release: IosRelease) -> bool:
    return release.line < (15, 0) and not release.is_xe


def _attrb(entry: NhrpEntry) -> str:
    kind = {"static": "S", "dynamic": "D", "incomplete": "I"}[entry.kind]
    if "nat" in entry.flags:
        kind += "N"
    if "rib" in entry.flags:
        kind += "T1"
    return kind


def _entry_state(entry: NhrpEntry, state: DmvpnState) -> str:
    """UP, or where it is stuck: IKE (no IKE SA to the peer) or NHRP (no registration)."""
    if entry.kind == "incomplete":
        return "NHRP"
    nhs = next((n for n in state.nhs if n.nhs == entry.tunnel), None)
    up = entry.up and (nhs is None or nhs.registered)
    if up:
        return "UP"
    ike = [sa for sa in state.ike if sa.remote == entry.nbma]
    return "IKE" if ike and not any(sa.up for sa in ike) else "NHRP"


def _role(state: DmvpnState, tunnel: str) -> str:
    nhs = [n for n in state.nhs if n.interface == tunnel]
    dynamic = any(e.kind == "dynamic" and "registered" in e.flags for e in state.nhrp)
    if nhs:
        return "Hub/Spoke" if dynamic else "Spoke"
    return "Hub"


def _rows(entries: list[NhrpEntry], detail: bool, state: DmvpnState) -> list[str]:
    """The table rows, entries sharing an NBMA address grouped (continuation rows)."""
    groups: dict[str, list[NhrpEntry]] = defaultdict(list)
    for entry in entries:
        groups[str(entry.nbma)].append(entry)
    rows = []
    for nbma, group in groups.items():
        for i, entry in enumerate(group):
            updn = "never" if entry.kind == "static" and not entry.up else ios_uptime(entry.age)
            count, addr = (f"{len(group):>6}", f"{nbma:<15}") if i == 0 else (" " * 6, " " * 15)
            row = f"{count} {addr} {entry.tunnel!s:>15} {_entry_state(entry, state):>5} {updn:>8} "
            row += f"{_attrb(entry):>5}"
            if detail:
                net = IPv4Network(f"{entry.tunnel}/{entry.prefixlen}", strict=False)
                row += f" {net!s:>17}"
            rows.append(row)
    return rows


def show_dmvpn(state: DmvpnState, release: IosRelease, detail: bool = False) -> str:
    """``show dmvpn [detail]``."""
    old = _is_12(release)
    out = [_LEGEND_12 + "\n" if old else _LEGEND_15 + "\n"]
    for tunnel in state.tunnels:
        entries = [e for e in state.nhrp if e.interface == tunnel.interface]
        peers = len({e.nbma for e in entries})
        role = _role(state, tunnel.interface)
        if detail and not old:
            out.append(_detail_head(state, tunnel))
        if old:
            out.append(f"{tunnel.interface}, Type:{role}, NHRP Peers:{peers},\n")
        else:
            if not detail:
                out.append(f"Interface: {tunnel.interface}, IPv4 NHRP Details \n")
            out.append(f"Type:{role}, NHRP Peers:{peers}, \n")
        if entries:
            head = _HEAD_DETAIL if detail else _HEAD
            out.append("\n" + head + "\n".join(_rows(entries, detail, state)) + "\n")
        out.append("\n")
    return "".join(out)


def _detail_head(state: DmvpnState, tunnel: TunnelState) -> str:
    status = f"{tunnel.status}/{tunnel.protocol}"
    addr = tunnel.address or "unassigned"
    lines = [
        f'Interface {tunnel.interface} is {status}, Addr. is {addr}, VRF "" ',
        f'   Tunnel Src./Dest. addr: {tunnel.source or "none"}/MGRE, Tunnel VRF ""',
        '   Protocol/Transport: "multi-GRE/IP", Protect "" ',
        "   Interface State Control: Disabled",
        "",
    ]
    nhs = [n for n in state.nhs if n.interface == tunnel.interface]
    if nhs:
        lines.append("IPv4 NHS:")
        for n in nhs:
            flags = "RE" if n.registered else "E"
            nbma = f" NBMA Address: {n.nbma}" if n.nbma else ""
            lines.append(f"{n.nhs}  {flags}{nbma} priority = {n.priority} cluster = {n.cluster}")
    return "\n".join(lines) + "\n"


def _created_expire(entry: NhrpEntry) -> str:
    expire = "never expire" if entry.expires is None else f"expire {ios_uptime(entry.expires)}"
    return f"created {ios_uptime(entry.age)}, {expire}"


def show_ip_nhrp(state: DmvpnState, release: IosRelease, brief: bool = False) -> str:
    """``show ip nhrp [brief]``."""
    old = _is_12(release)
    if brief:
        return _nhrp_brief(state, old)
    out = []
    for e in state.nhrp:
        flags = " ".join(e.flags)
        kind = "incomplete" if e.kind == "incomplete" else e.kind
        if old:
            out.append(
                f"{e.tunnel}/{e.prefixlen} via {e.tunnel}, {e.interface} {_created_expire(e)}"
            )
            out.append(f"  Type: {kind}, Flags: {flags}")
            out.append(f"  NBMA address: {e.nbma} ")
        else:
            out.append(f"{e.tunnel}/{e.prefixlen} via {e.tunnel}")
            out.append(f"   {e.interface} {_created_expire(e)} ")
            out.append(f"   Type: {kind}, Flags: {flags} ")
            out.append(f"   NBMA address: {e.nbma} ")
    return "\n".join(out) + ("\n" if out else "")


def _nhrp_brief(state: DmvpnState, old: bool) -> str:
    if old:
        rows = ["   Target             Via            NBMA           Mode   Intfc   Claimed"]
        for e in state.nhrp:
            target = f"{e.tunnel}/{e.prefixlen}"
            rows.append(
                f"    {target:<18}{e.tunnel!s:<15}{e.nbma!s:<15}{e.kind:<8}"
                f"{short_if(e.interface):<8}<   >"
            )
        return "\n".join(rows) + "\n"
    rows = [
        "*" * 76,
        "    NOTE: Link-Local, No-socket and Incomplete entries are not displayed",
        "*" * 76,
        "Legend: Type --> S - Static, D - Dynamic",
        "        Flags --> u - unique, r - registered, e - temporary, c - claimed",
        "        a - authoritative, t - route",
        "=" * 76,
        "",
        "Intf     NextHop Address                                    NBMA Address",
        "         Target Network                              T/Flag",
        "-------- ------------------------------------------- ------ ----------------",
    ]
    for e in state.nhrp:
        if e.kind == "incomplete":
            continue
        flag = "".join(c for c, word in (("u", "unique"), ("r", "registered")) if word in e.flags)
        rows.append(f"{short_if(e.interface):<8} {e.tunnel!s:<50} {e.nbma}")
        rows.append(
            f"{'':<8} {e.tunnel!s}/{e.prefixlen:<{43 - len(str(e.tunnel)) - 1}} "
            f"{e.kind[0].upper()}/{flag}"
        )
    return "\n".join(rows) + "\n"


def show_ip_nhrp_nhs(state: DmvpnState, release: IosRelease, detail: bool = False) -> str:
    """``show ip nhrp nhs [detail]``."""
    old = _is_12(release)
    out = ["Legend: E=Expecting replies, R=Responding, W=Waiting"]
    by_if: dict[str, list[str]] = defaultdict(list)
    for n in state.nhs:
        flags = "RE" if n.registered else "E"
        line = f"{n.nhs}  {flags}"
        if not old:
            nbma = f" NBMA Address: {n.nbma}" if n.nbma else ""
            line += f"{nbma} priority = {n.priority} cluster = {n.cluster}"
        if detail:
            sent = 5 if n.registered else 3
            got = sent if n.registered else 0
            line += f"  req-sent {sent}  req-failed {sent - got}  repl-recv {got}"
        by_if[n.interface].append(line)
    for interface, lines in by_if.items():
        out.append(f"{interface}:")
        out.extend(lines)
    if not old and by_if:
        out += ["", "Pending Registration Requests:", "Registration Request: None"]
    return "\n".join(out) + "\n"


def show_ip_nhrp_multicast(state: DmvpnState) -> str:
    """``show ip nhrp multicast``: static entries to the NHSs, dynamic to registered spokes."""
    rows = ["  I/F     NBMA address"]
    for e in state.nhrp:
        if e.kind == "static":
            kind = "static"
        elif e.kind == "dynamic" and "registered" in e.flags:
            kind = "dynamic"
        else:
            continue
        rows.append(f"{e.interface:<10} {e.nbma!s:<16} Flags: {kind:<22} (Enabled)")
    return "\n".join(rows) + "\n"
