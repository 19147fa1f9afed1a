"""EIGRP over a DMVPN cloud (the deck's choice): model, rules, template context.

The hub's tunnel lines (``no ip split-horizon eigrp``, ``no ip next-hop-self eigrp`` in
Phase 2, ``ip summary-address eigrp`` with a hub summary) and the process are rendered
by ``templates/ios/_routing_eigrp.j2``.

Examples:
    >>> EIGRP.label(EigrpRouting(asn=10))
    'eigrp 10'
    >>> list(EIGRP.cloud_problems(EigrpRouting(hub_summary="10.0.0.0/8"), CloudFacts("c", 2)))[0][0]
    'hub_summary'
"""

from __future__ import annotations

from collections.abc import Iterator
from ipaddress import IPv4Network
from typing import Annotated, Literal

from pydantic import BaseModel, Field

from dmvpnprov.core.frozen import Frozen
from dmvpnprov.core.routing.base import CloudFacts, RoutingProtocol

__all__ = ["EIGRP", "EigrpRouting"]


class EigrpRouting(Frozen):
    """EIGRP over the cloud (the deck's choice)."""

    protocol: Literal["eigrp"] = "eigrp"
    asn: Annotated[int, Field(ge=1, le=65535)] = 1
    no_auto_summary: bool = True
    hub_summary: IPv4Network | None = None  # Phase 3: hub advertises only this summary
    # Spokes are stub routers (`eigrp stub connected`): never transit between clouds,
    # never queried. On by default; `false` for a spoke that must re-advertise routes.
    stub_spokes: bool = True


class _Eigrp(RoutingProtocol):
    name = "eigrp"
    order = 0

    def cloud_problems(self, config: BaseModel, cloud: CloudFacts) -> Iterator[tuple[str, str]]:
        assert isinstance(config, EigrpRouting)
        summary = config.hub_summary
        if summary is not None and cloud.phase != 3:
            msg = (
                f"a hub summary ({summary}) hides each spoke's next hop; Phase {cloud.phase} "
                "spoke-to-spoke tunnels need the specific routes (use phase 3)"
            )
            yield "hub_summary", msg

    def needed_features(
        self, config: BaseModel, hub: bool, cloud: CloudFacts
    ) -> Iterator[tuple[str, str]]:
        if hub and cloud.phase == 2:
            yield "eigrp_no_next_hop_self", "EIGRP Phase 2 hub: no ip next-hop-self eigrp"

    def hub_summary(self, config: BaseModel) -> IPv4Network | None:
        assert isinstance(config, EigrpRouting)
        return config.hub_summary

    def baseline_no_auto_summary(self, config: BaseModel, has_auto_summary_off: bool) -> bool:
        assert isinstance(config, EigrpRouting)
        return config.no_auto_summary and not has_auto_summary_off


EIGRP = _Eigrp()
