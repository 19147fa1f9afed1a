"""Conformance: Ansible's ``cisco.ios`` collection (as the ``ansible`` package bundles it).

One ``ansible-playbook`` run against a router of every lab platform:
``ios_facts`` (all subsets), ``ios_command`` with ``wait_for``, ``ios_config`` in
check mode with diff, for real with ``save_when: modified``, and again (idempotent).
Skipped when ``ansible-playbook`` is not installed (the ``conformance`` extra has it).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from dmvpnprov.core.hardware import xe_padded
from dmvpnprov.core.platforms import IosRelease
from tests.support.conformance import MATRIX
from tests.support.lab import RouterFactory

pytestmark = [pytest.mark.lab, pytest.mark.conformance, pytest.mark.slow]

PLAYBOOK = """
- hosts: routers
  gather_facts: false
  tasks:
    - cisco.ios.ios_facts: {gather_subset: all}
    - cisco.ios.ios_command:
        commands: [show version, show ip interface brief]
        wait_for: result[0] contains Version
    - cisco.ios.ios_config: {lines: [snmp-server location ansible-check]}
      check_mode: true
      diff: true
      register: check
    - cisco.ios.ios_config: {lines: [snmp-server location ansible-real], save_when: modified}
      register: real
    - cisco.ios.ios_config: {lines: [snmp-server location ansible-real], save_when: modified}
      register: again
    - copy:
        dest: "{{ out_dir }}/{{ inventory_hostname }}.json"
        content: "{{ {'serial': ansible_net_serialnum, 'version': ansible_net_version,
          'model': ansible_net_model, 'ipv4': ansible_net_all_ipv4_addresses,
          'filesystems': ansible_net_filesystems,
          'interfaces': ansible_net_interfaces.keys() | list,
          'check': check.changed, 'real': real.changed, 'again': again.changed} | to_json }}"
      delegate_to: localhost
"""


def _playbook() -> str | None:
    local = Path(sys.executable).parent / "ansible-playbook"
    return str(local) if local.exists() else shutil.which("ansible-playbook")


@pytest.mark.skipif(_playbook() is None, reason="ansible is not installed")
def test_ansible_cisco_ios_on_every_platform(lab_router: RouterFactory, tmp_path: Path) -> None:
    routers = {f"r{p.value}": lab_router(platform=p, release=r) for p, r in MATRIX}
    hosts = ["[routers]"]
    hosts += [f"{n} ansible_host=127.0.0.1 ansible_port={r.port}" for n, r in routers.items()]
    hosts += [
        "[routers:vars]",
        "ansible_connection=ansible.netcommon.network_cli",
        "ansible_network_os=cisco.ios.ios",
        "ansible_user=admin",
        "ansible_password=lab-password",
        "ansible_become=yes",
        "ansible_become_method=enable",
        "ansible_become_password=lab-enable",
    ]
    (tmp_path / "hosts.ini").write_text("\n".join(hosts) + "\n")
    (tmp_path / "site.yml").write_text(PLAYBOOK)
    env = {
        **os.environ,
        "ANSIBLE_HOST_KEY_CHECKING": "False",
        "ANSIBLE_PERSISTENT_COMMAND_TIMEOUT": "120",
        "ANSIBLE_LOCAL_TEMP": str(tmp_path / "tmp"),
        "ANSIBLE_HOME": str(tmp_path / "home"),
    }
    result = subprocess.run(
        [str(_playbook()), "-i", "hosts.ini", "site.yml", "-e", f"out_dir={tmp_path}"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    for name, router in routers.items():
        facts = json.loads((tmp_path / f"{name}.json").read_text())
        assert facts["serial"] == router.state.serial
        release = router.spec.ios_release  # IOS-XE: as the first line prints it, 17.03.04a
        xe = IosRelease.parse(release).is_xe
        assert facts["version"] == (xe_padded(release) if xe else release)
        assert facts["model"] != ""
        assert set(facts["ipv4"]) == {"130.25.13.1", "192.168.0.1"}
        assert facts["filesystems"] == [router.state.flash.name]
        assert set(facts["interfaces"]) >= set(router.state.physical)
        assert (facts["check"], facts["real"], facts["again"]) == (True, True, False)
        assert "ansible-check" not in router.running_config()
        assert "snmp-server location ansible-real" in router.startup_config()
