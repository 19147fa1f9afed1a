"""Read every router's config once per *shape*: 10,000 spokes alike cost one parse.

A spoke's shape is its config text with its own addresses (interface addresses and
their networks) replaced by placeholders numbered by first use
(:func:`own_in_order`). Spokes of one shape have configs equal but for
those addresses, so the first is parsed and the others are that parse with their own
addresses put back in: exactly what parsing each would give, at a fraction of the cost.

Examples:
    >>> a = "interface Tunnel0\\n ip address 10.0.0.10 255.255.255.0\\n ip nhrp nhs 10.0.0.1"
    >>> b = a.replace("10.0.0.10", "10.0.0.11")
    >>> cfgs, shapes = read_all({"a": a, "b": b})
    >>> str(cfgs["b"].interfaces["Tunnel0"].address), shapes["a"] == shapes["b"]
    ('10.0.0.11/24', True)
"""

from __future__ import annotations

import copy
import re
import socket
from collections.abc import Callable, Mapping
from ipaddress import IPv4Address, IPv4Interface, IPv4Network

from dmvpnprov.dmvpn.config import BgpProcess, EigrpProcess, OspfProcess, RouterConfig, StaticRoute
from dmvpnprov.dmvpn.readers import read_config

__all__ = ["is_client_text", "own_in_order", "read_all"]

_ADDRESS = re.compile(r"^ ip address (\d+\.\d+\.\d+\.\d+) (\d+\.\d+\.\d+\.\d+)", re.MULTILINE)
_IP = re.compile(r"\d+\.\d+\.\d+\.\d+")


def _int(text: str) -> int:
    return int.from_bytes(socket.inet_aton(text), "big")


def is_client_text(text: str) -> bool:
    """True when the config has a client (spoke) tunnel: NHS lines or a GRE destination."""
    return "ip nhrp nhs " in text or "tunnel destination " in text


def own_in_order(text: str) -> tuple[str, list[str]]:
    """(shape, own addresses in order of first use) of a config text."""
    own: set[str] = set()
    for ip, mask in _ADDRESS.findall(text):
        try:
            own.add(ip)
            own.add(socket.inet_ntoa((_int(ip) & _int(mask)).to_bytes(4, "big")))
        except OSError:
            continue
    order: dict[str, str] = {}

    def sub(m: re.Match[str]) -> str:
        v = m.group(0)
        if v not in own:
            return v
        return order.setdefault(v, f"<{len(order)}>")

    lines = [ln for ln in text.splitlines() if not ln.startswith("hostname ")]
    return _IP.sub(sub, "\n".join(lines)), list(order)


class _Mapper:
    def __init__(self, old: list[str], new: list[str]) -> None:
        self.map = {_int(o): _int(n) for o, n in zip(old, new, strict=True)}

    def addr(self, a: IPv4Address) -> IPv4Address:
        v = self.map.get(int(a))
        return a if v is None else IPv4Address(v)

    def net(self, n: IPv4Network) -> IPv4Network:
        v = self.map.get(int(n.network_address))
        if v is None:
            return n
        mask = int(n.netmask)
        return IPv4Network((v & mask, n.prefixlen))

    def iface(self, i: IPv4Interface | None) -> IPv4Interface | None:
        if i is None:
            return None
        v = self.map.get(int(i.ip))
        return i if v is None else IPv4Interface((v, i.network.prefixlen))


def _substitute(template: RouterConfig, name: str, m: _Mapper) -> RouterConfig:
    cfg = copy.copy(template)
    cfg.__dict__.pop("tunnels", None)  # cached on the template: this spoke's own, below
    cfg.name = name
    interfaces = {}
    for k, i in template.interfaces.items():
        address = m.iface(i.address)
        if address is not i.address:
            i = copy.copy(i)  # noqa: PLW2901 - a copy with this spoke's address
            i.address = address
        interfaces[k] = i
    cfg.interfaces = interfaces
    cfg.eigrp = {
        k: EigrpProcess(p.asn, [m.net(n) for n in p.networks], p.stub, p.invalid)
        for k, p in template.eigrp.items()
    }
    cfg.ospf = {
        k: OspfProcess(p.pid, [(m.net(n), a) for n, a in p.networks])
        for k, p in template.ospf.items()
    }
    if template.bgp is not None:
        b = template.bgp
        cfg.bgp = BgpProcess(
            b.asn, b.neighbors, b.groups, b.listen, b.listen_limit,
            [m.net(n) for n in b.networks], b.redistribute_connected,
        )  # fmt: skip
    cfg.statics = [
        StaticRoute(m.net(s.prefix), s.next_hop and m.addr(s.next_hop), s.interface, s.distance)
        for s in template.statics
    ]
    return cfg


def read_all(configs: Mapping[str, str]) -> tuple[dict[str, RouterConfig], dict[str, str]]:
    """Every router's parsed config, and each spoke's shape.

    ``configs`` may also tell a spoke's shape and own addresses without its text: a
    ``shape_of(name)`` method giving :func:`own_in_order` of the text (or ``None`` to
    read the text). The text is then only read for the first spoke of each shape.
    """
    parsed: dict[str, RouterConfig] = {}
    shapes: dict[str, str] = {}
    templates: dict[str, tuple[RouterConfig, list[str]]] = {}
    shape_of: Callable[[str], tuple[str, list[str]] | None] | None
    shape_of = getattr(configs, "shape_of", None)
    for name in configs:
        given = shape_of(name) if shape_of is not None else None
        if given is not None:
            shape, order = given
        else:
            text = configs[name]
            if not is_client_text(text):
                parsed[name] = read_config(name, text)
                continue
            shape, order = own_in_order(text)
        shapes[name] = shape
        known = templates.get(shape)
        if known is None:
            if given is not None:
                text = configs[name]  # the first spoke of its shape: read its text
            cfg = read_config(name, text)
            templates[shape] = (cfg, order)
            parsed[name] = cfg
        else:
            parsed[name] = _substitute(known[0], name, _Mapper(known[1], order))
    return parsed, shapes
