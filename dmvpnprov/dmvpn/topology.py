"""The clouds the configs form: which tunnel interfaces share a subnet, who serves NHRP.

A *cloud* is the set of tunnel interfaces whose addresses lie in one subnet. An mGRE
tunnel that another tunnel names as its NHS, or one without ``ip nhrp nhs`` lines, is a
server (a hub; dual hubs that name each other as NHS stay hubs); the others are clients
(spokes; a point-to-point GRE tunnel always is one). Tunnel addresses are looked up per
cloud.

Examples:
    >>> from dmvpnprov.dmvpn.readers import read_config
    >>> hub = read_config("hub1", '''interface Tunnel0
    ...  ip address 10.0.0.1 255.255.255.0
    ...  tunnel mode gre multipoint''')
    >>> spoke = read_config("s", '''interface Tunnel0
    ...  ip address 10.0.0.10 255.255.255.0
    ...  ip nhrp nhs 10.0.0.1
    ...  tunnel mode gre multipoint''')
    >>> topo = Topology({"hub1": hub, "s": spoke})
    >>> [str(c) for c in topo.clouds], topo.owner(topo.clouds[0], IPv4Address("10.0.0.1"))
    (['10.0.0.0/24'], ('hub1', 'Tunnel0'))
"""

from __future__ import annotations

from collections.abc import Mapping
from ipaddress import IPv4Address, IPv4Network

from dmvpnprov.dmvpn.config import Interface, RouterConfig

__all__ = ["End", "Topology"]

End = tuple[str, str]  # (router, tunnel interface)


class Topology:
    """Clouds, tunnel ends and their roles, from every router's config."""

    def __init__(self, configs: Mapping[str, RouterConfig]) -> None:
        self.configs = configs
        self.members: dict[IPv4Network, list[End]] = {}
        self._by_address: dict[IPv4Network, dict[IPv4Address, End]] = {}
        self.duplicates: list[tuple[IPv4Address, End, End]] = []
        self._server: dict[End, bool] = {}
        for name, cfg in configs.items():
            for t in cfg.tunnels:
                assert t.address is not None
                net = t.address.network
                self.members.setdefault(net, []).append((name, t.name))
                seen = self._by_address.setdefault(net, {})
                if t.address.ip in seen:
                    self.duplicates.append((t.address.ip, seen[t.address.ip], (name, t.name)))
                else:
                    seen[t.address.ip] = (name, t.name)
        self.clouds = sorted(self.members, key=lambda n: (int(n.network_address), n.prefixlen))
        self._named = {
            (t.address.network, line.address)
            for cfg in configs.values()
            for t in cfg.tunnels
            if t.address is not None
            for line in t.nhs
        }

    def tunnel(self, end: End) -> Interface:
        """The tunnel interface of ``end``."""
        return self.configs[end[0]].interfaces[end[1]]

    def address(self, end: End) -> IPv4Address:
        """The tunnel address of ``end``."""
        a = self.tunnel(end).address
        assert a is not None
        return a.ip

    def owner(self, cloud: IPv4Network, address: IPv4Address) -> End | None:
        """The tunnel end whose address is ``address`` in ``cloud``."""
        return self._by_address.get(cloud, {}).get(address)

    def cloud_of(self, address: IPv4Address) -> IPv4Network | None:
        """The cloud whose subnet holds ``address``."""
        return next((c for c in self.clouds if address in c), None)

    def is_server(self, end: End) -> bool:
        """True for an NHS (hub) end: mGRE, named as NHS by another end or naming none."""
        known = self._server.get(end)
        if known is None:
            t = self.tunnel(end)
            named = t.address is not None and (t.address.network, t.address.ip) in self._named
            mgre = t.multipoint and t.destination is None
            known = self._server[end] = mgre and (named or not t.nhs)
        return known

    def servers(self, cloud: IPv4Network) -> list[End]:
        """The hub ends of ``cloud``."""
        return [e for e in self.members[cloud] if self.is_server(e)]

    def clients(self, cloud: IPv4Network) -> list[End]:
        """The spoke ends of ``cloud``."""
        return [e for e in self.members[cloud] if not self.is_server(e)]

    def nbma_interface(self, end: End) -> Interface | None:
        """The tunnel's source interface."""
        t = self.tunnel(end)
        return self.configs[end[0]].interface(t.source)
