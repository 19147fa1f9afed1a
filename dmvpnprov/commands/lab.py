"""``dmvpnprov lab up | down | status``: the inventory's routers as a detached lab.

The lab itself (:mod:`dmvpnprov.lab`) knows router specs, not inventories: this module
loads and checks the inventory, turns it into specs, and starts or stops the daemon.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from dmvpnprov.commands.exitcodes import ExitCode
from dmvpnprov.core.errors import UserError
from dmvpnprov.lab.control import (
    DEFAULT_LAB_DIR,
    LabTarget,
    alive,
    answers,
    read_state,
    read_targets,
    start_background,
    stop,
)
from dmvpnprov.lab.state.router import RouterSpec

__all__ = ["check_inventory", "lab_command", "lab_specs", "start_lab"]


def lab_specs(inventory: Path, environ: Mapping[str, str] | None = None) -> list[RouterSpec]:
    """One router spec per inventory host; UserError on a bad inventory or unset variables."""
    from dmvpnprov.inventory.load import load_fleet  # noqa: PLC0415 - heavy, CLI-time only
    from dmvpnprov.lab.fleet import specs_for_fleet  # noqa: PLC0415

    if not (inventory / "hosts.yaml").is_file():
        raise UserError(f"{inventory}: no hosts.yaml: is this an inventory folder?")
    return specs_for_fleet(load_fleet(inventory), environ, inventory)


def check_inventory(inventory: Path, environ: Mapping[str, str] | None = None) -> None:
    """Fail early, in this process, on a bad inventory or unset variables."""
    lab_specs(inventory, environ)


def start_lab(
    inventory: Path,
    lab_dir: Path | None = None,
    environ: dict[str, str] | None = None,
    realistic: bool = False,
) -> dict[str, LabTarget]:
    """Check ``inventory``, start the detached lab daemon, return its targets."""
    check_inventory(inventory, environ)
    return start_background(inventory, lab_dir, environ, realistic)


def _status(targets: Mapping[str, LabTarget], title: str, code: int = ExitCode.OK) -> int:
    from dmvpnprov.reporting.lab_status import print_status  # noqa: PLC0415 - rich

    answering = {name: answers(t.host, t.port) for name, t in targets.items()}
    print_status(targets, answering, title)
    return ExitCode.FAIL if not all(answering.values()) else code


def lab_command(
    action: str,
    inventory: Path,
    lab_dir: Path | None,
    foreground: bool,
    realistic: bool = False,
) -> int:
    """The ``dmvpnprov lab`` command; exit code 0, 1 (a router not answering) or 2."""
    if foreground and action == "up":
        from dmvpnprov.lab.daemon import run  # noqa: PLC0415

        return run(lab_specs(inventory), inventory, lab_dir or DEFAULT_LAB_DIR, realistic)
    if action == "up":
        state = read_state(lab_dir)
        if state is not None and alive(state):
            return _status(read_targets(lab_dir), f"lab already up (pid {state['pid']})")
        targets = start_lab(inventory, lab_dir, realistic=realistic)
        return _status(targets, f"lab up: {len(targets)} routers")
    if action == "down":
        return _status({}, "lab down" if stop(lab_dir) else "no lab was running")
    state = read_state(lab_dir)
    if state is None or not alive(state):
        return _status({}, "no lab running: run `dmvpnprov lab up`", code=ExitCode.FAIL)
    return _status(read_targets(lab_dir), f"lab pid {state['pid']}")
