"""Interface lines: addresses, GRE, NHRP, tunnel protection, per-interface routing.

Examples:
    >>> from dmvpnprov.dmvpn.config import Interface
    >>> i = Interface("Tunnel0")
    >>> interface_line(i, "ip nhrp nhs 10.0.0.1 nbma 130.25.13.1 multicast"); i.nhs[0].multicast
    True
"""

from __future__ import annotations

import re
from collections.abc import Callable
from ipaddress import IPv4Address, IPv4Interface, IPv4Network

from dmvpnprov.dmvpn.config import Interface, NhsLine, Secret

__all__ = ["area", "interface_line"]

_NHS = re.compile(r"^ip nhrp nhs (\d+\.\d+\.\d+\.\d+)(?: nbma (\d+\.\d+\.\d+\.\d+))?( multicast)?")
_NHRP_FLAGS = {
    "ip nhrp map multicast dynamic": "mcast_dynamic",
    "ip nhrp registration no-unique": "no_unique",
    "ip nhrp redirect": "redirect",
    "ip nhrp shortcut": "shortcut",
    "shutdown": "shutdown",
}


def area(text: str) -> int:
    """An OSPF area, decimal or dotted."""
    return int(IPv4Address(text)) if "." in text else int(text)


def _address(i: Interface, w: list[str]) -> None:
    if w[2] == "dhcp":
        i.dhcp = True
    elif w[-1] == "secondary":
        return  # the primary address is the interface's own (NHRP, routing ids)
    elif len(w) >= 4:
        i.address = IPv4Interface(f"{w[2]}/{w[3]}")


def _nhrp(i: Interface, w: list[str]) -> None:
    line = " ".join(w)
    if w[2] == "authentication":
        i.nhrp_auth = Secret.of(w[3])
    elif w[2] == "map" and w[3] == "multicast":
        i.nhrp_mcast.append(IPv4Address(w[4]))
    elif w[2] == "map" and len(w) >= 5:
        i.nhrp_maps[IPv4Address(w[3])] = IPv4Address(w[4])
    elif w[2] in ("network-id", "holdtime"):
        setattr(i, w[2].replace("-", "_"), int(w[3]))
    elif m := _NHS.match(line):
        nbma = IPv4Address(m[2]) if m[2] else None
        i.nhs.append(NhsLine(IPv4Address(m[1]), nbma, bool(m[3])))


def _protection(i: Interface, w: list[str]) -> None:
    i.protection, i.shared = w[4], "shared" in w[5:]


def _summary(i: Interface, w: list[str]) -> None:
    net = IPv4Network(f"{w[4]}/{w[5]}", strict=False)
    i.eigrp_summaries.setdefault(int(w[3]), []).append(net)


def _ospf(i: Interface, w: list[str]) -> None:
    if w[2] == "network":
        i.ospf_network = " ".join(w[3:])
    elif w[2] in ("priority", "hello-interval", "dead-interval") and w[3].isdigit():
        field = {"priority": "ospf_priority", "hello-interval": "ospf_hello"}.get(w[2], "ospf_dead")
        setattr(i, field, int(w[3]))
    elif len(w) == 5 and w[3] == "area":
        i.ospf_area = (int(w[2]), area(w[4]))


def _set(
    field: str, convert: Callable[[str], object], index: int
) -> Callable[[Interface, list[str]], None]:
    def apply(i: Interface, w: list[str]) -> None:
        setattr(i, field, convert(w[index]))

    return apply


# (first words of the line, handler); the longest match wins because they are distinct.
_HANDLERS: dict[str, Callable[[Interface, list[str]], None]] = {
    "ip address": _address,
    "ip nhrp": _nhrp,
    "ip ospf": _ospf,
    "ip summary-address": _summary,
    "tunnel source": _set("source", str, 2),
    "tunnel mode": lambda i, w: setattr(i, "mode", " ".join(w[2:])),
    "tunnel destination": _set("destination", IPv4Address, 2),
    "tunnel key": _set("tunnel_key", int, 2),
    "tunnel protection": _protection,
    "no ip": lambda i, w: {
        "split-horizon": i.no_split_horizon,
        "next-hop-self": i.no_next_hop_self,
    }.get(w[2], set()).add(int(w[4])),
    "bandwidth": _set("bandwidth", int, 1),
    "delay": _set("delay", int, 1),
}


def interface_line(i: Interface, line: str) -> None:
    """One line under ``interface NAME``."""
    flag = _NHRP_FLAGS.get(line)
    if flag is not None:
        setattr(i, flag, True)
        return
    words = line.split()
    handler = _HANDLERS.get(" ".join(words[:2])) or _HANDLERS.get(words[0])
    if handler is not None:
        handler(i, words)
