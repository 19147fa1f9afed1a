"""Conformance: the hosts overlay, unchanged, under Nornir with nornir_netmiko and
nornir_napalm (the latter skipped unless installed)."""

from __future__ import annotations

from typing import Any

import pytest
from nornir import InitNornir
from nornir.core.task import Result, Task

from dmvpnprov.commands.labapi import Lab, apply_overlay
from tests.support.lab import EXAMPLE_SECRETS
from tests.support.paths import EXAMPLE_INVENTORY

pytestmark = [pytest.mark.lab, pytest.mark.conformance]


def _nornir(lab: Lab) -> Any:
    nr = InitNornir(
        runner={"plugin": "threaded", "options": {"num_workers": 4}},
        inventory={
            "plugin": "SimpleInventory",
            "options": {
                "host_file": str(EXAMPLE_INVENTORY / "hosts.yaml"),
                "group_file": str(EXAMPLE_INVENTORY / "groups.yaml"),
                "defaults_file": str(EXAMPLE_INVENTORY / "defaults.yaml"),
            },
        },
        logging={"enabled": False},
    )
    apply_overlay(nr.inventory.hosts, lab.overlay())
    nr.inventory.defaults.password = EXAMPLE_SECRETS["DMVPN_PASSWORD"]
    for host in nr.inventory.hosts.values():
        for plugin in ("netmiko", "napalm"):
            extras = host.connection_options[plugin].extras
            assert extras is not None
            if plugin == "netmiko":
                extras["secret"] = EXAMPLE_SECRETS["DMVPN_ENABLE_SECRET"]
            else:
                extras["optional_args"]["secret"] = EXAMPLE_SECRETS["DMVPN_ENABLE_SECRET"]
    return nr


def test_overlay_with_nornir_netmiko_and_napalm() -> None:
    from nornir_netmiko.tasks import netmiko_send_command  # noqa: PLC0415

    with Lab(EXAMPLE_INVENTORY, EXAMPLE_SECRETS) as lab:
        nr = _nornir(lab)
        try:
            shown = nr.run(task=netmiko_send_command, command_string="show version")
            assert not shown.failed, {h: r.exception for h, r in shown.failed_hosts.items()}
            for name, multi in shown.items():
                assert lab.router(name).state.serial in str(multi[0].result)
            try:
                from nornir_napalm.plugins.tasks import napalm_get  # noqa: PLC0415
            except ImportError:
                pytest.skip("nornir_napalm is not installed")

            def facts(task: Task) -> Result:
                return task.run(task=napalm_get, getters=["facts"])[0]

            got = nr.run(task=facts)
            assert not got.failed, {h: r.exception for h, r in got.failed_hosts.items()}
            for name, multi in got.items():
                assert multi[0].result["facts"]["serial_number"] == lab.router(name).state.serial
        finally:
            nr.close_connections()
