"""The public Python API (:class:`Lab`) and the pytest plugin, as a user's CI uses them."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from netmiko import ConnectHandler

from dmvpnprov.commands.labapi import Lab
from dmvpnprov.core.errors import UserError
from tests.support.lab import EXAMPLE_SECRETS
from tests.support.paths import EXAMPLE_INVENTORY

pytestmark = pytest.mark.lab
PLUGIN = ["-p", "dmvpnprov.commands.labpytest"]


def test_lab_api_faults_power_and_state() -> None:
    with Lab(EXAMPLE_INVENTORY, EXAMPLE_SECRETS) as lab:
        assert set(lab.hosts) == {"hub1", "spoke-a", "spoke-b", "spoke-c"}
        overlay = lab.overlay()
        assert overlay["hub1"]["port"] == lab.target("hub1").port
        lab.fault("spoke-a", write_fails=True)
        conn = ConnectHandler(
            device_type="cisco_ios",
            host="127.0.0.1",
            port=lab.target("spoke-a").port,
            username="admin",
            password=EXAMPLE_SECRETS["DMVPN_PASSWORD"],
            secret=EXAMPLE_SECRETS["DMVPN_ENABLE_SECRET"],
        )
        conn.enable()
        conn.send_config_set(["snmp-server location rack 9"])
        assert "%Error writing nvram" in conn.save_config()
        lab.clear("spoke-a")
        assert "[OK]" in conn.save_config()
        conn.disconnect()
        assert "snmp-server location rack 9" in lab.startup_config("spoke-a")
        assert "snmp-server location rack 9" in lab.log("spoke-a")
        with pytest.raises(UserError, match="no lab router"):
            lab.fault("nosuch", silent=True)


def test_pytest_plugin_fixture_with_marker_faults(tmp_path: Path) -> None:
    shutil.copytree(EXAMPLE_INVENTORY, tmp_path / "inventory")
    (tmp_path / "test_user.py").write_text(
        "import pytest\n"
        "@pytest.mark.dmvpnprov_lab(faults={'hub1': {'auth_failure': True}})\n"
        "def test_user(dmvpnprov_lab):\n"
        "    assert dmvpnprov_lab.router('hub1').faults.auth_failure\n"
        "    assert 'hostname hub1' in dmvpnprov_lab.running_config('hub1').lower()\n"
    )
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            *PLUGIN,
            "-p",
            "no:cacheprovider",
            "test_user.py",
        ],
        cwd=tmp_path,
        env={**os.environ, **EXAMPLE_SECRETS},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 passed" in result.stdout
