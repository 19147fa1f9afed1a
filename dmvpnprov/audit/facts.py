"""Facts read from a parsed running config: what the cloud-wide rules compare.

Facts are small, picklable values (the audit computes them in worker processes).
Secrets never enter them: the NHRP authentication string is kept as a digest, so two
routers' values can be compared without holding or printing either.

Examples:
    >>> from dmvpnprov.core.configtree import parse
    >>> tree = parse('''interface Tunnel0
    ...  ip address 10.0.0.10 255.255.255.0
    ...  ip nhrp map 10.0.0.1 130.25.13.1
    ...  ip nhrp nhs 10.0.0.1
    ...  tunnel source FastEthernet0/0
    ... interface FastEthernet0/0
    ...  ip address 173.1.13.101 255.255.255.0
    ... ''')
    >>> facts = host_facts(tree)
    >>> t = facts.tunnels["Tunnel0"]
    >>> t.nhs, t.maps, facts.nbma_address("Tunnel0")
    (('10.0.0.1',), (('10.0.0.1', '130.25.13.1'),), '173.1.13.101')
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field, fields
from functools import lru_cache
from ipaddress import IPv4Address, IPv4Interface, IPv4Network
from typing import cast

from dmvpnprov.core.iossyntax import (
    EIGRP_NAMED_AF,
    IP_ADDRESS,
    IPV4,
    NETWORK,
    NHRP_MAP,
    NHS,
    OSPF_INTERFACE,
    TUNNEL_INTERFACE,
)
from dmvpnprov.core.linetree import ConfigLine, ConfigTree

__all__ = [
    "HostFacts",
    "RoutingNetwork",
    "TunnelFacts",
    "host_facts",
    "interface_text",
    "pooled",
    "secret_digest",
    "wildcard_network",
]

_VALUE_LINES = {
    "ip nhrp network-id ": "network_id",
    "tunnel key ": "tunnel_key",
    "ip nhrp holdtime ": "holdtime",
    "ip mtu ": "ip_mtu",
    "ip ospf network ": "ospf_network",
    "ip ospf priority ": "ospf_priority",
    "tunnel source ": "source",
    "tunnel mode ": "mode",
    "tunnel destination ": "destination",
}


_PREFIXES = {str(IPv4Address((1 << 32) - (1 << (32 - n)))): n for n in range(33)}
_CANONICAL = re.compile(r"^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\.(?!$)|$)){4}$")


def interface_text(address: str, mask: str) -> str:
    """``str(IPv4Interface(f"{address}/{mask}"))`` ("10.0.0.2/24"), without building the
    interface when the address is written canonically and the mask is a netmask.

    Raises:
        ValueError: as :class:`~ipaddress.IPv4Interface` does for a bad address or mask.

    Examples:
        >>> interface_text("10.0.0.2", "255.255.255.0"), interface_text("10.0.0.2", "0.0.0.255")
        ('10.0.0.2/24', '10.0.0.2/24')
    """
    prefix = _PREFIXES.get(mask)
    if prefix is not None and _CANONICAL.match(address):
        return f"{address}/{prefix}"
    return str(IPv4Interface(f"{address}/{mask}"))


def secret_digest(value: str) -> str:
    """A digest of an NHRP authentication string, to compare without holding it; a
    type 7 value (``7 <hex>``) is decoded first, so it matches its clear form.

    Examples:
        >>> secret_digest("7 070C285F4D06") == secret_digest("cisco")
        True
    """
    kind, _, rest = value.partition(" ")
    if kind in ("0", "7") and rest:
        value = rest
        if kind == "7":
            try:
                from netutils.password import decrypt_type7  # noqa: PLC0415 (imports crypt)

                value = str(decrypt_type7(rest))
            except (ValueError, IndexError, KeyError, ImportError):
                value = "7 " + rest
    return hashlib.sha256(value.encode()).hexdigest()[:16]


@dataclass(slots=True)
class TunnelFacts:
    """What one tunnel interface's config says (values as text, as IOS prints them)."""

    interface: str
    address: str | None = None  # "10.0.0.2/24" (an IPv4Interface's text): see ip_interface
    network_id: str | None = None
    tunnel_key: str | None = None
    auth_digest: str | None = None
    holdtime: str | None = None
    ip_mtu: str | None = None
    ospf_network: str | None = None
    ospf_priority: str | None = None
    source: str | None = None
    mode: str | None = None
    destination: str | None = None
    ospf_process: str | None = None  # "ip ospf N area A" (OSPF enabled on the interface)
    nhs: tuple[str, ...] = ()
    maps: tuple[tuple[str, str], ...] = ()
    multicast: tuple[str, ...] = ()
    redirect: bool = False
    shortcut: bool = False
    split_horizon_off: frozenset[str] = frozenset()
    next_hop_self_off: frozenset[str] = frozenset()

    def ip_interface(self) -> IPv4Interface | None:
        """The tunnel's address as an :class:`~ipaddress.IPv4Interface` (facts keep
        it as text: a fleet's facts are held at once, and text is a tenth the size).

        Examples:
            >>> TunnelFacts("Tunnel0", address="10.0.0.2/24").ip_interface().network
            IPv4Network('10.0.0.0/24')
        """
        return None if self.address is None else IPv4Interface(self.address)

    def ip_address(self) -> IPv4Address | None:
        """The tunnel's own address (``ip_interface().ip``, without the network).

        Examples:
            >>> TunnelFacts("Tunnel0", address="10.0.0.2/24").ip_address()
            IPv4Address('10.0.0.2')
        """
        return None if self.address is None else IPv4Address(self.address.split("/", 1)[0])


@dataclass(frozen=True, slots=True)
class RoutingNetwork:
    """A ``network`` statement of a routing process."""

    process: str  # "eigrp 1", "ospf 1", "bgp 65000"
    line: str
    address: str
    wildcard: str | None
    area: str | None


@dataclass(slots=True)
class HostFacts:
    """Facts of one router's running config."""

    tunnels: dict[str, TunnelFacts] = field(default_factory=dict)
    addresses: dict[str, str] = field(default_factory=dict)  # name -> "10.0.0.2/24"
    networks: tuple[RoutingNetwork, ...] = ()

    def nbma_address(self, tunnel: str) -> str | None:
        """The address of the tunnel's source (an interface name or an address)."""
        source = self.tunnels[tunnel].source
        if source is None:
            return None
        if IPV4.match(source):
            return source
        addr = self.addresses.get(source)
        return addr.split("/", 1)[0] if addr else None

    def runs_ospf(self, tunnel: str) -> bool:
        """True when OSPF runs on the tunnel: a ``network`` statement covers its address,
        or the interface itself says ``ip ospf N area A``."""
        t = self.tunnels[tunnel]
        if t.ospf_process is not None:
            return True
        addr = t.ip_address()
        return addr is not None and bool(self.covers("ospf", addr))

    def igp_over(self, tunnel: str) -> bool:
        """True when EIGRP or OSPF runs over the tunnel (their hellos are multicast)."""
        t = self.tunnels[tunnel]
        addr = t.ip_address()
        eigrp = addr is not None and bool(self.covers("eigrp", addr))
        return eigrp or self.runs_ospf(tunnel)

    def covers(self, protocol: str, address: IPv4Address) -> list[RoutingNetwork]:
        """The ``network`` statements of ``protocol`` that include ``address``."""
        return [
            n
            for n in self.networks
            if n.process.startswith(protocol + " ")
            and (net := wildcard_network(n.address, n.wildcard)) is not None
            and address in net
        ]


@lru_cache(maxsize=65536)
def wildcard_network(address: str, wildcard: str | None) -> IPv4Network | None:
    """The network a ``network A W`` statement matches (``None`` if W is no wildcard).

    Examples:
        >>> wildcard_network("10.0.0.0", "0.0.0.255")
        IPv4Network('10.0.0.0/24')
        >>> wildcard_network("10.0.0.0", "255.255.255.0") is None
        True
        >>> wildcard_network("0.0.0.0", None)
        IPv4Network('0.0.0.0/0')
    """
    if wildcard is None and address == "0.0.0.0":
        return IPv4Network("0.0.0.0/0")  # IOS: "network 0.0.0.0" enables every interface
    if wildcard is None:
        first = int(address.split(".", maxsplit=1)[0])
        prefix = 8 if first < 128 else 16 if first < 192 else 24  # classful, as IOS does
        return IPv4Network(f"{address}/{prefix}", strict=False)
    bits = int(IPv4Address(wildcard))
    if bits & (bits + 1):  # not contiguous low bits: a mask written as a wildcard
        return None
    return IPv4Network(f"{address}/{32 - bits.bit_length()}", strict=False)


def _nhrp_lists(texts: list[str]) -> tuple[list[str], list[tuple[str, str]], list[str]]:
    """NHS addresses, (tunnel, NBMA) mappings and multicast destinations of a tunnel."""
    nhs: list[str] = []
    maps: list[tuple[str, str]] = []
    multicast: list[str] = []
    for text in texts:
        if m := NHS.match(text):
            nhs.append(m[1])
            if m[2]:
                maps.append((m[1], m[2]))
                if m[3]:
                    multicast.append(m[2])
        elif m := NHRP_MAP.match(text):
            maps.append((m[1], m[2]))
        elif text.startswith("ip nhrp map multicast "):
            multicast.append(text.split()[-1])
    return nhs, maps, multicast


def _tunnel_line(t: TunnelFacts, text: str) -> None:
    if (m := IP_ADDRESS.match(text)) and not m[3]:
        t.address = interface_text(m[1], m[2])
    elif text.startswith("ip nhrp authentication "):
        t.auth_digest = secret_digest(text.split(maxsplit=3)[3])
    elif text.startswith("no ip split-horizon eigrp "):
        t.split_horizon_off = t.split_horizon_off | {text.rsplit(maxsplit=1)[-1]}
    elif text.startswith("no ip next-hop-self eigrp "):
        t.next_hop_self_off = t.next_hop_self_off | {text.rsplit(maxsplit=1)[-1]}
    elif m := OSPF_INTERFACE.match(text):
        t.ospf_process = m[1]
    elif text.startswith(("ip nhrp redirect", "ip nhrp shortcut")):
        setattr(t, text.split()[2], True)
    else:
        for prefix, attr in _VALUE_LINES.items():
            if text.startswith(prefix):
                setattr(t, attr, text[len(prefix) :].strip())


def _tunnel(section: ConfigLine) -> TunnelFacts:
    t = TunnelFacts(section.text.split()[1])
    texts = [c.text for c in section.children]
    for text in texts:
        _tunnel_line(t, text)
    nhs, maps, multicast = _nhrp_lists(texts)
    t.nhs, t.maps, t.multicast = tuple(nhs), tuple(maps), tuple(multicast)
    return t


def _named_eigrp(process: ConfigLine, networks: list[RoutingNetwork], facts: HostFacts) -> None:
    """EIGRP named mode: networks per address family, af-interface settings per tunnel."""
    for af in process.children:
        named = EIGRP_NAMED_AF.match(af.text)
        if named is None:
            continue
        asn, defaults = named[1], set()
        per_if: dict[str, set[str]] = {}
        for child in af.children:
            if m := NETWORK.match(child.text):
                networks.append(RoutingNetwork(f"eigrp {asn}", child.text, m[1], m[2], m[3]))
            elif child.text.startswith("af-interface "):
                texts = {g.text for g in child.children}
                name = child.text.split()[1]
                if name == "default":
                    defaults = texts
                else:
                    per_if[name] = texts
        for name, t in facts.tunnels.items():
            texts = per_if.get(name, set())
            for off, on, attr in (
                ("no split-horizon", "split-horizon", "split_horizon_off"),
                ("no next-hop-self", "next-hop-self", "next_hop_self_off"),
            ):
                if off in texts or (off in defaults and on not in texts):
                    setattr(t, attr, getattr(t, attr) | {asn})


def _is_named_eigrp(text: str) -> bool:
    words = text.split()
    return words[1] == "eigrp" and len(words) == 3 and not words[2].isdigit()


def _classic_networks(section: ConfigLine) -> list[RoutingNetwork]:
    process = " ".join(section.text.split()[1:3])
    return [
        RoutingNetwork(process, c.text, m[1], m[2], m[3])
        for c in section.children
        if (m := NETWORK.match(c.text))
    ]


def host_facts(tree: ConfigTree) -> HostFacts:
    """Read the facts of one parsed running config (classic and named-mode EIGRP,
    OSPF by ``network`` statement or on the interface)."""
    facts = HostFacts()
    networks: list[RoutingNetwork] = []
    named: list[ConfigLine] = []
    for top in tree.children:
        if TUNNEL_INTERFACE.match(top.text):
            facts.tunnels[top.text.split()[1]] = _tunnel(top)
        if top.text.startswith("interface "):
            for child in top.children:
                if (m := IP_ADDRESS.match(child.text)) and not m[3]:
                    facts.addresses[top.text.split()[1]] = interface_text(m[1], m[2])
        elif top.text.startswith("router "):
            if _is_named_eigrp(top.text):
                named.append(top)
            else:
                networks.extend(_classic_networks(top))
    for section in named:  # after every tunnel is read
        _named_eigrp(section, networks, facts)
    facts.networks = tuple(networks)
    return facts


_TUNNEL_FIELDS = tuple(f.name for f in fields(TunnelFacts))


def _pool(value: object, pool: dict[object, object]) -> object:
    if isinstance(value, tuple):
        value = tuple(_pool(v, pool) for v in value)
    elif not isinstance(value, (str, frozenset, RoutingNetwork)):
        return value  # None and flags: nothing to share (and True == 1 in a dict)
    return pool.setdefault(value, value)


def pooled(facts: HostFacts, pool: dict[object, object]) -> HostFacts:
    """``facts`` with each value (text, tuple, network statement) replaced by the equal
    one first seen in ``pool``: the values a fleet repeats (hub addresses, holdtime,
    interface names, ``network`` statements) are then one object each, which a worker
    pickles once and the parent holds once.

    Examples:
        >>> pool: dict[object, object] = {}
        >>> a, b = (HostFacts(addresses={"Tunnel0": "10.0.0." + n + "/24"}) for n in "22")
        >>> pooled(a, pool).addresses["Tunnel0"] is pooled(b, pool).addresses["Tunnel0"]
        True
    """
    for name, t in list(facts.tunnels.items()):
        for field_name in _TUNNEL_FIELDS:
            value = getattr(t, field_name)
            if value is not None and not isinstance(value, bool):
                setattr(t, field_name, _pool(value, pool))
        del facts.tunnels[name]
        facts.tunnels[cast(str, _pool(name, pool))] = t
    facts.addresses = {
        cast(str, _pool(k, pool)): cast(str, _pool(v, pool)) for k, v in facts.addresses.items()
    }
    facts.networks = tuple(cast(RoutingNetwork, _pool(n, pool)) for n in facts.networks)
    return facts
