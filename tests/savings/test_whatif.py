"""What-if fleets: N spokes from the inventory's pattern, valid and deterministic."""

from __future__ import annotations

import pytest

from dmvpnprov.core.errors import UserError
from dmvpnprov.core.models import Fleet
from dmvpnprov.savings.whatif import fleet_with_spokes, grow_fleet
from tests.support.paths import EXAMPLE_INVENTORY
from tests.support.processes import SEEDS, python_output

_GROW = """
import sys
from dmvpnprov.inventory.load import load_fleet
from dmvpnprov.savings.whatif import fleet_with_spokes
sys.stdout.write(fleet_with_spokes(load_fleet(sys.argv[1]), 40).model_dump_json())
"""


def test_same_input_same_fleet(example: Fleet) -> None:
    here = fleet_with_spokes(example, 40)
    again = fleet_with_spokes(example, 40)
    assert here == again
    assert here is not again
    assert len(here.spokes) == 40
    seeded = {python_output(_GROW, str(EXAMPLE_INVENTORY), hashseed=seed) for seed in SEEDS}
    assert seeded == {here.model_dump_json()}, "the what-if fleet depends on the hash seed"


@pytest.mark.parametrize("n", [1, 2, 3, 4, 253, 300, 1000])
def test_exactly_n_spokes_with_unique_addresses(example: Fleet, n: int) -> None:
    fleet = fleet_with_spokes(example, n)
    assert len(fleet.spokes) == n
    assert fleet.hubs == example.hubs
    names = [r.name for r in fleet.routers]
    assert len(set(names)) == len(names)
    subnet = fleet.clouds["dmvpn1"].tunnel_subnet
    tunnels = [t.address for r in fleet.routers for t in r.tunnels]
    assert len(set(tunnels)) == len(tunnels)
    assert all(a in subnet and a not in (subnet.network_address, subnet.broadcast_address)
               for a in tunnels)  # fmt: skip
    publics = [r.nbma.address.ip for r in fleet.routers if r.nbma.address != "dhcp"]
    assert len(set(publics)) == len(publics)
    lans = [lan.address.network for r in fleet.routers for lan in r.lans]
    assert len(set(lans)) == len(lans)
    assert not any(lan.overlaps(subnet) for lan in lans)


def test_existing_spokes_are_kept_first(example: Fleet) -> None:
    fleet = fleet_with_spokes(example, 10)
    assert fleet.spokes[: len(example.spokes)] == example.spokes
    new = fleet.spokes[len(example.spokes)]
    template = example.spokes[0]
    assert (new.platform, new.ios_release, new.nbma.interface) == (
        template.platform, template.ios_release, template.nbma.interface)  # fmt: skip
    assert new.tunnels[0].nhs == template.tunnels[0].nhs


def test_fewer_spokes_cuts_the_inventory(example: Fleet) -> None:
    assert fleet_with_spokes(example, 1).spokes == example.spokes[:1]


def test_tunnel_subnet_widened_with_a_note(example: Fleet) -> None:
    fleet, notes = grow_fleet(example, 1000)
    assert fleet.clouds["dmvpn1"].tunnel_subnet.prefixlen == 22
    assert any("10.0.0.0/22" in n for n in notes)
    assert grow_fleet(example, 100)[0].clouds["dmvpn1"].tunnel_subnet.prefixlen == 24


def test_more_than_the_address_plan_is_a_user_error(example: Fleet) -> None:
    with pytest.raises(UserError, match="50,000"):
        fleet_with_spokes(example, 50_001)


@pytest.mark.parametrize("n", [0, -3])
def test_fewer_than_one_spoke_is_a_user_error(example: Fleet, n: int) -> None:
    with pytest.raises(UserError, match="--spokes"):
        fleet_with_spokes(example, n)


def test_a_fleet_without_spokes_grows_from_its_hub(example: Fleet) -> None:
    bare = example.model_copy(update={"routers": example.hubs})
    fleet = fleet_with_spokes(bare, 3)
    assert len(fleet.spokes) == 3
    assert all(s.tunnels[0].cloud == "dmvpn1" for s in fleet.spokes)
