"""IOS syntax shared by every layer: interface names and the patterns of IOS lines.

One place for what IOS text looks like, so the config tree, the audit's readers, the
baselines and the lab agree on it. Patterns match one line of a parsed config (no
indent), as hier_config gives them.

Examples:
    >>> INTERFACE_TYPES[0], "Tunnel" in VIRTUAL_TYPES
    ('Ethernet', True)
    >>> IP_ADDRESS.match("ip address 10.0.0.1 255.255.255.0 secondary").groups()
    ('10.0.0.1', '255.255.255.0', ' secondary')
    >>> NETWORK.match("network 10.0.0.0 0.0.0.255 area 0").groups()
    ('10.0.0.0', '0.0.0.255', '0')
    >>> NETWORK_ADDRESS.match("network 192.168.1.0 mask 255.255.255.0")[1]
    '192.168.1.0'
    >>> bool(TUNNEL_INTERFACE.match("interface Tunnel10")), bool(IPV4.match("Ethernet0"))
    (True, False)
    >>> NHS.match("ip nhrp nhs 10.0.0.1 nbma 192.0.2.1 multicast").groups()
    ('10.0.0.1', '192.0.2.1', ' multicast')
"""

from __future__ import annotations

import re

__all__ = [
    "DOTTED",
    "EIGRP_NAMED_AF",
    "INTERFACE_TYPES",
    "IPV4",
    "IP_ADDRESS",
    "NEIGHBOR",
    "NETWORK",
    "NETWORK_ADDRESS",
    "NHRP_MAP",
    "NHS",
    "OSPF_INTERFACE",
    "TUNNEL_INTERFACE",
    "VIRTUAL_TYPES",
]

# In IOS's order of preference for abbreviations ("e" is Ethernet, "t" is Tunnel).
INTERFACE_TYPES = (
    "Ethernet",
    "FastEthernet",
    "GigabitEthernet",
    "TenGigabitEthernet",
    "Serial",
    "Tunnel",
    "Loopback",
    "Dialer",
    "Virtual-Template",
    "Null",
)
VIRTUAL_TYPES = frozenset({"Tunnel", "Loopback", "Dialer", "Virtual-Template", "Null"})

DOTTED = r"\d+\.\d+\.\d+\.\d+"
"""A dotted-quad address or mask, as a pattern fragment."""

IPV4 = re.compile(rf"^{DOTTED}$")
"""A whole word that is a dotted quad (``tunnel source 192.0.2.1`` vs an interface)."""

IP_ADDRESS = re.compile(rf"^ip address ({DOTTED}) ({DOTTED})( secondary)?$")
"""An interface address: address, mask, and `` secondary`` for a secondary one."""

TUNNEL_INTERFACE = re.compile(r"^interface Tunnel\d+$")
"""A tunnel interface section."""

NETWORK = re.compile(rf"^network ({DOTTED})(?: ({DOTTED}))?(?: area (\S+))?$")
"""An EIGRP/OSPF ``network``: address, wildcard (optional), OSPF area (optional)."""

NETWORK_ADDRESS = re.compile(rf"^network ({DOTTED})")
"""Any routing ``network`` statement (EIGRP, OSPF, BGP ``mask``): its address."""

NEIGHBOR = re.compile(rf"^neighbor ({DOTTED}) ")
"""A per-neighbour routing line (BGP ``neighbor A remote-as``...): the neighbour."""

NHS = re.compile(rf"^ip nhrp nhs ({DOTTED})(?: nbma (\S+))?( multicast)?")
"""``ip nhrp nhs``: the NHS, its NBMA address (one-line form) and `` multicast``."""

NHRP_MAP = re.compile(rf"^ip nhrp map ({DOTTED}) ({DOTTED})$")
"""A static NHRP mapping: tunnel address, NBMA address."""

OSPF_INTERFACE = re.compile(r"^ip ospf (\d+) area (\S+)$")
"""OSPF enabled on an interface (``ip ospf 1 area 0``): process, area."""

EIGRP_NAMED_AF = re.compile(
    r"^address-family ipv4(?: unicast)?(?: vrf \S+)? autonomous-system (\d+)$"
)
"""The address family of an EIGRP named-mode process: its AS number."""
