"""``dmvpnprov lab fault`` and ``dmvpnprov lab show`` against the detached lab daemon."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

import pytest
import yaml
from netmiko import ConnectHandler
from netmiko.exceptions import NetmikoTimeoutException

from dmvpnprov.lab.control import read_targets
from tests.support.lab import EXAMPLE_SECRETS
from tests.support.labcli import run_lab as _run
from tests.support.paths import EXAMPLE_INVENTORY

pytestmark = pytest.mark.lab


def _netmiko(port: int) -> Any:
    return ConnectHandler(
        device_type="cisco_ios",
        host="127.0.0.1",
        port=port,
        username="admin",
        password=EXAMPLE_SECRETS["DMVPN_PASSWORD"],
        secret=EXAMPLE_SECRETS["DMVPN_ENABLE_SECRET"],
        timeout=30,
        conn_timeout=10,
    )


def test_fault_and_show_through_the_control_socket(lab_dir: Path) -> None:
    env = {**os.environ, **EXAMPLE_SECRETS}
    up = _run("up", "-i", str(EXAMPLE_INVENTORY), "--lab-dir", str(lab_dir), env=env)
    assert up.returncode == 0, up.stderr
    control = lab_dir / "control.sock"
    assert stat.S_IMODE(control.stat().st_mode) == 0o600
    overlay = yaml.safe_load((lab_dir / "hosts.yaml").read_text())
    assert overlay["hub1"]["connection_options"]["scrapli"]["platform"] == "cisco_iosxe"
    assert (
        overlay["spoke-c"]["connection_options"]["napalm"]["extras"]["optional_args"]["transport"]
        == "telnet"
    )
    hub = read_targets(lab_dir)["hub1"]
    lab = ("--lab-dir", str(lab_dir))

    fault = _run("fault", "hub1", "--nvram-fail", "--reject-line", "ip mtu 1400", *lab, env=env)
    assert fault.returncode == 0, fault.stderr
    assert "write_fails=True" in fault.stdout
    conn = _netmiko(hub.port)
    try:
        conn.enable()
        psk = f"crypto isakmp key {EXAMPLE_SECRETS['DMVPN_PSK']} address 0.0.0.0 0.0.0.0"
        out = conn.send_config_set([psk, "interface Tunnel0", "ip mtu 1400", "ip mtu 1300"])
        assert "% Invalid input" in out
        assert "%Error writing nvram" in conn.save_config()
    finally:
        conn.disconnect()

    log = _run("show", "hub1", "log", *lab, env=env)
    assert log.returncode == 0, log.stderr
    for secret in EXAMPLE_SECRETS.values():  # the enable secret typed at Password: too
        assert secret not in log.stdout
    lines = log.stdout.splitlines()
    assert lines.index("ip mtu 1400") < lines.index("ip mtu 1300")
    running = _run("show", "hub1", "running", *lab, env=env)
    assert " ip mtu 1300" in running.stdout
    assert "crypto isakmp key ******** address" in running.stdout
    assert EXAMPLE_SECRETS["DMVPN_PSK"] not in running.stdout
    hand = _run("fault", "hub1", "--clear", *lab, env=env)
    assert hand.returncode == 0
    assert "ip mtu 1300" not in _run("show", "hub1", "startup", *lab, env=env).stdout

    assert _run("fault", "hub1", "--stop", *lab, env=env).returncode == 0
    with pytest.raises(NetmikoTimeoutException):
        _netmiko(hub.port)
    assert _run("fault", "hub1", "--start", "--clear", *lab, env=env).returncode == 0
    conn = _netmiko(hub.port)
    try:
        conn.enable()
        assert "[OK]" in conn.save_config()
    finally:
        conn.disconnect()

    bad = _run("fault", "nosuch", "--silent", *lab, env=env)
    assert bad.returncode == 2
    assert "no lab router 'nosuch'" in bad.stderr
    assert "Traceback" not in bad.stderr
    assert _run("down", "--lab-dir", str(lab_dir), env=env).returncode == 0


def test_fault_without_a_lab_is_a_clear_error(tmp_path: Path) -> None:
    result = _run("fault", "hub1", "--silent", "--lab-dir", str(tmp_path), env=dict(os.environ))
    assert result.returncode == 2
    assert "no lab running" in result.stderr
