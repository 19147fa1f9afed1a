"""``dmvpnprov lab up | status | down`` as a user runs them: subprocesses, a tmp lab dir."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from netmiko import ConnectHandler

from dmvpnprov.cli import main
from dmvpnprov.core.errors import UserError
from dmvpnprov.core.platforms import PLATFORMS, Platform
from dmvpnprov.lab.control import read_targets
from tests.support.lab import EXAMPLE_SECRETS
from tests.support.labcli import run_lab as _run
from tests.support.paths import EXAMPLE_INVENTORY

pytestmark = pytest.mark.lab


def _running(pid: int) -> bool:
    """True for a live process (a zombie waiting for its reaper is not running)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat")
    return not stat.exists() or stat.read_text().split(")")[-1].split()[0] != "Z"


def test_lab_up_status_down(lab_dir: Path) -> None:
    env = {**os.environ, **EXAMPLE_SECRETS}
    inventory = str(EXAMPLE_INVENTORY)
    up = _run("up", "-i", inventory, "--lab-dir", str(lab_dir), "--realistic", env=env)
    assert up.returncode == 0, up.stderr
    state = json.loads((lab_dir / "state.json").read_text())
    assert (
        state["write_memory_seconds"]["spoke-c"] == PLATFORMS[Platform.C1700].write_memory_seconds
    )
    targets = read_targets(lab_dir)
    assert set(targets) == {"hub1", "spoke-a", "spoke-b", "spoke-c"}
    assert targets["spoke-c"].device_type == "cisco_ios_telnet"
    assert "hostname: 127.0.0.1" in (lab_dir / "hosts.yaml").read_text()

    hub = targets["hub1"]
    conn = ConnectHandler(
        device_type=hub.device_type,
        host=hub.host,
        port=hub.port,
        username="admin",
        password=EXAMPLE_SECRETS["DMVPN_PASSWORD"],
        secret=EXAMPLE_SECRETS["DMVPN_ENABLE_SECRET"],
        fast_cli=True,
    )
    conn.enable()
    running = conn.send_command("show running-config")
    conn.disconnect()
    assert "hostname hub1" in running
    assert "ip address 130.25.13.1 255.255.255.0" in running
    assert "Tunnel" not in running

    again = _run("up", "-i", inventory, "--lab-dir", str(lab_dir), env=env)
    assert again.returncode == 0
    assert "already up" in again.stdout

    status = _run("status", "--lab-dir", str(lab_dir), env=env)
    assert status.returncode == 0
    assert "spoke-c" in status.stdout
    assert "telnet" in status.stdout

    pid = json.loads((lab_dir / "state.json").read_text())["pid"]
    down = _run("down", "--lab-dir", str(lab_dir), env=env)
    assert down.returncode == 0
    assert not (lab_dir / "state.json").exists()
    assert not _running(pid)
    with pytest.raises(UserError, match="no lab running"):
        read_targets(lab_dir)


def test_lab_up_names_missing_variables(
    lab_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in EXAMPLE_SECRETS:
        monkeypatch.delenv(name, raising=False)
    code = main(["lab", "up", "-i", str(EXAMPLE_INVENTORY), "--lab-dir", str(lab_dir)])
    err = capsys.readouterr().err
    assert code == 2
    assert "DMVPN_PASSWORD" in err
    assert "DMVPN_ENABLE_SECRET" in err
    assert "Traceback" not in err
    assert not (lab_dir / "state.json").exists()
