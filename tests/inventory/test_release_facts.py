"""Release and hardware facts: each inventory below validated on the old table and must not."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from dmvpnprov.core.errors import Problem
from dmvpnprov.inventory.load import load

Tree = dict[str, Any]
Make = Callable[..., Path]


def _problems(
    make: Make, env: dict[str, str], edit: Callable[[Tree, Tree, Tree], None]
) -> list[Problem]:
    return load(make(edit), env).problems


def _hub(**data: Any) -> Callable[[Tree, Tree, Tree], None]:
    def edit(hosts: Tree, groups: Tree, defaults: Tree) -> None:
        hosts["hub1"]["data"].update(data)

    return edit


def _profile(**fields: Any) -> Callable[[Tree, Tree, Tree], None]:
    def edit(hosts: Tree, groups: Tree, defaults: Tree) -> None:
        defaults["data"]["crypto_profiles"]["deck"].update(fields)

    return edit


def _messages(problems: list[Problem], host: str, field: str) -> str:
    return "\n".join(p.message for p in problems if p.host == host and p.field == field)


def test_phase2_eigrp_hub_on_12_2t_is_refused_with_what_works(
    make_inventory: Make, inventory_env: dict[str, str]
) -> None:
    edit = _hub(
        platform="3725",
        ios_release="12.2(15)T",
        nbma={"interface": "FastEthernet0/0", "address": "130.25.13.1/24"},
        lans=[{"interface": "FastEthernet0/1", "address": "192.168.0.1/24"}],
    )
    text = _messages(_problems(make_inventory, inventory_env, edit), "hub1", "data.ios_release")
    assert "no ip next-hop-self eigrp" in text
    assert "12.3(1) or later" in text
    assert "instead: Phase 2 EIGRP cannot work without it" in text


@pytest.mark.parametrize(
    ("fields", "needle"),
    [
        ({"isakmp": {"priority": 1, "hash": "sha256"}}, "isakmp hash sha256"),
        ({"isakmp": {"priority": 1, "group": 19}}, "isakmp group 19"),
        ({"isakmp": {"priority": 1, "group": 24}}, "isakmp group 24"),
        ({"pfs_group": "group20"}, "set pfs group20"),
    ],
)
def test_ikev1_suite_b_values_are_release_checked(
    make_inventory: Make, inventory_env: dict[str, str], fields: Tree, needle: str
) -> None:
    problems = _problems(make_inventory, inventory_env, _profile(**fields))
    text = _messages(problems, "spoke-a", "data.ios_release")  # 12.4(15)T14
    assert needle in text


def test_ikev2_gcm_and_prf_need_more_than_base_ikev2(
    make_inventory: Make, inventory_env: dict[str, str]
) -> None:
    def edit(hosts: Tree, groups: Tree, defaults: Tree) -> None:
        defaults["data"]["crypto_profiles"]["deck"].update(ike_version=2)
        for name in ("spoke-a", "spoke-b"):
            hosts[name]["groups"] = ["spokes", "c7200"]
            hosts[name]["data"]["nbma"]["interface"] = "GigabitEthernet0/1"
            hosts[name]["data"]["lans"][0]["interface"] = "GigabitEthernet0/2"
        groups["c7200"]["data"]["ios_release"] = "15.1(4)M"

    text = _messages(_problems(make_inventory, inventory_env, edit), "hub1", "data.ios_release")
    assert "AES-GCM encryption in an IKEv2 proposal" in text
    assert "a separate prf" in text


def test_xe_17_11_and_later_refuse_the_deck_crypto(
    make_inventory: Make, inventory_env: dict[str, str]
) -> None:
    def on(release: str) -> Callable[[Tree, Tree, Tree], None]:
        return _hub(
            platform="ISR4000",
            ios_release=release,
            nbma={"interface": "GigabitEthernet0/0/0", "address": "130.25.13.1/24"},
            lans=[{"interface": "GigabitEthernet0/0/1", "address": "192.168.0.1/24"}],
        )

    new = _messages(
        _problems(make_inventory, inventory_env, on("17.12.1a")), "hub1", "data.ios_release"
    )
    assert "FN72510" in new
    assert "isakmp.encryption des" in new and "transform_set.transforms esp-md5-hmac" in new
    old = _problems(make_inventory, inventory_env, on("17.3.4a"))
    assert [p for p in old if p.host == "hub1"] == []


def test_an_interface_the_hardware_lacks_is_refused(
    make_inventory: Make, inventory_env: dict[str, str]
) -> None:
    def edit(hosts: Tree, groups: Tree, defaults: Tree) -> None:
        hosts["spoke-a"]["data"]["platform"] = "3745"
        hosts["spoke-a"]["data"]["nbma"]["interface"] = "Ethernet0"

    problems = _problems(make_inventory, inventory_env, edit)
    text = _messages(problems, "spoke-a", "data.nbma.interface")
    assert "Ethernet0 does not exist on a Cisco 3745" in text
    assert "FastEthernet0/{0,1}" in text
    assert _messages(problems, "spoke-a", "data.lans[0].interface") == ""  # FastEthernet0/1


@pytest.mark.parametrize(
    ("platform", "interface", "ok"),
    [("1751", "FastEthernet0", False), ("1751", "FastEthernet0/0", True),
     ("1721", "FastEthernet0", True), ("1721", "FastEthernet0/0", False),
     ("1710", "Ethernet0", True)],
)  # fmt: skip
def test_the_1700_models_name_their_ports_differently(
    make_inventory: Make, inventory_env: dict[str, str], platform: str, interface: str, ok: bool
) -> None:
    def edit(hosts: Tree, groups: Tree, defaults: Tree) -> None:
        data = hosts["spoke-a"]["data"]
        data.update(platform=platform, ios_release="12.4(15)T", lans=[])
        data["nbma"]["interface"] = interface

    text = _messages(
        _problems(make_inventory, inventory_env, edit), "spoke-a", "data.nbma.interface"
    )
    assert (text == "") is ok, text


@pytest.mark.parametrize(("release", "ok"), [("12.4(25d)", True), ("12.4(24)T", False)])
def test_the_3700_runs_the_12_4_mainline_to_its_end(
    make_inventory: Make, inventory_env: dict[str, str], release: str, ok: bool
) -> None:
    def edit(hosts: Tree, groups: Tree, defaults: Tree) -> None:
        hosts["spoke-a"]["data"].update(platform="3745", ios_release=release)

    text = _messages(_problems(make_inventory, inventory_env, edit), "spoke-a", "data.ios_release")
    assert ("newer than the 3745 can run" not in text) is ok, text


@pytest.mark.parametrize(
    ("cloud", "needle"),
    [
        ({"if_state_nhrp": True}, "if-state nhrp"),
        ({"nhs_priority": True}, "NHS priority, clusters and fallback"),
        ({"nhs_fallback": 60}, "NHS priority, clusters and fallback"),
    ],
)
def test_production_options_are_release_gated(
    make_inventory: Make, inventory_env: dict[str, str], cloud: Tree, needle: str
) -> None:
    def edit(hosts: Tree, groups: Tree, defaults: Tree) -> None:
        defaults["data"]["clouds"]["dmvpn1"].update(cloud)

    problems = _problems(make_inventory, inventory_env, edit)
    assert needle in _messages(problems, "spoke-a", "data.ios_release")  # 12.4(15)T14
    assert _messages(problems, "hub1", "data.ios_release") == ""  # hubs render none of it


def test_invalid_spi_recovery_needs_12_3_2_t(
    make_inventory: Make, inventory_env: dict[str, str]
) -> None:
    def edit(hosts: Tree, groups: Tree, defaults: Tree) -> None:
        defaults["data"]["crypto_profiles"]["deck"]["invalid_spi_recovery"] = True
        hosts["spoke-a"]["data"].update(platform="2600", ios_release="12.2(15)T")
        hosts["spoke-a"]["data"]["nbma"]["interface"] = "Ethernet0/0"
        hosts["spoke-a"]["data"]["lans"][0]["interface"] = "Ethernet0/1"

    text = _messages(_problems(make_inventory, inventory_env, edit), "spoke-a", "data.ios_release")
    assert "crypto isakmp invalid-spi-recovery" in text
