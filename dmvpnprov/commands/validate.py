"""``dmvpnprov validate``: load the inventory, report every problem or a fleet summary."""

from __future__ import annotations

from pathlib import Path

from dmvpnprov.inventory.load import check_secrets, load

__all__ = ["validate_command"]


def validate_command(inventory: Path) -> int:
    """``dmvpnprov validate``: a fleet summary (exit 0) or every problem (exit 2)."""
    from dmvpnprov.reporting.validate import show  # noqa: PLC0415 (rich loads only here)

    loaded = load(inventory)
    if loaded.partial is not None:
        loaded.problems += check_secrets(loaded.partial, login=False)  # no login in validate
        loaded.fleet = None if loaded.problems else loaded.fleet
    return show(loaded, inventory)
