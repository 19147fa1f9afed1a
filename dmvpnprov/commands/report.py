"""``dmvpnprov report``: the savings of the fleet (or a what-if size) in the chosen format."""

from __future__ import annotations

from pathlib import Path

from dmvpnprov.commands.exitcodes import ExitCode
from dmvpnprov.core.errors import UserError
from dmvpnprov.savings.report import build_savings

__all__ = ["report_command"]


def report_command(
    inventory: Path,
    spokes: int | None,
    output_format: str | None,
    output: Path | None,
    templates: Path | None,
) -> int:
    """``dmvpnprov report``: measure, then write the chosen format (stdout or a file)."""
    from dmvpnprov.inventory.load import load_fleet  # noqa: PLC0415
    from dmvpnprov.reporting.savings import write_savings  # noqa: PLC0415

    if spokes is not None and spokes < 1:
        raise UserError(f"--spokes must be 1 or more (got {spokes})")
    fleet = load_fleet(inventory)
    savings = build_savings(fleet, spokes, templates, inventory=inventory.name or str(inventory))
    write_savings(savings, output_format, output)
    return ExitCode.OK
