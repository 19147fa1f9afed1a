"""Validation never stops early: every rule runs on everything that can be read."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from dmvpnprov.inventory.load import load

Tree = dict[str, Any]
Make = Callable[..., Path]


def test_an_invalid_network_id_hides_no_other_problem(
    make_inventory: Make, inventory_env: dict[str, str]
) -> None:
    def edit(hosts: Tree, groups: Tree, defaults: Tree) -> None:
        cloud = defaults["data"]["clouds"]["dmvpn1"]
        cloud.update(network_id=0, phase=3)
        hosts["spoke-a"]["data"].update(platform="2600XM", ios_release="12.4(25d)")

    env = {**inventory_env, "DMVPN_NHRP_AUTH": "longer-than-8"}
    problems = load(make_inventory(edit), env).problems
    fields = {(p.host, p.field) for p in problems}
    assert (None, "data.clouds.dmvpn1.network_id") in fields
    assert (None, "data.clouds.dmvpn1.nhrp_auth") in fields  # the over-long NHRP key
    phase3 = [p for p in problems if p.host == "spoke-a" and "Phase 3" in p.message]
    assert phase3, "\n".join(map(str, problems))  # 12.4(25d) lacks Phase 3


def test_a_phase1_spoke_with_two_nhs_fails_validate(
    make_inventory: Make, inventory_env: dict[str, str]
) -> None:
    def edit(hosts: Tree, groups: Tree, defaults: Tree) -> None:
        defaults["data"]["clouds"]["dmvpn1"]["phase"] = 1
        hub2 = {
            "hostname": "192.0.2.2",
            "groups": ["hubs", "c7200"],
            "data": {
                "tunnels": [{"cloud": "dmvpn1", "address": "10.0.0.3"}],
                "nbma": {"interface": "GigabitEthernet0/1", "address": "130.25.14.1/24"},
                "lans": [{"interface": "GigabitEthernet0/2", "address": "192.168.100.1/24"}],
            },
        }
        hosts["hub2"] = hub2
        hosts["spoke-a"]["data"]["tunnels"][0]["nhs"] = ["hub1", "hub2"]
        del hosts["spoke-b"]["data"]["tunnels"][0]["nhs"]  # every hub of the cloud: two

    problems = load(make_inventory(edit), inventory_env).problems
    hits = {p.host for p in problems if p.field == "data.tunnels[0].nhs" and "Phase 1" in p.message}
    assert hits == {"spoke-a", "spoke-b"}


def test_a_host_with_a_bad_lan_is_still_release_checked(
    make_inventory: Make, inventory_env: dict[str, str]
) -> None:
    def edit(hosts: Tree, groups: Tree, defaults: Tree) -> None:
        defaults["data"]["clouds"]["dmvpn1"]["phase"] = 3
        data = hosts["spoke-a"]["data"]
        data.update(platform="2600XM", ios_release="12.4(25d)")
        data["lans"][0]["address"] = "192.168.1.1/33"

    problems = load(make_inventory(edit), inventory_env).problems
    fields = {(p.host, p.field) for p in problems}
    assert ("spoke-a", "data.lans[0].address") in fields
    phase3 = [p for p in problems if p.host == "spoke-a" and "Phase 3" in p.message]
    assert phase3, "\n".join(map(str, problems))
