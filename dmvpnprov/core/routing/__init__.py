"""Routing protocols over a DMVPN cloud: one module each (EIGRP, OSPF, BGP).

Each module holds its protocol's model fields, its validation rules and its template
context, behind a :class:`~dmvpnprov.core.routing.base.RoutingProtocol`; the template side
is one macro file per protocol (``templates/ios/_routing_<name>.j2``).

Examples:
    >>> protocol_of(OspfRouting()).name
    'ospf'
    >>> sorted(PROTOCOLS)
    ['bgp', 'eigrp', 'ospf']
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, Field

from dmvpnprov.core.routing.base import CloudFacts, ProcessParts, RoutingProtocol
from dmvpnprov.core.routing.bgp import BGP, BgpRouting
from dmvpnprov.core.routing.eigrp import EIGRP, EigrpRouting
from dmvpnprov.core.routing.ospf import OSPF, OspfRouting

__all__ = [
    "PROTOCOLS",
    "BgpRouting",
    "CloudFacts",
    "EigrpRouting",
    "OspfRouting",
    "ProcessParts",
    "RoutingConfig",
    "RoutingProtocol",
    "protocol_of",
]

RoutingConfig = Annotated[EigrpRouting | OspfRouting | BgpRouting, Field(discriminator="protocol")]

PROTOCOLS: dict[str, RoutingProtocol] = {p.name: p for p in (EIGRP, OSPF, BGP)}


def protocol_of(config: BaseModel) -> RoutingProtocol:
    """The protocol object of a routing config (by its ``protocol`` field)."""
    return PROTOCOLS[str(getattr(config, "protocol"))]  # noqa: B009 - the discriminator
