"""build_nornir: credentials from the environment, extras merged, lab targets, no ./nornir.log."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import pytest

from dmvpnprov.core.errors import UserError
from dmvpnprov.transport.connections import CONNECTION, build_nornir, close_nornir
from dmvpnprov.transport.credentials import Credentials

ENV = {"T_PASSWORD": "pw-Xy7", "T_SECRET": "en-Qz9"}

DEFAULTS = """\
username: admin
platform: cisco_ios
connection_options:
  netmiko:
    extras: {global_delay_factor: 3, session_timeout: 90}
data:
  credentials:
    password: {env: T_PASSWORD}
    secret: {env: T_SECRET}
"""
GROUPS = """\
spokes:
  data: {role: spoke}
c1700:
  connection_options:
    netmiko:
      extras: {read_timeout_override: 120}
  data: {platform: "1700"}
"""
HOSTS = """\
spoke-a:
  hostname: 192.0.2.10
  groups: [spokes, c1700]
  connection_options:
    netmiko:
      extras: {conn_timeout: 42}
spoke-b:
  hostname: 192.0.2.11
  groups: [spokes]
"""


@dataclass(frozen=True)
class Target:
    host: str
    port: int
    device_type: str


@pytest.fixture
def inventory(tmp_path: Path) -> Path:
    inv = tmp_path / "inv"
    inv.mkdir()
    (inv / "defaults.yaml").write_text(DEFAULTS)
    (inv / "groups.yaml").write_text(GROUPS)
    (inv / "hosts.yaml").write_text(HOSTS)
    return inv


def test_extras_merge_defaults_groups_host_and_keep_the_secret(inventory: Path) -> None:
    nr = build_nornir(inventory, environ=ENV, credentials=Credentials(ENV, interactive=False))
    a = nr.inventory.hosts["spoke-a"].get_connection_parameters(CONNECTION)
    assert a.extras is not None
    # defaults, group and host extras all survive (Nornir alone would keep only the host's)
    assert a.extras["session_timeout"] == 90
    assert a.extras["read_timeout_override"] == 120
    assert a.extras["conn_timeout"] == 42
    assert a.extras["global_delay_factor"] == 3  # the user's value beats the base default
    assert a.extras["auth_timeout"] == 30  # 1700: slow-box default under the user's values
    assert a.extras["secret"] == "en-Qz9"
    assert a.password == "pw-Xy7"
    b = nr.inventory.hosts["spoke-b"].get_connection_parameters(CONNECTION)
    assert b.extras is not None
    assert b.extras["conn_timeout"] == 15  # dmvpnprov's base default
    assert b.extras["fast_cli"] is True
    assert b.extras["auth_timeout"] == 20
    assert b.extras["secret"] == "en-Qz9"


def test_targets_replace_addresses_and_drop_hosts_outside_the_lab(inventory: Path) -> None:
    targets = {"spoke-a": Target("127.0.0.1", 2323, "cisco_ios_telnet")}
    nr = build_nornir(inventory, targets=targets, credentials=Credentials(ENV, interactive=False))
    assert list(nr.inventory.hosts) == ["spoke-a"]
    params = nr.inventory.hosts["spoke-a"].get_connection_parameters(CONNECTION)
    assert (params.hostname, params.port, params.platform) == (
        "127.0.0.1",
        2323,
        "cisco_ios_telnet",
    )


def test_missing_password_variable_is_a_user_error_naming_it(inventory: Path) -> None:
    creds = Credentials({"T_SECRET": "x"}, interactive=False)
    with pytest.raises(UserError, match="T_PASSWORD"):
        build_nornir(inventory, credentials=creds)


def test_a_value_in_yaml_instead_of_a_variable_is_refused(inventory: Path) -> None:
    text = DEFAULTS.replace("password: {env: T_PASSWORD}", "password: hunter2")
    (inventory / "defaults.yaml").write_text(text)
    with pytest.raises(UserError, match="never a value"):
        build_nornir(inventory, credentials=Credentials(ENV, interactive=False))


def test_no_nornir_log_in_the_working_folder_and_our_log_is_masked(
    inventory: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    log_file = tmp_path / "out" / "push.log"
    nr = build_nornir(inventory, log_file=log_file, credentials=Credentials(ENV, interactive=False))
    logging.getLogger("dmvpnprov.test").warning("login with %s failed", ENV["T_PASSWORD"])
    close_nornir(nr)
    text = log_file.read_text()
    assert "login with ******** failed" in text
    assert ENV["T_PASSWORD"] not in text
    assert log_file.stat().st_mode & 0o777 == 0o600
    assert not (tmp_path / "nornir.log").exists()
    nr = build_nornir(inventory, credentials=Credentials(ENV, interactive=False))
    assert not (tmp_path / "nornir.log").exists()


def test_missing_inventory_is_a_user_error(tmp_path: Path) -> None:
    with pytest.raises(UserError, match=r"hosts\.yaml"):
        build_nornir(tmp_path / "nowhere", credentials=Credentials(ENV, interactive=False))
