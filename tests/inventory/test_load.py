"""Loading inventories: the example, Nornir equivalence, broken files, --limit, secrets, CLI."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from ipaddress import IPv4Address, IPv4Interface
from pathlib import Path

import pytest
import yaml
from nornir import InitNornir
from nornir.core.plugins.inventory import InventoryPluginRegister
from nornir.plugins.inventory.simple import SimpleInventory

from dmvpnprov.core.errors import InputProblems, Problem, UserError
from dmvpnprov.core.models import Fleet, Role
from dmvpnprov.core.platforms import release_within_platform
from dmvpnprov.inventory.load import check_secrets, load, load_fleet, select_routers
from dmvpnprov.inventory.nornir_files import DmvpnInventory, read_inventory
from tests.support.paths import EXAMPLE_INVENTORY

EXAMPLE = EXAMPLE_INVENTORY
Make = Callable[..., Path]


@pytest.fixture(scope="module")
def example() -> Fleet:
    return load_fleet(EXAMPLE, environ={})


def test_example_inventory_is_the_decks_network(example: Fleet) -> None:
    assert [r.name for r in example.routers] == ["hub1", "spoke-a", "spoke-b", "spoke-c"]
    hub = example.router("hub1")
    assert hub.role is Role.HUB
    assert hub.tunnels[0].address == IPv4Address("10.0.0.1")
    assert hub.nbma.address == IPv4Interface("130.25.13.1/24")
    spoke_a, spoke_b = example.router("spoke-a"), example.router("spoke-b")
    assert (spoke_a.tunnels[0].address, spoke_a.nbma.address) == (
        IPv4Address("10.0.0.10"),
        IPv4Interface("173.1.13.101/24"),
    )
    assert spoke_a.lans[0].address.network.with_prefixlen == "192.168.1.0/24"
    assert spoke_b.nbma.address == IPv4Interface("158.200.2.181/24")
    assert spoke_b.lans[0].address.network.with_prefixlen == "192.168.2.0/24"
    assert example.router("spoke-c").nbma.address == "dhcp"
    assert all(t.nhs == ("hub1",) for r in example.spokes for t in r.tunnels)


def test_example_uses_the_decks_parameters(example: Fleet) -> None:
    cloud = example.clouds["dmvpn1"]
    assert (cloud.network_id, cloud.holdtime, cloud.tunnel_key, cloud.ip_mtu) == (
        99,
        300,
        100000,
        1416,
    )
    assert (cloud.bandwidth, cloud.delay, cloud.crypto_profile) == (1000, 1000, "deck")
    assert cloud.routing.protocol == "eigrp"
    assert cloud.nhrp_auth is not None
    assert cloud.nhrp_auth.env == "DMVPN_NHRP_AUTH"
    deck = example.crypto_profiles["deck"]
    assert deck.transform_set.transforms == ("esp-des", "esp-md5-hmac")
    assert set(example.crypto_profiles) == {"deck", "strong", "ikev2-gcm"}
    assert example.crypto_profiles["ikev2-gcm"].ike_version == 2


def test_example_platforms_run_their_releases(example: Fleet) -> None:
    platforms = {r.platform.value for r in example.routers}
    assert platforms == {"7200", "3725", "2600XM", "1700"}
    for router in example.routers:
        assert release_within_platform(router.platform, router.ios_release), router.name


def test_example_secrets_are_only_env_references() -> None:
    for name in ("hosts.yaml", "groups.yaml", "defaults.yaml"):
        text = (EXAMPLE / name).read_text()
        assert "cisco47" not in text
        assert "donttell" not in text
        assert "password:" not in text.replace("password: {env:", "")


def test_nornir_sees_the_same_inventory_as_simpleinventory() -> None:
    ours = read_inventory(EXAMPLE).inventory
    theirs = SimpleInventory(
        str(EXAMPLE / "hosts.yaml"), str(EXAMPLE / "groups.yaml"), str(EXAMPLE / "defaults.yaml")
    ).load()
    assert ours.defaults.dict() == theirs.defaults.dict()
    assert set(ours.hosts) == set(theirs.hosts)
    for name, host in theirs.hosts.items():
        mine = ours.hosts[name]
        assert mine.dict() == host.dict()
        assert dict(mine.items()) == dict(host.items())
        for attr in ("hostname", "port", "username", "platform"):
            assert getattr(mine, attr) == getattr(host, attr)
    assert ours.hosts["spoke-c"].platform == "cisco_ios_telnet"
    assert ours.hosts["spoke-c"].port == 23


def test_dmvpn_inventory_plugin_drives_nornir() -> None:
    InventoryPluginRegister.register("DmvpnInventory", DmvpnInventory)
    nr = InitNornir(
        runner={"plugin": "serial"},
        inventory={
            "plugin": "DmvpnInventory",
            "options": {"host_file": str(EXAMPLE / "hosts.yaml")},
        },
        logging={"enabled": False},
    )
    assert sorted(nr.inventory.hosts) == ["hub1", "spoke-a", "spoke-b", "spoke-c"]
    assert nr.filter(role="hub").inventory.hosts.keys() == {"hub1"}


def test_select_routers(example: Fleet) -> None:
    def names(limit: str | None) -> list[str]:
        return [r.name for r in select_routers(example, limit)]

    assert names(None) == ["hub1", "spoke-a", "spoke-b", "spoke-c"]
    assert names("hubs") == ["hub1"]
    assert names("spokes") == ["spoke-a", "spoke-b", "spoke-c"]
    assert names("spoke-b, hub1") == ["hub1", "spoke-b"]
    assert names("c1700,c3725") == ["spoke-a", "spoke-c"]


def test_select_routers_unknown_lists_valid_choices(example: Fleet) -> None:
    with pytest.raises(UserError) as info:
        select_routers(example, "spoke-z")
    message = str(info.value)
    assert "'spoke-z'" in message
    assert "hubs, spokes" in message
    assert "c7200" in message
    assert "spoke-a" in message


def test_check_secrets_names_each_missing_variable(example: Fleet) -> None:
    env = {"DMVPN_PSK": "k", "DMVPN_NHRP_AUTH": "a", "DMVPN_PASSWORD": "p"}
    problems = check_secrets(example, env)
    assert len(problems) == 1
    assert "DMVPN_ENABLE_SECRET" in problems[0].message
    assert problems[0].field == "data.credentials.secret"
    env["DMVPN_ENABLE_SECRET"] = "s"
    assert check_secrets(example, env) == []
    assert {p.message.split()[2] for p in check_secrets(example, {})} == {
        "DMVPN_PSK",
        "DMVPN_NHRP_AUTH",
        "DMVPN_PASSWORD",
        "DMVPN_ENABLE_SECRET",
    }


def _problems(folder: Path) -> list[Problem]:
    with pytest.raises(InputProblems) as info:
        load_fleet(folder, environ={})
    return list(info.value.problems)


def test_yaml_syntax_error_is_a_problem_with_its_line(make_inventory: Make) -> None:
    folder = make_inventory()
    (folder / "groups.yaml").write_text("hubs:\n  data: {role: hub\nspokes: {}\n")
    problems = _problems(folder)
    assert any(
        p.file.endswith("groups.yaml") and "YAML syntax" in p.message and "line" in p.message
        for p in problems
    ), problems


def test_missing_folder_and_missing_hosts_file(tmp_path: Path) -> None:
    assert "inventory folder not found" in str(_problems(tmp_path / "nope"))
    (tmp_path / "empty").mkdir()
    problems = _problems(tmp_path / "empty")
    assert [(Path(p.file).name, p.message) for p in problems] == [("hosts.yaml", "file not found")]


@pytest.mark.parametrize("text", ["- hub1\n- spoke-a\n", "just text\n", "42\n"])
def test_a_file_that_is_not_a_mapping(make_inventory: Make, text: str) -> None:
    folder = make_inventory()
    (folder / "defaults.yaml").write_text(text)
    assert any(
        p.file.endswith("defaults.yaml") and "must be a mapping" in p.message
        for p in _problems(folder)
    )


def test_a_host_that_is_not_a_mapping(make_inventory: Make) -> None:
    folder = make_inventory()
    with (folder / "hosts.yaml").open("a") as f:
        f.write("spoke-z: [1, 2]\n")
    problems = _problems(folder)
    assert any(p.host == "spoke-z" and "must be a mapping" in p.message for p in problems)


def test_duplicate_key_inside_an_entry(make_inventory: Make) -> None:
    folder = make_inventory()
    text = (folder / "hosts.yaml").read_text()
    (folder / "hosts.yaml").write_text(
        text.replace("  hostname: 192.0.2.1\n", "  hostname: a\n  hostname: b\n")
    )
    assert any("duplicate key 'hostname'" in p.message for p in _problems(folder))


def test_hosts_file_written_as_json_loads_the_same(
    make_inventory: Make, inventory_env: dict[str, str]
) -> None:
    folder = make_inventory()
    from_yaml = load_fleet(folder, inventory_env)
    data = yaml.safe_load((folder / "hosts.yaml").read_text())
    (folder / "hosts.yaml").write_text(json.dumps(data))
    assert load_fleet(folder, inventory_env) == from_yaml


def test_yes_and_no_stay_strings_as_in_nornir(make_inventory: Make) -> None:
    folder = make_inventory()
    with (folder / "hosts.yaml").open("a") as f:
        f.write("spoke-y:\n  username: no\n")
    host = read_inventory(folder).inventory.hosts["spoke-y"]
    assert host.username == "no"


def test_data_is_not_mutated_by_loading(
    make_inventory: Make, inventory_env: dict[str, str]
) -> None:
    files = read_inventory(make_inventory())
    before = files.inventory.hosts["spoke-a"].dict()
    load(make_inventory(), inventory_env)
    assert files.inventory.hosts["spoke-a"].dict() == before


def _cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("DMVPN_")}
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "dmvpnprov.cli", "validate", *args],
        capture_output=True,
        text=True,
        env=full_env,
        check=False,
        timeout=60,
    )


def test_cli_validate_example_exit_0(inventory_env: dict[str, str]) -> None:
    result = _cli("-i", str(EXAMPLE), env=inventory_env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "valid" in result.stdout
    assert "spoke-c" in result.stdout


def test_cli_validate_missing_secrets_exit_2_names_them() -> None:
    result = _cli("-i", str(EXAMPLE))
    assert result.returncode == 2
    assert "DMVPN_PSK" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("hosts.yaml", "hub1: [unclosed\n", "hosts.yaml: YAML syntax: line 2, column 1: "),
        ("hosts.yaml", "\tbad: tab\n", "hosts.yaml: YAML syntax: line 1, column 1: "),
        ("defaults.yaml", "data: {clouds: 5}\n", "defaults.yaml: data.clouds: must be a mapping"),
        ("groups.yaml", "hubs: 3\n", "groups.yaml: group hubs: must be a mapping, not 3"),
    ],
)
def test_cli_validate_broken_input_exit_2_no_traceback(
    make_inventory: Make, inventory_env: dict[str, str], name: str, text: str, message: str
) -> None:
    folder = make_inventory()
    (folder / name).write_text(text)
    result = _cli("-i", str(folder), env=inventory_env)
    assert result.returncode == 2
    assert "Traceback" not in result.stdout + result.stderr
    assert f"{folder / message}" in result.stdout, result.stdout
    assert "not valid (" in result.stdout


def test_cli_validate_missing_folder(tmp_path: Path) -> None:
    result = _cli("-i", str(tmp_path / "missing"))
    assert result.returncode == 2
    assert "inventory folder not found" in result.stdout
    assert "Traceback" not in result.stderr


def test_cli_validate_reports_bad_values_and_missing_secrets_together(make_inventory: Make) -> None:
    folder = make_inventory()
    text = (folder / "hosts.yaml").read_text()
    (folder / "hosts.yaml").write_text(text.replace("10.0.0.10", "10.0.9.10"))
    result = _cli("-i", str(folder))
    assert result.returncode == 2
    assert "outside cloud dmvpn1" in result.stdout
    assert "DMVPN_PSK is not set" in result.stdout


def test_duplicate_group_name(make_inventory: Make) -> None:
    folder = make_inventory()
    with (folder / "groups.yaml").open("a") as f:
        f.write("hubs: {data: {role: spoke}}\n")
    problems = _problems(folder)
    assert any(
        p.file.endswith("groups.yaml") and "duplicate group name 'hubs'" in p.message
        for p in problems
    ), problems


def test_host_name_with_a_space(make_inventory: Make) -> None:
    folder = make_inventory()
    text = (folder / "hosts.yaml").read_text()
    (folder / "hosts.yaml").write_text(text.replace("spoke-b:", "spoke b:"))
    problems = _problems(folder)
    named = [p for p in problems if p.host == "spoke b"]
    assert [(Path(p.file).name, p.message) for p in named] == [
        ("hosts.yaml", "'spoke b' must be one word (no spaces)")
    ], problems


def test_limit_error_lists_each_group_once(example: Fleet) -> None:
    with pytest.raises(UserError) as caught:
        select_routers(example, "nosuch")
    groups = str(caught.value).split("groups: ", 1)[1].split(";", 1)[0].split(", ")
    assert len(groups) == len(set(groups))
    assert "hubs" in groups


def test_a_file_given_as_the_inventory_folder_is_named_as_such(tmp_path: Path) -> None:
    not_a_folder = tmp_path / "hosts.yaml"
    not_a_folder.write_text("{}\n")
    with pytest.raises(InputProblems) as caught:
        load_fleet(not_a_folder)
    assert "is a file, not an inventory folder" in str(caught.value)
