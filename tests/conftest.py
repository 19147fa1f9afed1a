"""Shared fixtures: the in-process lab of simulated IOS routers.

* ``lab_server``: one :class:`LabServer` (one event loop thread) for the whole run;
* ``lab_router``: a factory of fresh routers (platform, release, transport, SSH
  profile, faults), removed at the end of the test;
* ``example_env``: test values for the example inventory's secret variables;
* ``example_lab``: a fresh router for every host of ``inventory/`` and the targets
  (``host``, ``port``, ``device_type``) that push and audit take instead of the
  inventory's management addresses;
* ``cli``: run ``dmvpnprov`` as a subprocess in ``tmp_path``;
* ``example`` and ``deck``: the example inventory's fleet and the deck's own network
  (built from the models), for the savings and reporting tests;
* ``deck_fleet`` and ``deck_env``: the ``deck`` render golden case's fleet and secrets.

Fixtures only: what tests share otherwise lives in ``tests/support/``.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator, Mapping
from dataclasses import replace
from pathlib import Path
from subprocess import CompletedProcess
from typing import Any

import pytest
from rich.console import Console

from dmvpnprov.commands.push import PushOptions, run_push
from dmvpnprov.core.models import Fleet
from dmvpnprov.core.platforms import PLATFORMS, Platform
from dmvpnprov.core.secrets import SecretStore
from dmvpnprov.inventory.load import load_fleet
from dmvpnprov.lab.control import LabTarget
from dmvpnprov.lab.fleet import specs_for_fleet, ssh_profile, starting_config
from dmvpnprov.lab.network.server import LabRouter, LabServer
from dmvpnprov.lab.state.faults import Faults
from dmvpnprov.lab.state.router import RouterSpec
from dmvpnprov.push.plan import owned_networks
from dmvpnprov.render.engine import render_fleet
from dmvpnprov.transport.connections import LabTargetLike
from tests.support import fleets
from tests.support.cli import Cli, run_cli
from tests.support.lab import EXAMPLE_SECRETS, ExampleLab, RouterFactory
from tests.support.paths import DECK_CASE, EXAMPLE_INVENTORY
from tests.support.push import Pusher, PushRun
from tests.support.render_cases import case_env, case_fleet

_NAMES = itertools.count(1)


def pytest_configure(config: pytest.Config) -> None:
    """IOS 12.x only speaks finite-field DH: the lab's legacy SSH profile needs it."""
    config.addinivalue_line("filterwarnings", "ignore:Diffie-Hellman over finite fields")


@pytest.fixture(scope="session")
def lab_server() -> Iterator[LabServer]:
    """One lab event loop for the whole test run."""
    with LabServer() as server:
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


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    """Run ``dmvpnprov`` in ``tmp_path`` with only the given secret variables set."""

    def run(*args: str, env: dict[str, str] | None = None) -> CompletedProcess[str]:
        return run_cli(tmp_path, *args, env=env)

    return run


@pytest.fixture(scope="session")
def example() -> Fleet:
    """The example inventory (the deck's network, with ip tcp adjust-mss 1360)."""
    return load_fleet(EXAMPLE_INVENTORY)


@pytest.fixture(scope="session")
def deck() -> Fleet:
    """The deck's hub and spokes with exactly the deck's tunnel settings."""
    return fleets.deck_fleet()


@pytest.fixture
def deck_fleet() -> Fleet:
    """The deck render case's fleet (hub + DHCP spoke ``spoke1``)."""
    return case_fleet(DECK_CASE)


@pytest.fixture
def deck_env() -> dict[str, str]:
    """Test values of the deck render case's secret variables."""
    return case_env(DECK_CASE)


@pytest.fixture
def push(tmp_path: Path) -> Pusher:
    """``push(targets, environ, inventory=EXAMPLE_INVENTORY, **options)``: run_push, confirmed."""

    def run(
        targets: Mapping[str, LabTargetLike],
        environ: Mapping[str, str],
        inventory: Path = EXAMPLE_INVENTORY,
        **options: Any,
    ) -> PushRun:
        options.setdefault("backups", tmp_path / "backups")
        opts = PushOptions(inventory, targets=targets, **options)
        results, applied = run_push(
            opts,
            confirm=lambda _: True,
            show_plan=lambda _: None,
            status=Console(stderr=True, quiet=True),
            environ=environ,
        )
        return PushRun({r.host: r for r in results}, applied)

    return run


@pytest.fixture
def intended() -> Callable[[Mapping[str, str], Path], dict[str, str]]:
    """The rendered configs of an inventory with the given secrets."""

    def render(environ: Mapping[str, str], inventory: Path = EXAMPLE_INVENTORY) -> dict[str, str]:
        return render_fleet(load_fleet(inventory, environ), SecretStore(environ=environ))

    return render


@pytest.fixture
def owned() -> Callable[[str, Path], Any]:
    """The owned networks of a host of an inventory."""

    def get(host: str, inventory: Path = EXAMPLE_INVENTORY) -> Any:
        fleet = load_fleet(inventory)
        return owned_networks(fleet, fleet.router(host))

    return get
