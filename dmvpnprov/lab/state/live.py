"""What the show and exec commands of a lab router ask of the live control plane.

A lab router holds a :class:`LivePlane` (``RouterState.plane``): the running model of
:mod:`dmvpnprov.lab.state.controlplane`, or a :class:`StaticPlane` of fixed states
(tests and screenshots). Commands only read states and report pings through it.

Examples:
    >>> plane = StaticPlane({})
    >>> plane.state("r1").name, plane.state("r1").tunnels
    ('r1', ())
    >>> plane.ping("r1", IPv4Address("192.0.2.9"), None).success
    False
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from ipaddress import IPv4Address
from typing import Protocol

from dmvpnprov.dmvpn.state import Route
from dmvpnprov.dmvpn.state import RouterState as DmvpnState

__all__ = ["LivePlane", "PingResult", "StaticPlane", "route_for"]


@dataclass(frozen=True)
class PingResult:
    """The outcome of ``ping``/``traceroute``: success and the tunnel hops taken."""

    success: bool
    hops: tuple[IPv4Address, ...] = ()


class LivePlane(Protocol):
    """The control-plane state the lab's commands print."""

    def state(self, name: str) -> DmvpnState:
        """The current state of router ``name`` (inventory name)."""

    def ping(self, name: str, destination: IPv4Address, source: IPv4Address | None) -> PingResult:
        """Send traffic from ``name`` (from ``source`` when given) to ``destination``."""


def route_for(state: DmvpnState, destination: IPv4Address) -> Route | None:
    """The longest-prefix route of ``state`` that covers ``destination``, or None."""
    best: Route | None = None
    for route in state.routes:
        if destination in route.prefix and (
            best is None or route.prefix.prefixlen > best.prefix.prefixlen
        ):
            best = route
    return best


class StaticPlane:
    """Fixed states: a router answers what it was given; a ping succeeds when routed."""

    def __init__(self, states: Mapping[str, DmvpnState]) -> None:
        self.states = dict(states)

    def state(self, name: str) -> DmvpnState:
        """The state given for ``name`` (an empty one when none was)."""
        return self.states.get(name, DmvpnState(name))

    def ping(self, name: str, destination: IPv4Address, source: IPv4Address | None) -> PingResult:
        """Success when ``name`` has a route to ``destination``; the tunnel next hop."""
        route = route_for(self.state(name), destination)
        if route is None:
            return PingResult(False)
        hop = route.next_hop
        return PingResult(True, (hop,) if hop is not None and route.interface else ())
