"""Shared fixtures: the in-process lab of simulated IOS routers.

* ``lab_server``: one :class:`LabServer` (one event loop thread) for the whole run;
* ``lab_router``: a factory of fresh routers (platform, release, transport, SSH
  profile, faults), removed at the end of the test;
* ``example_env``: test values for the example inventory's secret variables;
* ``example_lab``: a fresh router for every host of ``inventory/`` and the targets
  (``host``, ``port``, ``device_type``) that push and audit take instead of the
  inventory's management addresses.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import pytest

from dmvpnprov.core.platforms import PLATFORMS, Platform
from dmvpnprov.lab.control import LabTarget
from dmvpnprov.lab.fleet import specs_for_fleet, ssh_profile, starting_config
from dmvpnprov.lab.network.server import LabRouter, LabServer
from dmvpnprov.lab.state.faults import Faults
from dmvpnprov.lab.state.router import RouterSpec

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE_INVENTORY = ROOT / "inventory"
EXAMPLE_SECRETS = {
    "DMVPN_PSK": "lab-psk-cisco47",
    "DMVPN_NHRP_AUTH": "donttell",
    "DMVPN_PASSWORD": "lab-password",
    "DMVPN_ENABLE_SECRET": "lab-enable",
}
_NAMES = itertools.count(1)

RouterFactory = Callable[..., LabRouter]


def pytest_configure(config: pytest.Config) -> None:
    """IOS 12.x only speaks finite-field DH: the lab's legacy SSH profile needs it."""
    config.addinivalue_line("filterwarnings", "ignore:Diffie-Hellman over finite fields")


@dataclass(frozen=True)
class ExampleLab:
    """Routers for every host of the example inventory and how to reach them."""

    routers: dict[str, LabRouter]
    targets: dict[str, LabTarget]
    environ: dict[str, str]


@pytest.fixture(scope="session")
def lab_server() -> Iterator[LabServer]:
    """One lab event loop for the whole test run."""
    with LabServer() as server:
        server.plane.set_scale(50)  # lab time 50x: DMVPNs form in a fraction of a second
        yield server


@pytest.fixture
def lab_router(lab_server: LabServer) -> Iterator[RouterFactory]:
    """Factory: ``lab_router(platform=..., release=..., transport=..., faults=...)``."""
    made: list[LabRouter] = []

    def make(
        *,
        platform: Platform = Platform.C7200,
        release: str = "12.4(24)T",
        transport: str = "ssh",
        profile: str | None = None,
        faults: Faults | None = None,
        hostname: str = "R1",
        username: str = "admin",
        password: str = "lab-password",
        secret: str = "lab-enable",
        extra_config: tuple[str, ...] = (),
    ) -> LabRouter:
        info = PLATFORMS[platform]
        interfaces = [
            (info.default_nbma_interface, "130.25.13.1 255.255.255.0"),
            (info.default_lan_interface, "192.168.0.1 255.255.255.0"),
        ]
        config = starting_config(hostname, username, password, secret, interfaces)
        spec = RouterSpec(
            name=f"test-{next(_NAMES)}",
            hostname=hostname,
            platform=platform,
            ios_release=release,
            transport=transport,
            ssh_profile=profile or ssh_profile(release),
            username=username,
            password=password,
            enable_secret=secret,
            config=(*config, *extra_config),
            faults=faults or Faults(),
        )
        router = lab_server.add(spec)
        made.append(router)
        return router

    yield make
    for router in made:
        lab_server.remove(router.name)


@pytest.fixture
def example_env(monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """Test values for the example inventory's secrets, set in the environment."""
    for name, value in EXAMPLE_SECRETS.items():
        monkeypatch.setenv(name, value)
    return dict(EXAMPLE_SECRETS)


@pytest.fixture
def example_lab(lab_server: LabServer, example_env: dict[str, str]) -> Iterator[ExampleLab]:
    """A fresh router for every host of ``inventory/``, with their lab targets."""
    from dmvpnprov.inventory.load import load_fleet  # noqa: PLC0415 - another helper's module

    fleet = load_fleet(EXAMPLE_INVENTORY)
    suffix = next(_NAMES)
    routers: dict[str, LabRouter] = {}
    for spec in specs_for_fleet(fleet, example_env, EXAMPLE_INVENTORY):
        unique = replace(spec, name=f"{spec.name}@{suffix}")
        routers[spec.name] = lab_server.add(unique)
    targets = {
        name: LabTarget("127.0.0.1", router.port, router.spec.device_type)
        for name, router in routers.items()
    }
    yield ExampleLab(routers, targets, example_env)
    for router in routers.values():
        lab_server.remove(router.name)
