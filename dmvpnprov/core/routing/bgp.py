"""iBGP over a DMVPN cloud: model, rules, template context.

Hubs are route reflectors with dynamic neighbours (``bgp listen range``), so a hub has
no per-spoke line; spokes peer with each of their hubs. Rendered by
``templates/ios/_routing_bgp.j2``.

Examples:
    >>> parts = BGP.process_parts(BgpRouting(), False, ["10.0.0.0/24"], ["192.168.1.0/24"],
    ...                           ["10.0.0.1", "10.0.0.2"])
    >>> parts.networks, parts.neighbors
    (('192.168.1.0/24',), ('10.0.0.1', '10.0.0.2'))
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Annotated, Literal, TypeVar

from pydantic import BaseModel, Field

from dmvpnprov.core.frozen import Frozen
from dmvpnprov.core.routing.base import CloudFacts, ProcessParts, RoutingProtocol

__all__ = ["BGP", "BgpRouting"]

N = TypeVar("N")


class BgpRouting(Frozen):
    """iBGP over the cloud: hubs are route reflectors, spokes peer with every hub."""

    protocol: Literal["bgp"] = "bgp"
    asn: Annotated[int, Field(ge=1, le=4294967295)] = 65000
    hub_route_reflector: bool = True
    # Dynamic peers a hub accepts (IOS default 100 silently caps a larger cloud); the
    # maximum by default so that adding a spoke never changes a hub's config.
    listen_limit: Annotated[int, Field(ge=1, le=5000)] = 5000
    router_id: bool = False  # `bgp router-id <tunnel address>`: stable across NBMA changes
    # eBGP: the spokes' AS (all spokes share it; hubs keep `asn`). None: iBGP.
    spoke_asn: Annotated[int, Field(ge=1, le=4294967295)] | None = None

    @property
    def ebgp(self) -> bool:
        """True when the spokes are in their own AS."""
        return self.spoke_asn is not None and self.spoke_asn != self.asn


class _Bgp(RoutingProtocol):
    name = "bgp"
    order = 2

    def process_parts(
        self,
        config: BaseModel,
        hub: bool,
        subnets: Sequence[N],
        lans: Sequence[N],
        hub_addresses: Sequence[str],
    ) -> ProcessParts[N]:
        if hub:
            # Dynamic neighbours keep the hub free of per-spoke lines; a release without
            # them is refused by validation rather than given static ones. The other hubs
            # (dual hub) are static iBGP peers: reflectors exchange their clients' routes.
            peers = tuple(dict.fromkeys(hub_addresses))
            return ProcessParts(tuple(lans), neighbors=peers, listen_ranges=tuple(subnets))
        return ProcessParts(tuple(lans), neighbors=tuple(dict.fromkeys(hub_addresses)))

    def cloud_problems(self, config: BaseModel, cloud: CloudFacts) -> Iterator[tuple[str, str]]:
        assert isinstance(config, BgpRouting)
        if config.ebgp and cloud.phase == 2:
            msg = (
                "an eBGP hub advertises itself as next hop, so Phase 2 spoke-to-spoke "
                "tunnels never form: use phase 3 (NHRP redirects build the shortcuts) or iBGP"
            )
            yield "spoke_asn", msg
        if not config.hub_route_reflector and not config.ebgp:
            msg = (
                "iBGP peers never pass on what they learn from another iBGP peer: without "
                "a route reflector on the hubs no spoke learns another spoke's LAN (set "
                "hub_route_reflector: true)"
            )
            yield "hub_route_reflector", msg
        if cloud.spokes > config.listen_limit:
            msg = (
                f"cloud {cloud.name} has {cloud.spokes} spokes but a hub accepts at most "
                f"{config.listen_limit} dynamic BGP peers (bgp listen limit, at most 5000): "
                "the rest would never peer; split the spokes over more clouds"
            )
            yield "listen_limit", msg

    def needed_features(
        self, config: BaseModel, hub: bool, cloud: CloudFacts
    ) -> Iterator[tuple[str, str]]:
        if hub:
            yield "bgp_dynamic_neighbors", "BGP hub: bgp listen range"


BGP = _Bgp()
