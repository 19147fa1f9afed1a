"""Fixtures of the inventory tests: small inventories written from dicts."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.support import inventories
from tests.support.inventories import Mutate


@pytest.fixture
def make_inventory(tmp_path: Path) -> Callable[[Mutate | None], Path]:
    """Write the small valid inventory, after ``mutate(hosts, groups, defaults)``."""

    def make(mutate: Mutate | None = None) -> Path:
        return inventories.make_inventory(tmp_path / "inventory", mutate)

    return make


@pytest.fixture
def inventory_env() -> dict[str, str]:
    """Every secret variable of the small inventory, set."""
    return dict(inventories.ENV)
