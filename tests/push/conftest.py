"""Push fixtures: run a push against the in-process lab and read the routers back."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console

from dmvpnprov.commands.push import PushOptions, run_push
from dmvpnprov.core.secrets import SecretStore
from dmvpnprov.inventory.load import load_fleet
from dmvpnprov.push.plan import owned_networks
from dmvpnprov.render.engine import render_fleet
from dmvpnprov.transport.connections import LabTargetLike
from tests.support.paths import EXAMPLE_INVENTORY
from tests.support.push import Pusher, PushRun


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
