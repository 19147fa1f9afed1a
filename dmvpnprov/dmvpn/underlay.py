"""The underlay of an inventory: each router's NBMA address, NAT and DHCP.

A DHCP spoke's address is unknown until it leases one; the model gives each a
deterministic lease, in inventory order, from documentation/benchmarking space
(203.0.113.0/24, RFC 5737, then 198.18.0.0/15, RFC 2544), so results never depend on
the run. ``nbma.public_address`` is the static NAT address the others see.

Examples:
    >>> lease(0), lease(240)
    (IPv4Address('203.0.113.10'), IPv4Address('198.18.0.10'))
"""

from __future__ import annotations

from ipaddress import IPv4Address

from dmvpnprov.core.models import Fleet
from dmvpnprov.dmvpn.state import Underlay

__all__ = ["fleet_releases", "lease", "underlay_from_fleet"]

_FIRST = int(IPv4Address("203.0.113.10"))
_IN_FIRST = 240
_SECOND = int(IPv4Address("198.18.0.10"))


def lease(index: int) -> IPv4Address:
    """The address the ``index``-th DHCP router leases (0-based)."""
    if index < _IN_FIRST:
        return IPv4Address(_FIRST + index)
    return IPv4Address(_SECOND + index - _IN_FIRST)


def underlay_from_fleet(fleet: Fleet) -> Underlay:
    """The underlay the inventory describes (every public address reaches every other)."""
    nbma: dict[str, IPv4Address] = {}
    public: dict[str, IPv4Address] = {}
    dynamic: set[str] = set()
    for router in fleet.routers:
        address = router.nbma.address
        if address == "dhcp":
            nbma[router.name] = lease(len(dynamic))
            dynamic.add(router.name)
        else:
            nbma[router.name] = address.ip
        if router.nbma.public_address is not None:
            public[router.name] = router.nbma.public_address
    return Underlay(nbma=nbma, public=public, dynamic=frozenset(dynamic))


def fleet_releases(fleet: Fleet) -> dict[str, str]:
    """Each router's IOS release, as the model takes it (its IKEv2 default proposal and
    whether it refuses weak algorithms depend on it)."""
    return {r.name: r.ios_release for r in fleet.routers}
