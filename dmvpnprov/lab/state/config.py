"""A router's configuration as a tree, printed as IOS prints ``show running-config``.

Lines are stored in canonical form with a key (the words that identify the line): a
line with the same key replaces the old one. Printing sorts lines into IOS's own order
(ranks below), keeping the order lines were entered within a rank.

Examples:
    >>> tree = ConfigTree()
    >>> tun = tree.section(tree.root, "interface Tunnel0", "interface Tunnel0", "tunnel")
    >>> tree.put(tun, "ip mtu 1400", "ip mtu")
    >>> tree.put(tun, "ip mtu 1416", "ip mtu")
    >>> tree.put(tun, "bandwidth 1000", "bandwidth")
    >>> print("\\n".join(tree.lines()))
    interface Tunnel0
     bandwidth 1000
     ip mtu 1416
    !
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import count

from dmvpnprov.core.iossyntax import INTERFACE_TYPES

__all__ = ["ConfigTree", "Display", "Implied", "Node"]

_SEQ = count()

# A release's display rule: (section header, line as stored) -> line as printed / None.
Display = Callable[[str, str], "str | None"]
# A release's implied defaults: (section header, its lines) -> lines printed untyped.
Implied = Callable[[str, tuple[str, ...]], tuple[str, ...]]

# IOS's order of lines, per mode: "rank prefix|prefix|...". Unlisted lines keep their
# entry order after the listed ones (global: among the other "ip ..." lines, rank 14).
_RANK_TEXT: dict[str, str] = {
    "config": """
        0 version|service|no service
        2 hostname
        3 boot-
        4 logging|no logging
        5 enable
        6 aaa|no aaa
        7 clock
        8 ip cef|no ip cef
        9 ip domain|no ip domain|ip name-server
        11 ip ssh
        15 username
        16 archive
        17 crypto key
        18 crypto ikev2 proposal
        19 crypto ikev2 policy
        20 crypto ikev2 keyring
        21 crypto ikev2 profile
        22 crypto isakmp policy
        23 crypto isakmp key
        24 crypto isakmp
        25 crypto ipsec security
        26 crypto ipsec transform-set
        27 crypto ipsec profile
        28 crypto map
        30 interface
        40 router
        44 ip classless|no ip classless
        45 ip forward-protocol
        46 ip route
        47 ip http|no ip http
        50 access-list
        55 snmp-server
        58 control-plane
        60 line con
        61 line aux
        62 line vty
        70 ntp
    """,
    "if": """
        0 description
        1 bandwidth
        3 ip address|no ip address
        4 no ip redirects|no ip unreachables|no ip proxy-arp
        5 ip mtu
        6 ip nat|ip virtual-reassembly
        7 ip nhrp authentication
        8 ip nhrp map
        9 ip nhrp network-id
        10 ip nhrp holdtime
        11 ip nhrp nhs
        12 ip nhrp interest|ip nhrp registration
        13 ip nhrp redirect
        14 ip nhrp shortcut
        15 no ip route-cache
        16 ip tcp adjust-mss
        17 no ip split-horizon
        18 no ip next-hop-self
        19 ip summary-address
        20 ip ospf
        21 delay
        22 shutdown
        23 duplex
        24 speed
        25 negotiation
        26 keepalive|no keepalive
        30 tunnel source
        31 tunnel destination
        32 tunnel mode
        33 tunnel key
        34 tunnel path
        35 tunnel protection
        36 crypto map
    """,
    "router": """
        0 router-id|eigrp router-id|bgp router-id
        1 log-adjacency|no log-adjacency|bgp log|no bgp log
        2 bgp listen
        3 passive
        5 redistribute
        7 variance
        8 auto-summary|no auto-summary
    """,
    "isakmp": "0 encryption\n 1 hash\n 2 authentication\n 3 group",
    "ipsec-profile": "0 description\n 1 set security\n 2 set transform",
    "ikev2-proposal": "0 encryption\n 1 integrity\n 2 prf\n 3 group",
    "ikev2-profile": """
        0 description
        1 match
        2 authentication remote
        3 authentication local
        4 keyring
    """,
    "ikev2-keyring-peer": "0 description\n 1 address\n 2 pre-shared-key",
    "line": "0 exec-timeout\n 1 privilege\n 2 password\n 3 logging\n 4 login\n 5 transport",
}
_RANKS: dict[str, tuple[tuple[str, int], ...]] = {
    mode: tuple(
        (prefix, int(rank))
        for rank, _, prefixes in (row.strip().partition(" ") for row in text.strip().splitlines())
        for prefix in prefixes.split("|")
    )
    for mode, text in _RANK_TEXT.items()
}
_RANKS["tunnel"] = _RANKS["if"]
_IFACE_ORDER = {"Loopback": 0, "Tunnel": 1, "Dialer": 8, "Virtual-Template": 9}


@dataclass
class Node:
    """One configuration line; a section when it has (or may have) children."""

    line: str
    key: str
    mode: str | None = None  # the sub-mode this section opens
    children: list[Node] = field(default_factory=list)
    seq: int = field(default_factory=lambda: next(_SEQ))


def _rank(mode: str, node: Node) -> tuple[object, ...]:
    line = node.line
    for prefix, rank in _RANKS.get(mode, ()):
        if line.startswith(prefix):
            if mode == "config" and rank == 30:
                return (rank, *_iface_key(line.split()[1]), node.seq)
            return (rank, node.seq)
    if mode == "router" and line.startswith(("neighbor", "network")):
        bgp_network = line.startswith("network") and " mask " in line
        return (6 if bgp_network else 4 if line.startswith("neighbor") else 2, node.seq)
    return (14 if mode == "config" else 50, node.seq)


def _iface_key(name: str) -> tuple[object, ...]:
    match = re.match(r"([A-Za-z-]+)([\d/.:]*)", name)
    kind, number = (match[1], match[2]) if match else (name, "")
    order = _IFACE_ORDER.get(kind, 2)
    type_index = INTERFACE_TYPES.index(kind) if kind in INTERFACE_TYPES else 99
    return (order, type_index, tuple(int(n) for n in re.findall(r"\d+", number)))


class ConfigTree:
    """Running or startup configuration: a root node and helpers to change it."""

    def __init__(self) -> None:
        self.root = Node("", "", "config")

    def copy(self) -> ConfigTree:
        """A deep copy (``write memory``, archives, rollback)."""
        new = ConfigTree()
        new.root = copy.deepcopy(self.root)
        return new

    @staticmethod
    def find(parent: Node, key: str) -> Node | None:
        """The child of ``parent`` with ``key``."""
        return next((c for c in parent.children if c.key == key), None)

    def section(self, parent: Node, line: str, key: str, mode: str) -> Node:
        """Get or create the section ``key`` under ``parent`` (its line updated)."""
        node = self.find(parent, key)
        if node is None:
            node = Node(line, key, mode)
            parent.children.append(node)
        node.line = line
        return node

    def put(self, parent: Node, line: str, key: str) -> None:
        """Add ``line``, replacing the line with the same ``key`` in place."""
        node = self.find(parent, key)
        if node is None:
            parent.children.append(Node(line, key))
        else:
            node.line = line

    @staticmethod
    def remove(parent: Node, key: str) -> bool:
        """Remove the child with ``key``; True when there was one."""
        before = len(parent.children)
        parent.children[:] = [c for c in parent.children if c.key != key]
        return len(parent.children) != before

    def get(self, key: str) -> Node | None:
        """A top-level line or section by key (``hostname``, ``interface Tunnel0``)."""
        return self.find(self.root, key)

    def lines(
        self,
        node: Node | None = None,
        depth: int = 0,
        display: Display | None = None,
        implied: Implied | None = None,
    ) -> Iterator[str]:
        """The configuration body as IOS prints it, ``!`` separators included.

        ``display(parent, line)`` is the release's display rule for a line inside a
        section: the text printed, or None for a default the release hides.
        ``implied(section, lines)``: defaults the release prints in a section although
        they were never typed (``mode tunnel`` under a 15.x transform set).

        Examples:
            >>> tree = ConfigTree()
            >>> ts = tree.section(tree.root, "crypto ipsec transform-set T esp-aes", "t", "trans")
            >>> tree.put(ts, "mode tunnel", "mode")
            >>> hide = lambda parent, line: None if line == "mode tunnel" else line
            >>> list(tree.lines(display=hide))
            ['crypto ipsec transform-set T esp-aes', '!']
        """
        node = node or self.root
        mode = node.mode or "config"
        previous: tuple[object, ...] | None = None
        prev_section = False
        prev_line = ""
        for child in sorted(node.children, key=lambda c: _rank(mode, c)):
            rank = _rank(mode, child)[:1]
            if depth > 0 and display is not None:
                shown = display(node.line, child.line)
                if shown is None:
                    continue
                child = Node(shown, child.key, child.mode, child.children, child.seq)  # noqa: PLW2901
            if implied is not None and child.mode is not None:
                extra = implied(child.line, tuple(c.line for c in child.children))
                if extra:
                    kids = [*child.children, *(Node(x, x) for x in extra)]
                    child = Node(child.line, child.key, child.mode, kids, child.seq)  # noqa: PLW2901
            lines_block = prev_line.startswith("line ") and child.line.startswith("line ")
            separate = previous is not None and (rank != previous or prev_section)
            if depth == 0 and separate and not lines_block:  # no "!" between line blocks
                yield "!"
            yield " " * depth + child.line
            yield from self.lines(child, depth + 1, display, implied)
            if depth > 0 and child.children:
                yield " " * depth + "!"
            previous, prev_section, prev_line = rank, bool(child.children), child.line
        if depth == 0 and node.children:
            yield "!"
