"""``dmvpnprov rollback HOST... --to BACKUP | --previous``: restore managed sections, safely.

A rollback is a push whose target is a backup instead of the rendered config: the same
lock, plan, confirmation, confirm timer, verification, save (or undo, if anything
fails) as ``push`` (:func:`dmvpnprov.commands.push.run_push` with a planner of its own).
The managed scope is the rendered config's, as for push: a backup's lines outside it
(users, SNMP, other interfaces) are never touched. The current running config is backed
up first, so a rollback can itself be rolled back.

``--previous`` picks, per router, the newest backup whose managed sections differ from
what the router runs now (the state before the last push that changed it).

Exit codes are push's: 0 restored, 1 a router failed (or a dry run with changes),
2 bad input (no such backup, unknown host).
"""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

from nornir.core import Nornir

from dmvpnprov.commands.push import Planner, PushOptions, run_and_report
from dmvpnprov.core.errors import UserError
from dmvpnprov.core.models import Fleet, Router
from dmvpnprov.push.backup import backups_of, find_backup, write_backup
from dmvpnprov.push.plan import HostPlan, owned_networks
from dmvpnprov.transport.connections import LabTargetLike, fetch_running

__all__ = ["rollback_command"]


def _choose(
    o: PushOptions, plan: HostPlan, running: str, to: str | None
) -> tuple[Path, str] | None:
    """The backup to restore on ``plan``'s router (``None``: nothing differs)."""
    if to is not None:
        path = find_backup(o.backups, plan.name, to)
        if path is None:
            raise UserError(f"{plan.name}: no backup {to!r} in {o.backups / plan.name}")
        return path, path.read_text(encoding="utf-8")
    for path in reversed(backups_of(o.backups, plan.name)):
        text = path.read_text(encoding="utf-8")
        plan.intended = text
        if plan.remaining(running):
            return path, text
    return None


def _planner(o: PushOptions, to: str | None) -> Planner:
    def plan_rollback(
        nr: Nornir, fleet: Fleet, routers: Sequence[Router], rendered: Mapping[str, str]
    ) -> dict[str, HostPlan]:
        names = {r.name for r in routers}
        running = fetch_running(nr.filter(filter_func=lambda h: h.name in names), o.connect_retries)
        plans: dict[str, HostPlan] = {}
        for router in routers:
            scope = rendered[router.name]
            plan = HostPlan(router, scope, owned_networks(fleet, router), scope=scope)
            got = running.get(router.name, LookupError("not read"))
            if isinstance(got, Exception):
                plan.error = got
            else:
                chosen = _choose(o, plan, got, to)
                plan.running, plan.intended = got, chosen[1] if chosen else got
                if not o.dry_run:
                    plan.backup = write_backup(o.backups, router.name, got)
                plan.lines = plan.remaining(got)
            plans[router.name] = plan
        return plans

    return plan_rollback


def rollback_command(
    *,
    inventory: Path,
    hosts: Sequence[str],
    to: str | None = None,
    previous: bool = False,
    yes: bool = False,
    dry_run: bool = False,
    output_format: str = "table",
    backups: Path = Path("backups"),
    confirm_timer: int | None = None,
    lab: bool = False,
    lab_dir: Path | None = None,
    known_hosts: Path | None = None,
    accept_new_host_keys: bool = False,
    connect_retries: int = 2,
    templates: Path | None = None,
    workers: int = 10,
    batch: int = 0,
    max_fail: int = 1,
    environ: Mapping[str, str] | None = None,
    targets: Mapping[str, LabTargetLike] | None = None,
) -> int:
    """The ``rollback`` command; returns the exit code (see the module docstring)."""
    if (to is None) == (not previous):
        raise UserError("say which backup: --to BACKUP or --previous (one of them)")
    if not hosts:
        raise UserError("name the routers to roll back (rollback HOST...)")
    if not (dry_run or yes or sys.stdin.isatty()):
        raise UserError("not on a terminal, so nobody can confirm: use --yes (or --dry-run)")
    options = PushOptions(
        inventory=inventory,
        dry_run=dry_run,
        limit=",".join(hosts),
        confirm_timer=confirm_timer,
        lab=lab,
        lab_dir=lab_dir,
        backups=backups,
        targets=targets,
        known_hosts=known_hosts,
        accept_new_host_keys=accept_new_host_keys,
        connect_retries=connect_retries,
        templates=templates,
        workers=workers,
        batch=batch,
        max_fail=max_fail,
        command="rollback",
        # The live DMVPN check compares a router with its rendered config; a rollback
        # restores an older one, so it verifies by reading the config back (and saves
        # only then), as push did before the live check.
        verify=False,
    )
    return run_and_report(
        options, output_format, yes=yes, environ=environ, planner=_planner(options, to)
    )
