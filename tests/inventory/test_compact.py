"""Less memory per router (shared field-name sets, batched validation), same results."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from dmvpnprov.core.models import Router
from dmvpnprov.inventory import load as load_module
from dmvpnprov.inventory.compact import share_field_sets
from dmvpnprov.inventory.load import load, load_fleet
from tests.support.inventories import Mutate


def test_loaded_routers_share_field_sets_and_keep_their_values(
    make_inventory: Callable[[Mutate | None], Path], inventory_env: dict[str, str]
) -> None:
    fleet = load_fleet(make_inventory(None), inventory_env)
    spokes = [r for r in fleet.routers if not r.is_hub]
    assert len(spokes) >= 2
    first, second = spokes[0], spokes[1]
    assert first.model_fields_set is second.model_fields_set
    assert first.nbma.model_fields_set is second.nbma.model_fields_set
    assert first.credentials == second.credentials  # written alike: one object
    assert first.credentials is second.credentials
    for router in fleet.routers:  # a fresh validation gives the same data and fields
        fresh = Router.model_validate(router.model_dump(exclude_unset=True))
        assert fresh == router
        assert fresh.model_fields_set == router.model_fields_set


def test_a_copy_with_updates_leaves_the_shared_set_alone(
    make_inventory: Callable[[Mutate | None], Path], inventory_env: dict[str, str]
) -> None:
    fleet = load_fleet(make_inventory(None), inventory_env)
    spokes = [r for r in fleet.routers if not r.is_hub]
    before = set(spokes[1].model_fields_set)
    copied = spokes[0].model_copy(update={"name": "other"})
    copied.model_fields_set.add("an-update")  # what model_copy does with its keys
    assert spokes[1].model_fields_set == before


def test_models_with_other_field_names_keep_their_own_set() -> None:
    a = Router.model_validate(_router("a", hostname="ha"))
    b = Router.model_validate(_router("b"))
    share_field_sets([a, b])
    assert "hostname" in a.model_fields_set
    assert a.model_fields_set is not b.model_fields_set


def _router(name: str, **extra: str) -> dict[str, object]:
    return {
        "name": name,
        "hostname": extra.get("hostname", name),
        "role": "spoke",
        "platform": "ISR4000",
        "ios_release": "17.3.4a",
        "nbma": {"interface": "Gi1", "address": "dhcp"},
        "tunnels": [{"cloud": "c", "address": "10.0.0.2"}],
        **({"groups": ["x"]} if not extra else {}),
    }


@pytest.mark.parametrize("batch", [1, 2])
def test_batched_validation_reports_as_one_batch(
    batch: int,
    make_inventory: Callable[[Mutate | None], Path],
    inventory_env: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def mutate(hosts: dict[str, Any], groups: dict[str, Any], defaults: dict[str, Any]) -> None:
        hosts["hub1"]["data"]["lans"][0]["address"] = "not-an-address"  # rescued
        hosts["spoke-b"]["data"]["nbma"]["address"] = "999.1.1.1/24"  # not rescued
        hosts["spoke-b"]["data"]["name"] = "x"  # an input problem, before validation's

    folder = make_inventory(mutate)
    whole = load(folder, inventory_env)
    monkeypatch.setattr(load_module, "_BATCH", batch)
    batched = load(folder, inventory_env)
    assert whole.problems and batched.problems == whole.problems
    assert whole.partial is not None and batched.partial == whole.partial
