"""OSPF over a DMVPN cloud: model, rules, template context.

Network type broadcast with the hub as DR and spokes at priority 0 (Phase 2); the
tunnel lines and the process are rendered by ``templates/ios/_routing_ospf.j2``.

Examples:
    >>> OSPF.label(OspfRouting(process_id=7))
    'ospf 7'
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, Field

from dmvpnprov.core.frozen import Frozen
from dmvpnprov.core.routing.base import RoutingProtocol

__all__ = ["OSPF", "OspfRouting"]


class OspfRouting(Frozen):
    """OSPF over the cloud: network type broadcast, spokes priority 0 (Phase 2)."""

    protocol: Literal["ospf"] = "ospf"
    process_id: Annotated[int, Field(ge=1, le=65535)] = 1
    area: Annotated[int, Field(ge=0)] = 0
    hub_priority: Annotated[int, Field(ge=1, le=255)] = 255
    # None: broadcast (hub DR) in Phases 1/2, point-to-multipoint in Phase 3, where the
    # hub summarises and spokes need no DR (Cisco DMVPN Phase 3 design).
    network_type: Literal["broadcast", "point-to-multipoint"] | None = None


class _Ospf(RoutingProtocol):
    name = "ospf"
    order = 1

    def number(self, config: BaseModel) -> int:
        assert isinstance(config, OspfRouting)
        return config.process_id


OSPF = _Ospf()
