"""Read IOS config text into a :class:`~dmvpnprov.dmvpn.config.RouterConfig`.

One pass over the lines, by indentation (IOS prints a section's lines one space in, a
keyring peer's or an address family's two). Only the lines the model needs are read
(:mod:`~dmvpnprov.dmvpn.read_crypto`, :mod:`~dmvpnprov.dmvpn.read_interface`,
:mod:`~dmvpnprov.dmvpn.read_routing`); anything else is skipped. Secrets become digests at
once (never kept as text).

Examples:
    >>> cfg = read_config("hub1", '''crypto isakmp policy 10
    ...  encryption aes 256
    ...  authentication pre-share
    ...  group 14
    ... interface Tunnel0
    ...  ip address 10.0.0.1 255.255.255.0
    ...  ip nhrp map multicast dynamic
    ...  tunnel mode gre multipoint
    ... router eigrp 1
    ...  network 10.0.0.0 0.0.0.255
    ... ''')
    >>> cfg.isakmp[0].describe(), cfg.tunnels[0].multipoint, cfg.eigrp[1].networks
    ('aes 256/sha/group 14', True, [IPv4Network('10.0.0.0/24')])
"""

from __future__ import annotations

import re
from ipaddress import IPv4Network

from dmvpnprov.dmvpn.config import Interface, RouterConfig
from dmvpnprov.dmvpn.read_crypto import (
    crypto_top,
    ikev2_line,
    ipsec_profile_line,
    isakmp_line,
    keyring_line,
    transform_set_line,
)
from dmvpnprov.dmvpn.read_interface import interface_line
from dmvpnprov.dmvpn.read_routing import (
    bgp_line,
    eigrp_line,
    named_eigrp,
    ospf_line,
    routing_top,
    wildcard_network,
)

__all__ = ["read_config", "wildcard_network"]

_NAMED_EIGRP = re.compile(r"^router eigrp [A-Za-z]", re.MULTILINE)


class _Reader:
    def __init__(self, name: str) -> None:
        self.cfg = RouterConfig(name=name)
        self.head = ""
        self.words: list[str] = []
        self.peers: list[IPv4Network] = []  # the current IKEv2 keyring peer's scopes

    def top(self, line: str) -> None:
        self.head, self.words = line, line.split()
        if line.startswith("interface "):
            self.cfg.interfaces.setdefault(self.words[1], Interface(self.words[1]))
        elif line.startswith("version ") and len(self.words) == 2:
            self.cfg.version = self.words[1]
        elif not crypto_top(self.cfg, line):
            routing_top(self.cfg, line)

    def sub(self, line: str) -> None:
        head, w, cfg = self.head, self.words, self.cfg
        if head.startswith("interface "):
            interface_line(cfg.interfaces[w[1]], line)
        elif head.startswith("crypto isakmp policy "):
            isakmp_line(cfg, line)
        elif head.startswith("crypto ikev2 "):
            ikev2_line(cfg, w[2], w[3], line, self.peers)
        elif head.startswith("crypto keyring "):
            keyring_line(cfg, head, line)
        elif head.startswith("crypto ipsec transform-set "):
            transform_set_line(cfg, w[3], line)
        elif head.startswith("crypto ipsec profile "):
            ipsec_profile_line(cfg, w[3], line)
        elif head.startswith("router eigrp "):
            eigrp_line(cfg.eigrp[int(w[2])], line)
        elif head.startswith("router ospf "):
            ospf_line(cfg.ospf[int(w[2])], line)
        elif head.startswith("router bgp ") and cfg.bgp is not None:
            bgp_line(cfg.bgp, line)


def read_config(name: str, text: str) -> RouterConfig:
    """The model's view of router ``name``'s config text."""
    if _NAMED_EIGRP.search(text):
        text = named_eigrp(text)
    reader = _Reader(name)
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("!"):
            continue
        try:
            if raw[0] != " ":
                reader.top(line)
            elif reader.head:
                reader.sub(line)
        except (ValueError, IndexError, KeyError):
            continue  # a line the model does not understand changes nothing it reads
    return reader.cfg
