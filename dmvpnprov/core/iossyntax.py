"""IOS syntax shared by every layer: interface names and the patterns of IOS lines.

One place for what IOS text looks like, so the config tree, the audit's readers, the
baselines and the lab agree on it.

Examples:
    >>> INTERFACE_TYPES[0], "Tunnel" in VIRTUAL_TYPES
    ('Ethernet', True)
"""

from __future__ import annotations

__all__ = ["INTERFACE_TYPES", "VIRTUAL_TYPES"]

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
