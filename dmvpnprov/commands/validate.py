"""``dmvpnprov validate``: load the inventory, report every problem or a fleet summary.

A fleet that validates field by field is then run through the control-plane model on
its intended configs: a design that does not work is a validation problem too, naming
the routers, the layer and why.
"""

from __future__ import annotations

from pathlib import Path

from dmvpnprov.commands.exitcodes import ExitCode
from dmvpnprov.core.errors import Problem
from dmvpnprov.core.models import Fleet
from dmvpnprov.inventory.load import check_secrets, load

__all__ = ["design_problems", "validate_command"]

DESIGN = "design (control-plane model)"


def design_problems(fleet: Fleet) -> list[Problem]:
    """Why the rendered design does not work (empty when it does)."""
    from dmvpnprov.commands.model import run_model  # noqa: PLC0415 (Jinja2 loads only here)

    out = []
    for p in run_model(fleet).problems:
        more = f" (and {len(p.others)} spokes configured alike)" if p.others else ""
        out.append(Problem(DESIGN, ", ".join(p.routers), p.layer, p.message + more))
    return out


def validate_command(inventory: Path) -> ExitCode:
    """``dmvpnprov validate``: a fleet summary (exit 0) or every problem (exit 2)."""
    from dmvpnprov.reporting.validate import show  # noqa: PLC0415 (rich loads only here)

    loaded = load(inventory)
    if loaded.partial is not None:
        loaded.problems += check_secrets(loaded.partial, login=False)  # no login in validate
        loaded.fleet = None if loaded.problems else loaded.fleet
    if loaded.fleet is not None:
        loaded.problems += design_problems(loaded.fleet)
        loaded.fleet = None if loaded.problems else loaded.fleet
    show(loaded, inventory)
    return ExitCode.INPUT if loaded.problems else ExitCode.OK
