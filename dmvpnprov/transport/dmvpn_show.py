"""Parse what routers print about their DMVPN: 12.4, 15.x and IOS-XE formats.

``show ip eigrp neighbors``, ``show ip ospf neighbor``, ``show ip bgp summary``,
``show ip route`` and ``show ip interface brief`` go through the ntc-templates TextFSM
templates (:func:`textfsm_rows`). ``show dmvpn`` does not: the public template drops the
interface name (12.4 prints ``Tunnel0, Type:Spoke, ...``, which it rejects), and the
continuation rows of a peer with several entries; :func:`parse_show_dmvpn` keeps both.
``show ip nhrp nhs`` and ``show crypto isakmp sa`` / ``ikev2 sa`` have no template.

Examples:
    >>> text = '''Tunnel0, Type:Spoke, NHRP Peers:1,
    ...  # Ent  Peer NBMA Addr Peer Tunnel Add State  UpDn Tm Attrb
    ...  ----- --------------- --------------- ----- -------- -----
    ...      2 130.25.13.1            10.0.0.1    UP 00:00:48     S
    ...                               10.0.0.9    UP 00:00:48     S'''
    >>> [(p.interface, p.nbma, p.tunnel, p.state) for p in parse_show_dmvpn(text)]
    [('Tunnel0', '130.25.13.1', '10.0.0.1', 'UP'), ('Tunnel0', '130.25.13.1', '10.0.0.9', 'UP')]
    >>> parse_nhs("Legend: E=Expecting replies, R=Responding\\nTunnel0:\\n10.0.0.1  RE\\n")
    {'10.0.0.1': 'RE'}
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import Any

__all__ = [
    "DmvpnPeer",
    "IkePeer",
    "parse_ikev2_sa",
    "parse_isakmp_sa",
    "parse_nhs",
    "parse_show_dmvpn",
    "textfsm_rows",
]

log = logging.getLogger(__name__)

_IP = r"\d+\.\d+\.\d+\.\d+"
_IFACE_12 = re.compile(r"^(?P<if>\S+), Type:(?P<type>[^,]+), NHRP Peers:(?P<n>\d+),")
_IFACE_15 = re.compile(r"^Interface:? (?P<if>[^, ]+)[, ]")
_ROW = re.compile(
    rf"^\s+(?P<n>\d+)\s+(?P<nbma>{_IP})\s+(?P<tun>{_IP}(?:/\d+)?)\s+(?P<state>\S+)\s+"
    r"(?P<updn>\S+)\s+(?P<attr>\S+)"
)
_CONT = re.compile(rf"^\s+(?P<tun>{_IP}(?:/\d+)?)\s+(?P<state>\S+)\s+(?P<updn>\S+)\s+(?P<attr>\S+)")


@dataclass(frozen=True)
class DmvpnPeer:
    """One row of ``show dmvpn``."""

    interface: str
    nbma: str
    tunnel: str
    state: str
    updn: str
    attrb: str


@dataclass(frozen=True)
class IkePeer:
    """One IKE SA: the remote address and IOS's state word (QM_IDLE, READY, ...)."""

    local: str
    remote: str
    state: str


def parse_show_dmvpn(text: str) -> list[DmvpnPeer]:
    """Every peer row of ``show dmvpn`` (any release), continuation rows included."""
    peers: list[DmvpnPeer] = []
    interface, nbma = "", ""
    for line in text.splitlines():
        if m := _IFACE_12.match(line) or _IFACE_15.match(line):
            interface = m["if"]
        elif m := _ROW.match(line):
            nbma = m["nbma"]
            peers.append(DmvpnPeer(interface, nbma, m["tun"], m["state"], m["updn"], m["attr"]))
        elif (m := _CONT.match(line)) and nbma:
            peers.append(DmvpnPeer(interface, nbma, m["tun"], m["state"], m["updn"], m["attr"]))
    return peers


_NHS = re.compile(rf"^(?P<nhs>{_IP})\s+(?P<flags>[REW]+)\b")


def parse_nhs(text: str) -> dict[str, str]:
    """``show ip nhrp nhs``: NHS address -> its flags (``RE`` registered and responding)."""
    return {m["nhs"]: m["flags"] for line in text.splitlines() if (m := _NHS.match(line))}


_ISAKMP = re.compile(rf"^(?P<dst>{_IP})\s+(?P<src>{_IP})\s+(?P<state>[A-Z_]+)\s")
_IKEV2 = re.compile(rf"^\d+\s+(?P<local>{_IP})/\d+\s+(?P<remote>{_IP})/\d+\s+\S+\s+(?P<state>\S+)")


def parse_isakmp_sa(text: str) -> list[IkePeer]:
    """``show crypto isakmp sa`` (12.4 and 15.x layouts): one :class:`IkePeer` per SA."""
    out = []
    for line in text.splitlines():
        if m := _ISAKMP.match(line):
            out.append(IkePeer(m["src"], m["dst"], m["state"]))
    return out


def parse_ikev2_sa(text: str) -> list[IkePeer]:
    """``show crypto ikev2 sa``: one :class:`IkePeer` per SA."""
    return [
        IkePeer(m["local"], m["remote"], m["state"])
        for line in text.splitlines()
        if (m := _IKEV2.match(line))
    ]


def textfsm_rows(command: str, text: str) -> list[dict[str, Any]]:
    """``text`` parsed by the ntc-templates template of ``command`` (``cisco_ios``).

    An output the template rejects gives ``[]`` (logged): the caller then sees nothing
    rather than a wrong value.
    """
    from dmvpnprov.transport.templates import parse  # noqa: PLC0415 - textfsm on first use

    try:
        rows = parse("cisco_ios", command, text)
    except Exception as exc:  # noqa: BLE001 - textfsm raises its own error types
        log.warning("cannot parse %r output with ntc-templates: %s", command, exc)
        return []
    return rows
