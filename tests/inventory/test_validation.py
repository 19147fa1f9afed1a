"""Every validation rule: bad input in, a problem naming file, host and field out."""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest
import yaml

from dmvpnprov.core.errors import InputProblems, Problem
from dmvpnprov.inventory.load import load, load_fleet

Tree = dict[str, Any]
Make = Callable[..., Path]


def set_path(tree: Tree, dotted: str, value: Any) -> None:
    """Set ``tree['a']['b'][0]['c']`` from ``"a.b[0].c"``; ``None`` deletes, [len] appends."""
    parts: list[str | int] = []
    for piece in dotted.split("."):
        name, *indexes = re.split(r"\[(\d+)\]", piece)
        parts += [name] if name else []
        parts += [int(i) for i in indexes if i]
    node: Any = tree
    for part in parts[:-1]:
        node = node[part]
    last = parts[-1]
    if value is None:
        del node[last]
    elif isinstance(node, list) and last == len(node):
        node.append(value)
    else:
        node[last] = value


def problems_of(make: Make, env: dict[str, str], **changes: Any) -> list[Problem]:
    """Problems of the small inventory after ``hosts__path=value`` style changes."""

    def mutate(hosts: Tree, groups: Tree, defaults: Tree) -> None:
        trees = {"hosts": hosts, "groups": groups, "defaults": defaults}
        for key, value in changes.items():
            tree, path = key.split("__", 1)
            set_path(trees[tree], path.replace("__", "."), value)

    return load(make(mutate), env).problems


def find(
    problems: Sequence[Problem], file: str, host: str | None, field: str | None, text: str
) -> Problem:
    """The one problem at (file, host, field) whose message contains ``text``."""
    hits = [
        p
        for p in problems
        if Path(p.file).name == file and p.host == host and p.field == field and text in p.message
    ]
    assert hits, f"no {file}/{host}/{field}/{text!r} in:\n" + "\n".join(map(str, problems))
    return hits[0]


def test_the_small_inventory_is_valid(make_inventory: Make, inventory_env: dict[str, str]) -> None:
    assert load(make_inventory(), inventory_env).problems == []


_CLOUD2 = {"tunnel_subnet": "10.0.1.0/24", "network_id": 100, "crypto_profile": "deck"}

# (changes, file, host, field, text): one row per rule
CASES: list[tuple[dict[str, Any], str, str | None, str | None, str]] = [
    # unknown keys, with a suggestion
    ({"hosts__spoke-a__data__tunnles": []}, "hosts.yaml", "spoke-a", "data.tunnles",
     "unknown key 'tunnles' (did you mean 'tunnels'?)"),
    ({"hosts__spoke-a__data__tunnels[0]__adress": "10.0.0.9"}, "hosts.yaml", "spoke-a",
     "data.tunnels[0].adress", "did you mean 'address'?"),
    ({"defaults__data__clouds__dmvpn1__holdtim": 300}, "defaults.yaml", None,
     "data.clouds.dmvpn1.holdtim", "unknown key 'holdtim' (did you mean 'holdtime'?)"),
    ({"defaults__data__clouds__dmvpn1__routing__asm": 2}, "defaults.yaml", None,
     "data.clouds.dmvpn1.routing.asm", "did you mean 'asn'?"),
    ({"hosts__spoke-a__hostnmae": "x"}, "hosts.yaml", "spoke-a", "hostnmae",
     "did you mean 'hostname'?"),
    ({"groups__c7200__data__ios_relase": "15.1(4)M"}, "groups.yaml", "hub1",
     "data.ios_relase", "did you mean 'ios_release'?"),
    # values out of range or of the wrong kind
    ({"defaults__data__clouds__dmvpn1__network_id": 0}, "defaults.yaml", None,
     "data.clouds.dmvpn1.network_id", "must be >= 1"),
    ({"defaults__data__clouds__dmvpn1__network_id": 4294967296}, "defaults.yaml", None,
     "data.clouds.dmvpn1.network_id", "must be <= 4294967295"),
    ({"defaults__data__clouds__dmvpn1__tunnel_key": -1}, "defaults.yaml", None,
     "data.clouds.dmvpn1.tunnel_key", "must be >= 0"),
    ({"defaults__data__clouds__dmvpn1__tunnel_key": 4294967296}, "defaults.yaml", None,
     "data.clouds.dmvpn1.tunnel_key", "must be <= 4294967295"),
    ({"defaults__data__clouds__dmvpn1__holdtime": 0}, "defaults.yaml", None,
     "data.clouds.dmvpn1.holdtime", "must be >= 1"),
    ({"defaults__data__clouds__dmvpn1__holdtime": 65536}, "defaults.yaml", None,
     "data.clouds.dmvpn1.holdtime", "must be <= 65535"),
    ({"defaults__data__clouds__dmvpn1__ip_mtu": 60}, "defaults.yaml", None,
     "data.clouds.dmvpn1.ip_mtu", "must be >= 68"),
    ({"defaults__data__clouds__dmvpn1__tcp_adjust_mss": 1500}, "defaults.yaml", None,
     "data.clouds.dmvpn1.tcp_adjust_mss", "must be <= 1460"),
    ({"defaults__data__clouds__dmvpn1__tunnel_subnet": "10.0.0.1/24"}, "defaults.yaml", None,
     "data.clouds.dmvpn1.tunnel_subnet", "host bits set; the network is 10.0.0.0/24"),
    ({"groups__hubs__data__role": "hubb"}, "groups.yaml", "hub1", "data.role",
     "did you mean 'hub'?"),
    ({"hosts__spoke-a__data__nbma__address": "dchp"}, "hosts.yaml", "spoke-a",
     "data.nbma.address", "'dchp'"),
    ({"hosts__spoke-a__data__tunnels[0]__address": "10.0.0.300"}, "hosts.yaml", "spoke-a",
     "data.tunnels[0].address", "10.0.0.300"),
    ({"hosts__spoke-a__data__nbma": None}, "hosts.yaml", "spoke-a", "data.nbma", "missing"),
    ({"groups__c3725__data__ios_release": 12.4}, "groups.yaml", "spoke-a", "data.ios_release",
     "must be text (quote it in YAML: '12.4')"),
    ({"defaults__data__clouds__dmvpn1__holdtime": "long"}, "defaults.yaml", None,
     "data.clouds.dmvpn1.holdtime", "'long' is not a whole number"),
    ({"defaults__data__clouds__dmvpn1__routing__protocol": "rip"}, "defaults.yaml", None,
     "data.clouds.dmvpn1.routing", "protocol 'rip' is not one of 'eigrp', 'ospf', 'bgp'"),
    ({"hosts__spoke-a__data__tunnels[0]__interface": "Tu0"}, "hosts.yaml", "spoke-a",
     "data.tunnels[0].interface", "'Tu0' is not a tunnel interface"),
    ({"defaults__data__crypto_profiles__deck__psk__env": "DMVPN-PSK"}, "defaults.yaml", None,
     "data.crypto_profiles.deck.psk.env", "not an environment variable name"),
    ({"hosts__spoke-a__data__nbma__interface": "Fast Ethernet0/0"}, "hosts.yaml", "spoke-a",
     "data.nbma.interface", "must be one word"),
    ({"defaults__data__clouds__dmvpn1__nhs_one_line": "maybe"}, "defaults.yaml", None,
     "data.clouds.dmvpn1.nhs_one_line", "'maybe' is not true or false"),
    # fleet-wide rules
    ({"hosts__spoke-b__data__tunnels[0]__address": "10.0.0.10"}, "hosts.yaml", "spoke-b",
     "data.tunnels[0].address", "already used in cloud dmvpn1 by spoke-a"),
    ({"hosts__spoke-a__data__tunnels[0]__address": "10.0.1.10"}, "hosts.yaml", "spoke-a",
     "data.tunnels[0].address", "outside cloud dmvpn1's tunnel subnet 10.0.0.0/24"),
    ({"hosts__spoke-a__data__tunnels[0]__address": "10.0.0.0"}, "hosts.yaml", "spoke-a",
     "data.tunnels[0].address", "network address"),
    ({"hosts__spoke-a__data__tunnels[0]__address": "10.0.0.255"}, "hosts.yaml", "spoke-a",
     "data.tunnels[0].address", "broadcast address"),
    ({"hosts__spoke-a__data__tunnels[0]__cloud": "dmvpn9"}, "hosts.yaml", "spoke-a",
     "data.tunnels[0].cloud", "unknown cloud 'dmvpn9'"),
    ({"defaults__data__clouds__dmvpn1__crypto_profile": "strong"}, "defaults.yaml", None,
     "data.clouds.dmvpn1.crypto_profile", "unknown crypto profile 'strong'"),
    ({"hosts__hub1__data__nbma__address": "dhcp"}, "hosts.yaml", "hub1", "data.nbma.address",
     "a hub needs a static NBMA address"),
    ({"hosts__spoke-a__data__tunnels[0]__nhs": ["spoke-b"]}, "hosts.yaml", "spoke-a",
     "data.tunnels[0].nhs[0]", "'spoke-b' is not a hub of cloud dmvpn1"),
    ({"hosts__hub1__data__tunnels[0]__nhs": ["hub1"]}, "hosts.yaml", "hub1",
     "data.tunnels[0].nhs", "nhs is for spokes"),
    ({"groups__hubs__data__role": "spoke", "hosts__spoke-a__data__tunnels[0]__nhs": []},
     "hosts.yaml", "spoke-a", "data.tunnels[0].cloud", "cloud dmvpn1 has no hub"),
    ({"hosts__spoke-b__data__lans[0]__address": "192.168.1.129/25"}, "hosts.yaml", "spoke-b",
     "data.lans[0].address", "LAN 192.168.1.128/25 overlaps 192.168.1.0/24, a LAN of spoke-a"),
    ({"hosts__spoke-b__data__lans[0]__address": "10.0.0.200/30"}, "hosts.yaml", "spoke-b",
     "data.lans[0].address", "overlaps cloud dmvpn1's tunnel subnet 10.0.0.0/24"),
    ({"hosts__spoke-a__data__lans[1]": {"interface": "Loopback0", "address": "192.168.1.5/30"}},
     "hosts.yaml", "spoke-a", "data.lans[1].address", "overlaps its own LAN 192.168.1.0/24"),
    ({"defaults__data__clouds__dmvpn2": {**_CLOUD2, "tunnel_subnet": "10.0.0.128/25"}},
     "defaults.yaml", None, "data.clouds.dmvpn2.tunnel_subnet",
     "overlaps cloud dmvpn1's tunnel subnet 10.0.0.0/24"),
    ({"hosts__spoke-b__data__nbma__address": "173.1.13.101/24"}, "hosts.yaml", "spoke-b",
     "data.nbma.address", "NBMA address 173.1.13.101 is also spoke-a's"),
    ({"hosts__spoke-a__data__lans[0]__interface": "FastEthernet0/0"}, "hosts.yaml", "spoke-a",
     "data.lans[0].interface", "already the NBMA interface"),
    ({"hosts__spoke-a__data__tunnels[0]__nhs": ["hub1", "hub1"]}, "hosts.yaml", "spoke-a",
     "data.tunnels[0].nhs[1]", "hub1 is listed twice"),
    ({"defaults__data__clouds__dmvpn1__name": "other"}, "defaults.yaml", None,
     "data.clouds.dmvpn1.name", "the entry's key (dmvpn1) is its name"),
    ({"defaults__data__clouds__dmvpn1__tcp_adjust_mss": 1400}, "defaults.yaml", None,
     "data.clouds.dmvpn1.tcp_adjust_mss", "exceeds ip mtu 1416 - 40"),
    ({"defaults__data__clouds__dmvpn1__routing__hub_summary": "192.168.0.0/16"},
     "defaults.yaml", None, "data.clouds.dmvpn1.routing.hub_summary", "use phase 3"),
    # Nornir's own fields
    ({"hosts__spoke-a__password": "cisco"}, "hosts.yaml", "spoke-a", "password",
     "a password is never written in the inventory"),
    ({"hosts__spoke-a__platform": "cisco_iso"}, "hosts.yaml", "spoke-a", "platform",
     "did you mean 'cisco_ios'?"),
    ({"hosts__spoke-a__platform": "cisco_ios_telnet", "hosts__spoke-a__port": 22},
     "hosts.yaml", "spoke-a", "port", "port 22 contradicts platform cisco_ios_telnet"),
    ({"hosts__spoke-a__groups": ["spokes", "c3745"]}, "hosts.yaml", "spoke-a", "groups",
     "unknown group 'c3745' (did you mean 'c3725'?)"),
    ({"hosts__spoke-a__connection_options": {"netmiko": 5}}, "hosts.yaml", "spoke-a",
     "connection_options", "must be a mapping"),
    ({"hosts__spoke-a__port": "22"}, "hosts.yaml", "spoke-a", "port", "is not a TCP port"),
    ({"hosts__spoke-a__groups": "spokes"}, "hosts.yaml", "spoke-a", "groups",
     "must be a list of group names"),
    ({"hosts__spoke-a__data__clouds": {}}, "hosts.yaml", "spoke-a", "data.clouds",
     "fleet-wide: define them in defaults.yaml"),
]  # fmt: skip


@pytest.mark.parametrize("case", CASES, ids=[c[3] or c[4][:30] for c in CASES])
def test_rule(
    make_inventory: Make,
    inventory_env: dict[str, str],
    case: tuple[dict[str, Any], str, str | None, str | None, str],
) -> None:
    changes, file, host, field, text = case
    find(problems_of(make_inventory, inventory_env, **changes), file, host, field, text)


def test_inherited_value_names_the_group(
    make_inventory: Make, inventory_env: dict[str, str]
) -> None:
    problems = problems_of(
        make_inventory, inventory_env, groups__c3725__data__ios_release="15.1(4)M"
    )
    problem = find(problems, "groups.yaml", "spoke-a", "data.ios_release", "newer than the 3725")
    assert "(inherited from group c3725)" in problem.message


def test_nhrp_auth_longer_than_8_names_variable_never_value(
    make_inventory: Make, inventory_env: dict[str, str]
) -> None:
    inventory_env["DMVPN_NHRP_AUTH"] = "muchtoolongsecret"
    problems = load(make_inventory(), inventory_env).problems
    problem = find(problems, "defaults.yaml", None, "data.clouds.dmvpn1.nhrp_auth", "17 characters")
    assert "DMVPN_NHRP_AUTH" in problem.message
    assert "muchtoolong" not in str(problems)


def test_nhrp_auth_length_unknown_when_unset(make_inventory: Make) -> None:
    problems = load(make_inventory(), {}).problems
    assert not [p for p in problems if "nhrp_auth" in (p.field or "")]


def test_duplicate_host_names(make_inventory: Make, inventory_env: dict[str, str]) -> None:
    folder = make_inventory()
    text = (folder / "hosts.yaml").read_text()
    spoke = text[text.index("spoke-a:") : text.index("spoke-b:")]
    (folder / "hosts.yaml").write_text(text + spoke)
    problems = load(folder, inventory_env).problems
    problem = find(problems, "hosts.yaml", "spoke-a", None, "duplicate host name 'spoke-a'")
    assert "line" in problem.message


def test_two_tunnels_in_one_cloud_and_on_one_interface(
    make_inventory: Make, inventory_env: dict[str, str]
) -> None:
    second = {"cloud": "dmvpn1", "address": "10.0.0.11", "nhs": ["hub1"]}
    problems = problems_of(
        make_inventory, inventory_env, **{"hosts__spoke-a__data__tunnels[1]": second}
    )
    find(problems, "hosts.yaml", "spoke-a", "data.tunnels[1].cloud", "second tunnel in cloud")
    find(problems, "hosts.yaml", "spoke-a", "data.tunnels[1].interface", "Tunnel0 is also")


def _dual_cloud(hosts: Tree, groups: Tree, defaults: Tree, key: int | None) -> None:
    clouds = defaults["data"]["clouds"]
    clouds["dmvpn2"] = {**clouds["dmvpn1"], "tunnel_subnet": "10.0.1.0/24", "network_id": 100}
    if key is None:
        del clouds["dmvpn2"]["tunnel_key"]
    else:
        clouds["dmvpn2"]["tunnel_key"] = key
    hosts["hub2"] = {
        "groups": ["hubs", "c7200"],
        "data": {
            "tunnels": [{"cloud": "dmvpn2", "interface": "Tunnel1", "address": "10.0.1.1"}],
            "nbma": {"interface": "GigabitEthernet0/1", "address": "130.25.13.2/24"},
        },
    }
    hosts["spoke-a"]["data"]["tunnels"].append(
        {"cloud": "dmvpn2", "interface": "Tunnel1", "address": "10.0.1.10", "nhs": ["hub2"]}
    )


def test_dual_cloud_is_valid_with_distinct_keys(
    make_inventory: Make, inventory_env: dict[str, str]
) -> None:
    folder = make_inventory(lambda h, g, d: _dual_cloud(h, g, d, 100001))
    assert load(folder, inventory_env).problems == []


def test_dual_cloud_on_one_source_needs_distinct_tunnel_keys(
    make_inventory: Make, inventory_env: dict[str, str]
) -> None:
    folder = make_inventory(lambda h, g, d: _dual_cloud(h, g, d, 100000))
    problems = load(folder, inventory_env).problems
    find(problems, "hosts.yaml", "spoke-a", "data.tunnels[1].cloud", "distinct key")


def test_group_loop_is_reported_not_recursed(
    make_inventory: Make, inventory_env: dict[str, str]
) -> None:
    def loop(hosts: Tree, groups: Tree, defaults: Tree) -> None:
        groups["c3725"]["groups"] = ["spokes"]
        groups["spokes"]["groups"] = ["c3725"]

    problems = load(make_inventory(loop), inventory_env).problems
    find(problems, "groups.yaml", None, "groups", "is its own ancestor")


def _five_problems(hosts: Tree, groups: Tree, defaults: Tree) -> None:
    set_path(hosts, "spoke-a.data.tunnles", [])
    set_path(hosts, "spoke-b.data.tunnels[0].address", "10.0.9.2")
    set_path(hosts, "hub1.data.nbma.address", "dhcp")
    set_path(defaults, "data.crypto_profiles.deck.isakmp.group", 3)
    set_path(groups, "c3725.data.ios_release", "12.2(8)T")


def test_every_problem_at_once(make_inventory: Make, inventory_env: dict[str, str]) -> None:
    folder = make_inventory(_five_problems)
    with pytest.raises(InputProblems) as info:
        load_fleet(folder, inventory_env)
    problems = info.value.problems
    find(problems, "hosts.yaml", "spoke-a", "data.tunnles", "unknown key")
    find(problems, "hosts.yaml", "spoke-b", "data.tunnels[0].address", "outside")
    find(problems, "hosts.yaml", "hub1", "data.nbma.address", "static")
    find(problems, "defaults.yaml", None, "data.crypto_profiles.deck.isakmp.group", "3")
    find(problems, "groups.yaml", "spoke-b", "data.ios_release", "lacks mGRE tunnel")
    assert len({(p.file, p.host, p.field) for p in problems}) >= 5


STRONG = {
    "ike_version": 1,
    "isakmp": {"priority": 10, "encryption": "aes 256", "hash": "sha", "group": 14},
    "psk": {"env": "DMVPN_PSK"},
    "transform_set": {"name": "T", "transforms": ["esp-aes 256", "esp-sha-hmac"]},
    "ipsec_profile": "P",
}
IKEV2_GCM = {
    "ike_version": 2,
    "ikev2": {},
    "psk": {"env": "DMVPN_PSK"},
    "transform_set": {"name": "G", "transforms": ["esp-gcm 256"]},
    "ipsec_profile": "P2",
}

# (changes, host, text in the message): each feature a release may lack
RELEASE_CASES: list[tuple[dict[str, Any], str, str]] = [
    ({"groups__c3725__data__ios_release": "12.2(8)T"}, "spoke-a", "lacks mGRE tunnel"),
    ({"defaults__data__clouds__dmvpn1__phase": 3, "groups__c3725__data__ios_release": "12.4(4)T"},
     "spoke-a", "lacks DMVPN Phase 3"),
    ({"defaults__data__crypto_profiles__deck": IKEV2_GCM}, "spoke-a", "lacks IKEv2"),
    ({"defaults__data__crypto_profiles__deck": IKEV2_GCM}, "spoke-a", "lacks AES-GCM"),
    ({"defaults__data__crypto_profiles__deck": STRONG, "groups__c3725__data__ios_release":
      "12.4(20)T"}, "spoke-a", "lacks Diffie-Hellman group 14"),
    ({"defaults__data__clouds__dmvpn1__nhs_one_line": True}, "spoke-a", "lacks one-line NHS"),
    ({"hosts__spoke-a__data__nbma__address": "dhcp", "groups__c3725__data__ios_release":
      "12.3(4)T"}, "spoke-a", "lacks ip nhrp registration no-unique"),
    ({"defaults__data__clouds__dmvpn1__routing": {"protocol": "bgp", "asn": 65000},
      "groups__c7200__data__ios_release": "12.4(24)T"}, "hub1", "lacks BGP dynamic neighbors"),
    ({"groups__c3725__data__ios_release": "15.1(4)M"}, "spoke-a", "newer than the 3725"),
    ({"groups__c3725__data__ios_release": "17.3.4a"}, "spoke-a", "is IOS-XE; the 3725 runs"),
    ({"groups__c7200__data__platform": "ISR4000"}, "hub1", "is classic IOS; the ISR4000"),
    ({"groups__c3725__data__ios_release": "12.4-15T"}, "spoke-a", "is not an IOS release"),
]  # fmt: skip


@pytest.mark.parametrize(("changes", "host", "text"), RELEASE_CASES)
def test_release_rule(
    make_inventory: Make,
    inventory_env: dict[str, str],
    changes: dict[str, Any],
    host: str,
    text: str,
) -> None:
    problems = problems_of(make_inventory, inventory_env, **changes)
    problem = find(problems, "groups.yaml", host, "data.ios_release", text)
    assert "inherited from group" in problem.message


def test_release_rules_pass_when_the_release_has_the_feature(
    make_inventory: Make, inventory_env: dict[str, str]
) -> None:
    changes = {
        "defaults__data__clouds__dmvpn1__phase": 3,
        "defaults__data__crypto_profiles__deck": STRONG,
        "defaults__data__clouds__dmvpn1__nhs_one_line": True,
        "groups__c3725__data__platform": "7200",
        "groups__c3725__data__ios_release": "15.1(4)M",
    }
    assert problems_of(make_inventory, inventory_env, **changes) == []


def test_dual_cloud_on_old_mainline_lacks_shared_protection(
    make_inventory: Make, inventory_env: dict[str, str]
) -> None:
    def old_dual(hosts: Tree, groups: Tree, defaults: Tree) -> None:
        _dual_cloud(hosts, groups, defaults, 100001)
        groups["c3725"]["data"]["ios_release"] = "12.4(4)T"

    problems = load(make_inventory(old_dual), inventory_env).problems
    find(problems, "groups.yaml", "spoke-a", "data.ios_release", "lacks tunnel protection")


def _leaves(tree: Any, prefix: str = "") -> list[str]:
    if isinstance(tree, dict):
        out = [prefix] if prefix else []
        for key, value in tree.items():
            out += _leaves(value, f"{prefix}.{key}" if prefix else key)
        return out
    if isinstance(tree, list):
        out = [prefix]
        for i, value in enumerate(tree):
            out += _leaves(value, f"{prefix}[{i}]")
        return out
    return [prefix]


@pytest.mark.parametrize("name", ["hosts.yaml", "groups.yaml", "defaults.yaml"])
def test_any_value_anywhere_is_a_problem_never_a_crash(
    make_inventory: Make, inventory_env: dict[str, str], name: str
) -> None:
    """Replace (or delete) each node of a file in turn: problems, never an exception."""
    folder = make_inventory()
    original = yaml.safe_load((folder / name).read_text())
    for path in _leaves(original):
        odd: Any
        for odd in ("", [{}], {}, 7, None):  # None deletes the node
            tree = copy.deepcopy(original)
            set_path(tree, path, odd)
            (folder / name).write_text(yaml.safe_dump(tree))
            load(folder, inventory_env)  # must not raise
    (folder / name).write_text(yaml.safe_dump(original))
    assert load(folder, inventory_env).problems == []
