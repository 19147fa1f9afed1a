"""``dmvpnprov demo``: the whole tool on simulated routers, in well under a minute.

Brings up the lab for the example inventory, renders the intended configs, pushes them
safely (backup, delta, verify, save), pushes again to show that nothing is left to do,
audits the routers live and reports the config-size savings. Secrets the inventory
names but the environment lacks get random lab-only values (never shown). The lab is
stopped at the end unless ``--keep-lab``.
"""

from __future__ import annotations

import logging
import os
import re
import secrets
from collections.abc import Mapping
from pathlib import Path

from rich.console import Console
from rich.table import Table

from dmvpnprov.commands.exitcodes import ExitCode
from dmvpnprov.commands.lab import start_lab
from dmvpnprov.commands.push import PushOptions, run_push
from dmvpnprov.core.errors import UserError
from dmvpnprov.core.models import Fleet
from dmvpnprov.inventory.load import check_secrets, load_fleet
from dmvpnprov.lab.control import LabTarget, read_state, stop
from dmvpnprov.push.results import HostResult
from dmvpnprov.reporting.push import print_summary

__all__ = ["demo_command"]

_VARIABLE = re.compile(r"environment variable (\S+)")


def _lab_only_secrets(fleet: Fleet) -> list[str]:
    """Set a random value for every secret variable the fleet uses and the env lacks."""
    names = sorted({m[1] for p in check_secrets(fleet) if (m := _VARIABLE.search(p.message))})
    for name in names:
        # `ip nhrp authentication` takes at most 8 characters.
        value = secrets.token_hex(4) if "NHRP" in name else secrets.token_urlsafe(12)
        os.environ[name] = value
    return names


def _lab_table(fleet: Fleet, targets: Mapping[str, LabTarget]) -> Table:
    table = Table(title="lab routers (simulated IOS on 127.0.0.1)", title_justify="left")
    for column in ("router", "role", "platform", "IOS", "reached by"):
        table.add_column(column)
    for router in fleet.routers:
        target = targets[router.name]
        how = "telnet" if target.device_type.endswith("telnet") else "ssh"
        table.add_row(
            router.name,
            router.role.value,
            router.platform.value,
            router.ios_release,
            f"{how} :{target.port}",
        )
    return table


def _push(
    console: Console, inventory: Path, workdir: Path, targets: Mapping[str, LabTarget]
) -> list[HostResult]:
    options = PushOptions(inventory, backups=workdir / "backups", targets=targets)
    results, _ = run_push(
        options,
        confirm=lambda _: True,
        show_plan=lambda _: None,
        status=Console(stderr=True),
    )
    return results


def _count(items: tuple[object, ...], noun: str) -> str:
    return f"{len(items)} {noun}{'' if len(items) == 1 else 's'}"


def _step(console: Console, number: int, text: str) -> None:
    console.print()
    console.rule(f"[bold]{number}. {text}", align="left")


def demo_command(inventory: Path, workdir: Path, keep_lab: bool) -> int:
    """Run the demo; exit 0 when every router was pushed, verified and saved."""
    from dmvpnprov.commands.audit import audit_command  # noqa: PLC0415 - each step loads its module
    from dmvpnprov.commands.render import render_command  # noqa: PLC0415
    from dmvpnprov.commands.report import report_command  # noqa: PLC0415

    console = Console()
    if not (inventory / "hosts.yaml").is_file():
        raise UserError(f"{inventory}: no example inventory here (run from the project folder)")
    lab_dir = workdir / ".dmvpnprov-lab"
    state = read_state(lab_dir)
    if state is not None:
        raise UserError(f"a lab is already running in {lab_dir}: `dmvpnprov lab down` first")
    fleet = load_fleet(inventory)
    console.print(
        f"[bold]dmvpnprov demo[/]: the network of {inventory} ({_count(fleet.hubs, 'hub')}, "
        f"{_count(fleet.spokes, 'spoke')}) on simulated IOS routers."
    )
    if keep_lab:
        unset = sorted({m[1] for p in check_secrets(fleet) if (m := _VARIABLE.search(p.message))})
        if unset:
            raise UserError(
                f"--keep-lab: set {', '.join(unset)} yourself, so that later commands can "
                "log in to the lab routers"
            )
    generated = _lab_only_secrets(fleet)
    if generated:
        console.print(
            f"Lab-only random values set for {', '.join(generated)} (not shown; set them "
            "yourself to choose)."
        )
    _step(console, 1, "lab up")
    targets = start_lab(inventory, lab_dir, dict(os.environ))
    try:
        console.print(_lab_table(fleet, targets))
        _step(console, 2, f"render the intended configs to {workdir / 'configs'} (secrets masked)")
        render_command(
            inventory=inventory,
            output=workdir / "configs",
            templates=None,
            limit=None,
            check=False,
            show_secrets=False,
        )
        _step(console, 3, "push: backup, delta only, verify, write memory ([OK] checked)")
        results = _push(console, inventory, workdir, targets)
        print_summary(console, results)
        _step(console, 4, "push again: the fleet is as intended, so nothing is sent or saved")
        again = _push(console, inventory, workdir, targets)
        sent = sum(r.changed_lines for r in again)
        saved = sum(1 for r in again if r.saved)
        console.print(f"{len(again)} routers read: {sent} lines to send, {saved} saved.")
        _step(console, 5, "audit the running configs live")
        console.print(
            "The example keeps the source deck's crypto (DES, MD5, DH group 1) on purpose: "
            "the audit's policy rules flag it on every router."
        )
        audit_command(inventory=inventory, output_format="table", lab=True, lab_dir=lab_dir)
        _step(console, 6, "what DMVPN saves over static hub-and-spoke configs")
        report_command(
            inventory=inventory, spokes=None, output_format="table", output=None, templates=None
        )
    finally:
        if not keep_lab:
            # Sessions still open when the lab stops make paramiko log a reset per router.
            logging.getLogger("paramiko.transport").setLevel(logging.CRITICAL)
            stop(lab_dir)
    _step(console, 7, "done")
    console.print(f"Backups of every router's config before the push: {workdir / 'backups'}")
    if keep_lab:
        console.print(
            "The lab is still up: try `dmvpnprov push --lab --dry-run`, "
            "`dmvpnprov audit --lab`; `dmvpnprov lab down` stops it."
        )
    else:
        console.print("The lab is stopped.")
    return ExitCode.OK if all(r.ok for r in results) and not sent else ExitCode.FAIL
