"""What-if fleets: the inventory's pattern grown (or cut) to N spokes, deterministically.

The inventory's hubs and clouds stay as they are. The first ``n`` existing spokes are
kept; new spokes copy the first spoke (platform, release, groups, interface names,
clouds and NHS list) and get:

- tunnel addresses: the next free hosts of each cloud's tunnel subnet, widened (same
  network address, shorter prefix) when the spokes don't fit, with a note;
- public (NBMA) addresses: documentation ranges 198.51.100.0/24 and 203.0.113.0/24, then
  the benchmarking range 198.18.0.0/15 when more than ~500 are needed, as /24 hosts;
- one LAN each: the next 10.x.y.0/24 that overlaps nothing already used.

Examples:
    >>> name_for(7, 300)
    'whatif-spoke-007'
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator
from ipaddress import IPv4Address, IPv4Interface, IPv4Network

from dmvpnprov.core.errors import UserError
from dmvpnprov.core.models import Cloud, Fleet, Lan, Nbma, Role, Router, TunnelMembership
from dmvpnprov.core.platforms import PLATFORMS

__all__ = ["MAX_SPOKES", "fleet_with_spokes", "grow_fleet", "name_for"]

# One 10.x.y.0/24 LAN per spoke and the tunnel subnet share 10.0.0.0/8 (65,536 /24s).
MAX_SPOKES = 50_000

_PUBLIC_RANGES = tuple(
    IPv4Network(n) for n in ("198.51.100.0/24", "203.0.113.0/24", "198.18.0.0/15")
)
_LAN_SPACE = IPv4Network("10.0.0.0/8")


def name_for(index: int, total: int) -> str:
    """The inventory name of the ``index``-th generated spoke (zero-padded to sort well)."""
    return f"whatif-spoke-{index:0{len(str(total))}d}"


def _template_spoke(fleet: Fleet) -> Router:
    if fleet.spokes:
        return fleet.spokes[0]
    hub = fleet.hubs[0]
    info = PLATFORMS[hub.platform]
    return Router(
        name="template",
        hostname="template",
        role=Role.SPOKE,
        platform=hub.platform,
        ios_release=hub.ios_release,
        nbma=Nbma(interface=info.default_nbma_interface, address=IPv4Interface("192.0.2.1/24")),
        lans=(Lan(interface=info.default_lan_interface, address=IPv4Interface("10.0.0.1/24")),),
        tunnels=tuple(
            TunnelMembership(cloud=t.cloud, interface=t.interface, address=t.address)
            for t in hub.tunnels
        ),
    )


def _widened(cloud: Cloud, needed: int, notes: list[str]) -> Cloud:
    subnet = cloud.tunnel_subnet
    if subnet.num_addresses - 2 >= needed:
        return cloud
    prefix = 32 - math.ceil(math.log2(needed + 2))
    wider = subnet.supernet(new_prefix=max(prefix, 8))
    notes.append(
        f"cloud {cloud.name}: {subnet} is too small for the what-if fleet; it uses {wider}"
    )
    return cloud.model_copy(update={"tunnel_subnet": wider})


def _free_hosts(subnet: IPv4Network, used: set[IPv4Address]) -> Iterator[IPv4Address]:
    return (a for a in subnet.hosts() if a not in used)


def _publics(used: set[IPv4Address]) -> Iterator[IPv4Interface]:
    taken = {int(a) for a in used}
    for net in _PUBLIC_RANGES:  # plain ints: this runs 10,000 times for --spokes 10000
        for value in range(int(net.network_address) + 1, int(net.broadcast_address)):
            if value & 0xFF not in (0, 255) and value not in taken:
                yield IPv4Interface((value, 24))


def _lans(taken: list[IPv4Network]) -> Iterator[IPv4Network]:
    big = [(int(t.network_address), int(t.broadcast_address)) for t in taken if t.prefixlen < 24]
    small = {int(t.network_address) >> 8 for t in taken if t.prefixlen >= 24}
    first = int(_LAN_SPACE.network_address) >> 8
    for block in range(first, first + (1 << 16)):
        low, high = block << 8, (block << 8) | 0xFF
        if block not in small and not any(low <= b_high and b_low <= high for b_low, b_high in big):
            yield IPv4Network((low, 24))


def grow_fleet(fleet: Fleet, n: int, spare: int = 0) -> tuple[Fleet, list[str]]:
    """``fleet`` with exactly ``n`` spokes, and notes on what had to change.

    ``spare`` more spokes are generated after the ``n`` (not in the notes): the report
    takes the first ``n`` of ``n + 1`` to see what adding one spoke changes.
    """
    if n < 1:
        raise UserError(f"--spokes must be 1 or more (got {n})")
    if not fleet.hubs:
        raise UserError("the inventory has no hub: a what-if fleet grows around its hubs")
    if n > MAX_SPOKES:
        raise UserError(f"--spokes {n}: what-if fleets go up to {MAX_SPOKES:,} spokes")
    notes: list[str] = []
    kept = fleet.spokes[:n]
    wanted = n - len(kept)
    extra = wanted + spare
    width, n = n, n + spare  # names are padded for the n asked for
    if not extra:  # cut (or keep): the inventory's own spokes, nothing to allocate
        return fleet.model_copy(update={"routers": (*fleet.hubs, *kept)}), notes
    template = _template_spoke(fleet)
    existing = (*fleet.hubs, *kept)
    clouds = dict(fleet.clouds)
    addresses: dict[str, Iterator[IPv4Address]] = {}
    for t in template.tunnels:
        used = {m.address for r in existing for m in r.tunnels if m.cloud == t.cloud}
        clouds[t.cloud] = _widened(clouds[t.cloud], len(used) + extra, notes)
        addresses[t.cloud] = _free_hosts(clouds[t.cloud].tunnel_subnet, used)
    used_public = {
        r.nbma.address.ip for r in fleet.routers if isinstance(r.nbma.address, IPv4Interface)
    }
    taken = [c.tunnel_subnet for c in clouds.values()]
    taken += [lan.address.network for r in existing for lan in r.lans]
    taken += [r.nbma.address.network for r in existing if r.nbma.address != "dhcp"]
    lan_interface = (
        template.lans[0].interface
        if template.lans
        else PLATFORMS[template.platform].default_lan_interface
    )
    publics, lans = _publics(used_public), _lans(taken)
    new = [
        template.model_copy(
            update={
                "name": name_for(i, width),
                "hostname": name_for(i, width),
                # model_construct: values built here are valid by construction, and
                # validating 20,000 of them is a second of --spokes 10000.
                "nbma": Nbma.model_construct(interface=template.nbma.interface, address=public),
                "lans": (
                    Lan.model_construct(
                        interface=lan_interface,
                        address=IPv4Interface((int(lan.network_address) + 1, 24)),
                    ),
                ),
                "tunnels": tuple(
                    t.model_copy(update={"address": next(addresses[t.cloud])})
                    for t in template.tunnels
                ),
            }
        )
        for i, public, lan in zip(
            range(len(kept) + 1, n + 1), _publics_limited(publics, extra), lans, strict=False
        )
    ]
    if len(new) < extra:  # an inventory whose own addresses fill 10.0.0.0/8
        raise UserError(f"--spokes {width}: no free 10.x.y.0/24 left for the what-if LANs")
    if wanted:
        notes.append(
            f"{wanted} spokes generated from {template.name}'s pattern "
            f"({len(kept)} kept from the inventory)"
        )
    fleet = fleet.model_copy(update={"clouds": clouds, "routers": (*fleet.hubs, *kept, *new)})
    return fleet, notes


def _publics_limited(publics: Iterator[IPv4Interface], count: int) -> Iterator[IPv4Interface]:
    generated = list(itertools.islice(publics, count))
    if len(generated) < count:
        raise UserError(f"--spokes {count} is more than the address plan of a what-if fleet allows")
    return iter(generated)


def fleet_with_spokes(fleet: Fleet, n: int) -> Fleet:
    """``fleet`` grown (or cut) to ``n`` spokes following its own pattern; deterministic."""
    return grow_fleet(fleet, n)[0]
