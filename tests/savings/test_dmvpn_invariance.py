"""DMVPN's claim, checked with the real render: the hub never changes for a new spoke."""

from __future__ import annotations

import pytest

from dmvpnprov.core.models import Fleet
from dmvpnprov.savings.baseline import count_lines, spoke_related
from dmvpnprov.savings.measure import render_dmvpn
from dmvpnprov.savings.whatif import fleet_with_spokes


def test_adding_a_spoke_changes_no_byte_of_the_hub(example: Fleet) -> None:
    grown = fleet_with_spokes(example, len(example.spokes) + 1)
    assert len(grown.spokes) == len(example.spokes) + 1
    for hub in example.hubs:
        assert render_dmvpn(example, hub.name) == render_dmvpn(grown, hub.name)


def test_adding_a_spoke_changes_no_byte_of_the_other_spokes(example: Fleet) -> None:
    grown = fleet_with_spokes(example, len(example.spokes) + 1)
    for spoke in example.spokes:
        assert render_dmvpn(example, spoke.name) == render_dmvpn(grown, spoke.name)


@pytest.mark.parametrize("n", [100, 1000])
def test_hub_line_count_does_not_change_from_10_to_1000_spokes(example: Fleet, n: int) -> None:
    hub = example.hubs[0].name
    ten = render_dmvpn(fleet_with_spokes(example, 10), hub)
    many = render_dmvpn(fleet_with_spokes(example, n), hub)
    assert spoke_related(many) == spoke_related(ten)
    assert count_lines(many) == count_lines(ten)


def test_the_deck_network_renders_the_deck_16_hub_lines(deck: Fleet) -> None:
    assert spoke_related(render_dmvpn(deck, "hub1")) == 16
