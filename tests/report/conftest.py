"""Fixtures of the report tests: the example inventory and the deck's own network."""

from __future__ import annotations

from pathlib import Path

import pytest

from dmvpnprov.core.models import Fleet
from dmvpnprov.inventory.load import load_fleet

from .fleets import deck_fleet

INVENTORY = Path(__file__).resolve().parents[2] / "inventory"


@pytest.fixture(scope="session")
def example() -> Fleet:
    """The example inventory (the deck's network, with ip tcp adjust-mss 1360)."""
    return load_fleet(INVENTORY)


@pytest.fixture(scope="session")
def deck() -> Fleet:
    """The deck's hub and spokes with exactly the deck's tunnel settings."""
    return deck_fleet()
