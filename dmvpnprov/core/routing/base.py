"""What every routing protocol module provides: one object the rest of the package asks.

Render, validation, the savings baseline and the validate report never test
``protocol == "..."``: they ask the protocol's :class:`RoutingProtocol` (found by
:func:`dmvpnprov.core.routing.protocol_of`) and the template dispatches to the macro
file it names. Adding a protocol is one module here, one macro file, one lab grammar
entry and docs.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from ipaddress import IPv4Network
from typing import Generic, TypeVar

from pydantic import BaseModel

__all__ = ["CloudFacts", "ProcessParts", "RoutingProtocol"]

N = TypeVar("N")


@dataclass(frozen=True)
class CloudFacts:
    """What a protocol's rules read of the cloud a config belongs to."""

    name: str
    phase: int
    spokes: int = 0  # spokes in the cloud


@dataclass(frozen=True, slots=True)
class ProcessParts(Generic[N]):
    """The statements a routing process needs on one router (networks as the caller's type)."""

    networks: tuple[N, ...]
    neighbors: tuple[str, ...] = ()  # peers addressed one by one (BGP spoke: each hub)
    listen_ranges: tuple[N, ...] = ()  # BGP hub: dynamic neighbours' subnets


class RoutingProtocol:
    """One routing protocol: its name, its process number, its rules, its template.

    Subclasses override what differs; the defaults describe an IGP that advertises the
    tunnel subnets and the LANs and needs nothing per peer.
    """

    name: str = ""
    order: int = 0  # processes are rendered in this order, then by number
    # The macro file is templates/ios/_routing_<name>.j2: tunnel_lines(t, hub),
    # process(p, hub, has_feature) and baseline(d).

    def number(self, config: BaseModel) -> int:
        """The process number (``router eigrp N``)."""
        return int(getattr(config, "asn"))  # noqa: B009 - every model names it

    def process_key(self, config: BaseModel) -> tuple[int, int]:
        """Sort and grouping key of the process: protocol order, then number."""
        return (self.order, self.number(config))

    def label(self, config: BaseModel) -> str:
        """``eigrp 1``, ``ospf 1``, ``bgp 65000``: how a report names the process."""
        return f"{self.name} {self.number(config)}"

    def process_parts(
        self,
        config: BaseModel,
        hub: bool,
        subnets: Sequence[N],
        lans: Sequence[N],
        hub_addresses: Sequence[str],
    ) -> ProcessParts[N]:
        """The networks (and peers) of the process on one router.

        ``subnets`` are the tunnel subnets of the router's clouds that use this process,
        ``lans`` its LAN networks, ``hub_addresses`` its hubs' tunnel addresses (spokes).
        """
        return ProcessParts((*subnets, *lans))

    def needed_features(
        self, config: BaseModel, hub: bool, cloud: CloudFacts
    ) -> Iterator[tuple[str, str]]:
        """(capability key, why) for each release feature the design asks for."""
        return iter(())

    def cloud_problems(self, config: BaseModel, cloud: CloudFacts) -> Iterator[tuple[str, str]]:
        """(field under ``routing``, message) for each setting that contradicts the cloud."""
        return iter(())

    def hub_summary(self, config: BaseModel) -> IPv4Network | None:
        """The summary the hubs advertise instead of the spokes' routes, if any."""
        return None

    def baseline_no_auto_summary(self, config: BaseModel, has_auto_summary_off: bool) -> bool:
        """Whether a static baseline of this process writes ``no auto-summary``."""
        return False
