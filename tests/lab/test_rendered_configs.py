"""Rendered configs of the example inventory load into lab routers of the right release."""

from __future__ import annotations

from dataclasses import replace

import pytest

from dmvpnprov.core.secrets import SecretStore
from dmvpnprov.inventory.load import load_fleet
from dmvpnprov.lab.network.server import LabConfigError
from dmvpnprov.render.engine import render_fleet
from tests.support.lab import ExampleLab
from tests.support.paths import EXAMPLE_INVENTORY

pytestmark = pytest.mark.lab


def _lines(config: str) -> list[str]:
    body = []
    for line in config.splitlines():
        if line.strip() == "end":
            break
        body.append(line)
    return body


def test_rendered_configs_load_without_a_rejected_line(example_lab: ExampleLab) -> None:
    fleet = load_fleet(EXAMPLE_INVENTORY)
    configs = render_fleet(fleet, SecretStore(example_lab.environ))
    assert set(configs) == set(example_lab.routers)
    for name, config in configs.items():
        router = example_lab.routers[name]
        try:
            router.configure(_lines(config))
        except LabConfigError as exc:  # pragma: no cover - the failure message is the point
            pytest.fail(f"{name} ({router.spec.ios_release}) rejected a rendered line: {exc}")
        running = router.running_config()
        assert "interface Tunnel0" in running
        assert "tunnel mode gre multipoint" in running


def test_phase3_lines_are_rejected_by_a_12_2_13_t_router(example_lab: ExampleLab) -> None:
    hub = example_lab.routers["hub1"]
    old = replace(hub.spec, name="old-hub", ios_release="12.2(13)T")
    server = hub._server
    router = server.add(old)
    try:
        with pytest.raises(LabConfigError, match="ip nhrp redirect"):
            router.configure(["interface Tunnel0", "ip nhrp redirect"])
    finally:
        server.remove("old-hub")
