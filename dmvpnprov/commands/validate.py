"""``dmvpnprov validate``: load the inventory, report every problem or a fleet summary."""

from __future__ import annotations

from pathlib import Path

from dmvpnprov.commands.exitcodes import ExitCode
from dmvpnprov.inventory.load import check_secrets, load

__all__ = ["validate_command"]


def validate_command(inventory: Path) -> ExitCode:
    """``dmvpnprov validate``: a fleet summary (exit 0) or every problem (exit 2)."""
    from dmvpnprov.reporting.validate import show  # noqa: PLC0415 (rich loads only here)

    loaded = load(inventory)
    if loaded.partial is not None:
        loaded.problems += check_secrets(loaded.partial)
        loaded.fleet = None if loaded.problems else loaded.fleet
    show(loaded, inventory)
    return ExitCode.INPUT if loaded.problems else ExitCode.OK
