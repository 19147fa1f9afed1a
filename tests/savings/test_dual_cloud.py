"""A hub in two clouds: every spoke costs a block per shared cloud in a static design."""

from __future__ import annotations

import pytest

from dmvpnprov.savings.baseline import render_baseline, spoke_related
from dmvpnprov.savings.measure import measure, render_dmvpn
from dmvpnprov.savings.peering import Design
from dmvpnprov.savings.report import build_savings
from dmvpnprov.savings.whatif import fleet_with_spokes
from tests.support.fleets import dual_cloud_fleet


@pytest.mark.parametrize("n", [1, 3, 10])
def test_static_hub_has_two_blocks_per_spoke(n: int) -> None:
    fleet = dual_cloud_fleet()
    m = measure(fleet, fleet.hubs[0], Design.STATIC_HUB, None)
    assert m.peers_per_spoke == 2
    grown = fleet_with_spokes(fleet, n)
    text = render_baseline(grown, grown.hubs[0], Design.STATIC_HUB)
    assert spoke_related(text) == m.related.lines(2 * n)
    assert text.count("interface Tunnel") == 2 * n


def test_report_counts_both_clouds() -> None:
    fleet = dual_cloud_fleet()
    s = build_savings(fleet, 10)
    hub = s.hubs[0]
    assert (
        hub.lines_per_spoke
        == 2 * measure(fleet, fleet.hubs[0], Design.STATIC_HUB, None).related.numbered
    )
    assert hub.baseline_lines == 10 * hub.lines_per_spoke
    assert hub.dmvpn_lines == spoke_related(render_dmvpn(fleet_with_spokes(fleet, 10), "hub1"))
    static, mesh = s.designs[1], s.designs[2]
    assert static.tunnels_per_spoke == 2
    assert mesh.tunnels_per_spoke == 2 + 9
    assert static.add_hub_lines_changed == hub.lines_per_spoke
