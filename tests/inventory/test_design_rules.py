"""Designs IOS accepts line by line but whose network would not work: refused or fixed."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from dmvpnprov.core.errors import Problem
from dmvpnprov.core.secrets import SecretStore
from dmvpnprov.inventory.load import load, load_fleet
from dmvpnprov.render.engine import render_fleet

Tree = dict[str, Any]
Edit = Callable[[Tree, Tree, Tree], None]
Make = Callable[..., Path]

_HUB2 = {
    "hostname": "192.0.2.2",
    "groups": ["hubs", "c7200"],
    "data": {
        "tunnels": [{"cloud": "dmvpn1", "address": "10.0.0.3"}],
        "nbma": {"interface": "GigabitEthernet0/1", "address": "130.25.14.1/24"},
        "lans": [{"interface": "GigabitEthernet0/2", "address": "192.168.100.1/24"}],
    },
}


def _problems(make: Make, env: dict[str, str], edit: Edit) -> list[Problem]:
    return load(make(edit), env).problems


def _text(problems: list[Problem], field: str) -> str:
    return "\n".join(p.message for p in problems if p.field == field)


def _routing(**routing: Any) -> Edit:
    def edit(hosts: Tree, groups: Tree, defaults: Tree) -> None:
        defaults["data"]["clouds"]["dmvpn1"]["routing"] = routing
        hosts["hub2"] = copy.deepcopy(_HUB2)
        for name in ("spoke-a", "spoke-b"):
            del hosts[name]["data"]["tunnels"][0]["nhs"]  # every hub

    return edit


def _configs(make: Make, env: dict[str, str], edit: Edit) -> dict[str, str]:
    return render_fleet(load_fleet(make(edit), env), SecretStore(env))


def test_dual_hub_hubs_map_and_register_with_each_other(
    make_inventory: Make, inventory_env: dict[str, str]
) -> None:
    configs = _configs(make_inventory, inventory_env, _routing(protocol="eigrp", asn=1))
    hub1, hub2 = configs["hub1"], configs["hub2"]
    for line in ("ip nhrp map 10.0.0.3 130.25.14.1", "ip nhrp map multicast 130.25.14.1",
                 "ip nhrp nhs 10.0.0.3"):  # fmt: skip
        assert f" {line}\n" in hub1
    assert " ip nhrp nhs 10.0.0.1\n" in hub2 and " ip nhrp map multicast dynamic\n" in hub2


def test_dual_hub_ospf_gives_the_hubs_distinct_dr_bdr_priorities(
    make_inventory: Make, inventory_env: dict[str, str]
) -> None:
    configs = _configs(make_inventory, inventory_env, _routing(protocol="ospf"))
    assert " ip ospf priority 255\n" in configs["hub1"]
    assert " ip ospf priority 254\n" in configs["hub2"]
    assert " ip ospf priority 0\n" in configs["spoke-a"]


def test_dual_hub_bgp_hubs_peer_and_listen_for_the_whole_cloud(
    make_inventory: Make, inventory_env: dict[str, str]
) -> None:
    def edit(hosts: Tree, groups: Tree, defaults: Tree) -> None:
        _routing(protocol="bgp", asn=65000)(hosts, groups, defaults)
        for name in ("spoke-a", "spoke-b"):  # BGP dynamic neighbours: 15.1(2)T
            hosts[name]["groups"] = ["spokes", "c7200"]
            hosts[name]["data"]["nbma"]["interface"] = "GigabitEthernet0/1"
            hosts[name]["data"]["lans"][0]["interface"] = "GigabitEthernet0/2"

    hub1 = _configs(make_inventory, inventory_env, edit)["hub1"]
    assert " neighbor 10.0.0.3 remote-as 65000\n" in hub1
    assert " bgp listen limit 5000\n" in hub1
    assert " neighbor SPOKES route-reflector-client\n" in hub1


@pytest.mark.parametrize(
    ("routing", "field", "needle"),
    [
        ({"protocol": "bgp", "hub_route_reflector": False}, "hub_route_reflector",
         "without a route reflector"),
        ({"protocol": "bgp", "listen_limit": 1}, "listen_limit", "has 2 spokes"),
    ],
)  # fmt: skip
def test_bgp_designs_that_cannot_work_are_refused(
    make_inventory: Make, inventory_env: dict[str, str], routing: Tree, field: str, needle: str
) -> None:
    def edit(hosts: Tree, groups: Tree, defaults: Tree) -> None:
        defaults["data"]["clouds"]["dmvpn1"]["routing"] = routing

    problems = _problems(make_inventory, inventory_env, edit)
    assert needle in _text(problems, f"data.clouds.dmvpn1.routing.{field}")


def _second_cloud(profile: str, network_id: int = 100) -> Edit:
    def edit(hosts: Tree, groups: Tree, defaults: Tree) -> None:
        data = defaults["data"]
        other = copy.deepcopy(data["crypto_profiles"]["deck"])
        other.update(ipsec_profile="other-prof", isakmp={"priority": 2})
        data["crypto_profiles"]["other"] = other
        data["clouds"]["backup"] = {
            "tunnel_subnet": "10.0.1.0/24", "network_id": network_id, "tunnel_key": 200,
            "crypto_profile": profile,
        }  # fmt: skip
        for name, address in (("hub1", "10.0.1.1"), ("spoke-a", "10.0.1.10")):
            hosts[name]["data"]["tunnels"].append(
                {"cloud": "backup", "interface": "Tunnel1", "address": address}
            )

    return edit


def test_two_clouds_on_one_source_must_share_the_ipsec_profile(
    make_inventory: Make, inventory_env: dict[str, str]
) -> None:
    problems = _problems(make_inventory, inventory_env, _second_cloud("other"))
    text = _text(problems, "data.tunnels[1].cloud")
    assert "IPsec profiles vpnprof and other-prof" in text
    ok = _problems(make_inventory, inventory_env, _second_cloud("deck"))
    assert ok == []


def test_one_nhrp_network_id_on_two_clouds_of_a_router_is_refused(
    make_inventory: Make, inventory_env: dict[str, str]
) -> None:
    problems = _problems(make_inventory, inventory_env, _second_cloud("deck", network_id=99))
    assert "both use NHRP network-id 99" in _text(problems, "data.tunnels[1].cloud")


@pytest.mark.parametrize(
    ("summary", "needle"),
    [
        ("192.168.1.0/24", "does not cover the spoke LANs 192.168.2.0/24"),
        ("0.0.0.0/0", "recursive routing"),
        ("128.0.0.0/1", "covers the NBMA (public) addresses 130.25.13.1"),
    ],
)
def test_a_hub_summary_covers_every_lan_and_no_nbma_address(
    make_inventory: Make, inventory_env: dict[str, str], summary: str, needle: str
) -> None:
    def edit(hosts: Tree, groups: Tree, defaults: Tree) -> None:
        cloud = defaults["data"]["clouds"]["dmvpn1"]
        cloud.update(phase=3, routing={"protocol": "eigrp", "asn": 1, "hub_summary": summary})

    problems = _problems(make_inventory, inventory_env, edit)
    assert needle in _text(problems, "data.clouds.dmvpn1.routing.hub_summary")


def test_a_router_behind_nat_needs_transport_mode(
    make_inventory: Make, inventory_env: dict[str, str]
) -> None:
    def edit(hosts: Tree, groups: Tree, defaults: Tree) -> None:
        hosts["spoke-a"]["data"]["nbma"].update(
            address="10.255.0.2/30", public_address="173.1.13.101"
        )

    problems = _problems(make_inventory, inventory_env, edit)
    assert "needs transport mode" in _text(problems, "data.crypto_profiles.deck.transform_set.mode")


def test_a_psk_peer_host_without_mask_is_one_host_in_the_ikev2_keyring(
    make_inventory: Make, inventory_env: dict[str, str]
) -> None:
    def edit(hosts: Tree, groups: Tree, defaults: Tree) -> None:
        profile = defaults["data"]["crypto_profiles"]["deck"]
        profile.update(ike_version=2, psk_peer="130.25.0.0",
                       ikev2={"encryption": ["aes-cbc-256"], "integrity": ["sha256"],
                              "prf": [], "group": [14]})  # fmt: skip
        for name in ("spoke-a", "spoke-b"):
            hosts[name]["groups"] = ["spokes", "c7200"]
            hosts[name]["data"]["nbma"]["interface"] = "GigabitEthernet0/1"
            hosts[name]["data"]["lans"][0]["interface"] = "GigabitEthernet0/2"

    hub = _configs(make_inventory, inventory_env, edit)["hub1"]
    assert "  address 130.25.0.0 255.255.255.255\n" in hub
    assert " match identity remote address 130.25.0.0\n" in hub


def _fvrf(hosts: Tree, groups: Tree, defaults: Tree) -> None:
    defaults["data"]["clouds"]["dmvpn1"]["fvrf"] = "INTERNET"


def test_a_front_door_vrf_needs_its_default_route(
    make_inventory: Make, inventory_env: dict[str, str]
) -> None:
    problems = _problems(make_inventory, inventory_env, _fvrf)
    assert "set nbma.gateway" in _text(problems, "data.nbma.gateway")

    def with_gateways(hosts: Tree, groups: Tree, defaults: Tree) -> None:
        _fvrf(hosts, groups, defaults)
        for name, gateway in (("hub1", "130.25.13.254"), ("spoke-a", "173.1.13.1"),
                              ("spoke-b", "158.200.2.1")):  # fmt: skip
            hosts[name]["data"]["nbma"]["gateway"] = gateway

    configs = _configs(make_inventory, inventory_env, with_gateways)
    hub, spoke = configs["hub1"], configs["spoke-a"]
    assert hub.startswith("vrf definition INTERNET\n")  # 15.2(4)M3
    assert spoke.startswith("ip vrf INTERNET\n")  # 12.4(15)T14
    assert " ip vrf forwarding INTERNET\n ip address 173.1.13.101" in spoke
    assert " tunnel vrf INTERNET\n" in spoke
    assert "ip route vrf INTERNET 0.0.0.0 0.0.0.0 173.1.13.1\n" in spoke
    assert "crypto keyring INTERNET-KEYRING vrf INTERNET\n" in spoke
    assert "crypto isakmp key" not in spoke  # a global key never matches a VRF peer


def test_a_default_summary_is_safe_only_with_a_front_door_vrf(
    make_inventory: Make, inventory_env: dict[str, str]
) -> None:
    def edit(hosts: Tree, groups: Tree, defaults: Tree) -> None:
        _fvrf(hosts, groups, defaults)
        cloud = defaults["data"]["clouds"]["dmvpn1"]
        cloud.update(phase=3, routing={"protocol": "eigrp", "hub_summary": "0.0.0.0/0"})

    problems = _problems(make_inventory, inventory_env, edit)
    assert _text(problems, "data.clouds.dmvpn1.routing.hub_summary") == ""


def test_the_vrf_keyring_key_is_masked() -> None:
    from dmvpnprov.core.secrets import mask_config  # noqa: PLC0415

    line = " pre-shared-key address 0.0.0.0 0.0.0.0 key s3cret-value"
    assert "s3cret-value" not in mask_config(line)
    assert mask_config(line).startswith(" pre-shared-key address 0.0.0.0 0.0.0.0 key ")


def test_ebgp_needs_phase_3_and_gives_spokes_allowas_in(
    make_inventory: Make, inventory_env: dict[str, str]
) -> None:
    def ebgp(phase: int) -> Edit:
        def edit(hosts: Tree, groups: Tree, defaults: Tree) -> None:
            cloud = defaults["data"]["clouds"]["dmvpn1"]
            cloud.update(phase=phase, routing={"protocol": "bgp", "spoke_asn": 65100})
            for name in ("spoke-a", "spoke-b"):  # BGP dynamic neighbours: 15.1(2)T
                hosts[name]["groups"] = ["spokes", "c7200"]
                hosts[name]["data"]["nbma"]["interface"] = "GigabitEthernet0/1"
                hosts[name]["data"]["lans"][0]["interface"] = "GigabitEthernet0/2"

        return edit

    problems = _problems(make_inventory, inventory_env, ebgp(2))
    assert "Phase 2" in _text(problems, "data.clouds.dmvpn1.routing.spoke_asn")
    configs = _configs(make_inventory, inventory_env, ebgp(3))
    assert "router bgp 65100\n" in configs["spoke-a"]
    assert " neighbor 10.0.0.1 allowas-in\n" in configs["spoke-a"]
    assert " neighbor SPOKES remote-as 65100\n" in configs["hub1"]
    assert "route-reflector-client" not in configs["hub1"]


def test_a_dual_hub_summary_keeps_the_hub_lans_outside(
    make_inventory: Make, inventory_env: dict[str, str]
) -> None:
    def edit(hosts: Tree, groups: Tree, defaults: Tree) -> None:
        _routing(protocol="eigrp", asn=1, hub_summary="192.168.0.0/16")(hosts, groups, defaults)
        defaults["data"]["clouds"]["dmvpn1"]["phase"] = 3

    problems = _problems(make_inventory, inventory_env, edit)
    text = _text(problems, "data.clouds.dmvpn1.routing.hub_summary")
    assert "covers the hub LANs 192.168.0.0/24, 192.168.100.0/24" in text
