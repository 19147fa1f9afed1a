"""Interface state and the commands that print it: ``show interfaces``, ``show ip
interface [brief]``, ``show arp``.

State follows the running config as IOS derives it: ``shutdown`` is
administratively down; a tunnel's line protocol is up only with a ``tunnel source``
that is up and addressed (``up down`` otherwise); a DHCP interface shows the
address its lease gave (a stable documentation-range address per router), never the
word ``dhcp``. Formats: public captures cited in ``docs/lab.md``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from ipaddress import IPv4Interface

from dmvpnprov.core.hardware import HARDWARE
from dmvpnprov.lab.state.config import Node
from dmvpnprov.lab.state.router import RouterState

__all__ = ["IfState", "interfaces", "show_arp", "show_interfaces", "show_ip_interface"]

_BW = {"FastEthernet": 100000, "GigabitEthernet": 1000000, "Ethernet": 10000, "Serial": 1544}


@dataclass(frozen=True)
class IfState:
    """What ``show`` commands print of one interface."""

    name: str
    admin_up: bool
    line_up: bool
    address: IPv4Interface | None
    method: str  # manual, DHCP, unset
    description: str
    mtu: int
    bandwidth: int
    mac: str


def _children(node: Node) -> dict[str, str]:
    return {c.key: c.line for c in node.children}


def _dhcp_lease(router: RouterState, name: str) -> IPv4Interface:
    digest = hashlib.sha256(f"{router.spec.name}/{name}".encode()).digest()
    return IPv4Interface(f"198.51.100.{digest[0] % 200 + 20}/24")


def _address(
    router: RouterState, name: str, lines: dict[str, str]
) -> tuple[IPv4Interface | None, str]:
    words = lines.get("ip address", "").split()
    if words[2:3] == ["dhcp"]:
        return _dhcp_lease(router, name), "DHCP"
    if len(words) >= 4:
        return IPv4Interface(f"{words[2]}/{words[3]}"), "manual"
    return None, "unset"


def _mac(router: RouterState, index: int) -> str:
    serial = hashlib.sha256(router.serial.encode()).hexdigest()
    return f"{HARDWARE[router.spec.platform].mac_prefix}.{serial[:4]}.{index:04x}"


def interfaces(router: RouterState) -> list[IfState]:
    """Every interface of the running config, in IOS's order, with its state."""
    nodes = [n for n in router.running.root.children if n.line.startswith("interface ")]
    order = {name: i for i, name in enumerate(router.physical)}
    nodes.sort(key=lambda n: (order.get(n.line.split()[1], 1000), n.seq))
    base: dict[str, IfState] = {}
    for index, node in enumerate(nodes):
        name = node.line.split()[1]
        lines = _children(node)
        address, method = _address(router, name, lines)
        admin = "shutdown" not in lines
        kind = name.rstrip("0123456789/.:")
        bandwidth = int(lines.get("bandwidth", f"bandwidth {_BW.get(kind, 100)}").split()[1])
        mtu = int(
            lines.get("ip mtu", "ip mtu 1514" if kind == "Tunnel" else "ip mtu 1500").split()[2]
        )
        description = lines.get("description", "description ")[len("description ") :]
        base[name] = IfState(
            name, admin, admin, address, method, description, mtu, bandwidth, _mac(router, index)
        )
    for name, state in base.items():
        if name.startswith("Tunnel") and state.admin_up:
            source = _children(_node(nodes, name)).get("tunnel source", "").split()[2:3]
            src = base.get(source[0]) if source else None
            up = bool(source) and (src is None or (src.line_up and src.address is not None))
            base[name] = IfState(**{**state.__dict__, "line_up": up})
    return list(base.values())


def _node(nodes: list[Node], name: str) -> Node:
    return next(n for n in nodes if n.line.split()[1] == name)


def _status(state: IfState) -> tuple[str, str]:
    if not state.admin_up:
        return "administratively down", "down"
    return "up", "up" if state.line_up else "down"


def show_ip_interface_brief(router: RouterState) -> str:
    """``show ip interface brief``."""
    rows = ["Interface                  IP-Address      OK? Method Status                Protocol"]
    for st in interfaces(router):
        ip = str(st.address.ip) if st.address else "unassigned"
        status, proto = _status(st)
        rows.append(f"{st.name:<27}{ip:<16}YES {st.method:<7}{status:<22}{proto}")
    return "\n".join(rows) + "\n"


def show_ip_interface(router: RouterState, only: str | None = None) -> str:
    """``show ip interface [NAME]``."""
    out = []
    for st in interfaces(router):
        if only is not None and st.name != only:
            continue
        status, proto = _status(st)
        out.append(f"{st.name} is {status}, line protocol is {proto}\n")
        if st.address is None:
            out.append("  Internet protocol processing disabled\n")
            continue
        how = "DHCP" if st.method == "DHCP" else "setup command"
        out.append(
            f"  Internet address is {st.address.with_prefixlen}\n"
            "  Broadcast address is 255.255.255.255\n"
            f"  Address determined by {how}\n"
            f"  MTU is {st.mtu} bytes\n"
            "  Helper address is not set\n"
            "  Directed broadcast forwarding is disabled\n"
            "  Outgoing access list is not set\n"
            "  Inbound  access list is not set\n"
            "  Proxy ARP is enabled\n"
            "  Security level is default\n"
            "  Split horizon is enabled\n"
            "  ICMP redirects are always sent\n"
            "  ICMP unreachables are always sent\n"
        )
    return "".join(out)


def show_interfaces(router: RouterState, only: str | None = None) -> str:
    """``show interfaces [NAME]``."""
    hw = HARDWARE[router.spec.platform]
    out = []
    for st in interfaces(router):
        if only is not None and st.name != only:
            continue
        status, proto = _status(st)
        tunnel = st.name.startswith("Tunnel")
        hardware = "Tunnel" if tunnel else f"{hw.controller}, address is {st.mac} (bia {st.mac})"
        if st.name.startswith(("Loopback", "Serial")):
            hardware = "Loopback" if st.name.startswith("Loopback") else "GT96K Serial"
        out.append(f"{st.name} is {status}, line protocol is {proto} \n  Hardware is {hardware}\n")
        if st.description:
            out.append(f"  Description: {st.description}\n")
        if st.address is not None:
            out.append(f"  Internet address is {st.address.with_prefixlen}\n")
        mtu = 17916 if tunnel else 1500
        delay = 50000 if tunnel else 100
        out.append(
            f"  MTU {mtu} bytes, BW {st.bandwidth} Kbit/sec, DLY {delay} usec, \n"
            "     reliability 255/255, txload 1/255, rxload 1/255\n"
            f"  Encapsulation {'TUNNEL' if tunnel else 'ARPA'}, loopback not set\n"
            "  Keepalive set (10 sec)\n"
            "  Last input never, output never, output hang never\n"
            '  Last clearing of "show interface" counters never\n'
            "  Input queue: 0/75/0/0 (size/max/drops/flushes); Total output drops: 0\n"
            "  Queueing strategy: fifo\n"
            "  Output queue: 0/40 (size/max)\n"
            "  5 minute input rate 0 bits/sec, 0 packets/sec\n"
            "  5 minute output rate 0 bits/sec, 0 packets/sec\n"
            "     0 packets input, 0 bytes, 0 no buffer\n"
            "     Received 0 broadcasts, 0 runts, 0 giants, 0 throttles\n"
            "     0 input errors, 0 CRC, 0 frame, 0 overrun, 0 ignored, 0 abort\n"
            "     0 packets output, 0 bytes, 0 underruns\n"
            "     0 output errors, 0 collisions, 0 interface resets\n"
            "     0 output buffer failures, 0 output buffers swapped out\n"
        )
    return "".join(out)


def show_arp(router: RouterState) -> str:
    """``show arp``: the router's own addresses on up Ethernet interfaces."""
    rows = ["Protocol  Address          Age (min)  Hardware Addr   Type   Interface"]
    for st in interfaces(router):
        if st.address is None or not st.line_up or "Ethernet" not in st.name:
            continue
        rows.append(f"Internet  {st.address.ip!s:<17}{'-':>9}   {st.mac}  ARPA   {st.name}")
    return "\n".join(rows) + "\n"
