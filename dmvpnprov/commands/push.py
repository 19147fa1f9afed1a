"""``dmvpnprov push``: show the plan, confirm, apply safely, report.

The engine is :mod:`dmvpnprov.push.rollout` (plan, batches, failure threshold) and
:mod:`dmvpnprov.push.apply` (one router: send, verify, save or roll back); this module is the
command: validate the input before anything touches a router, render the intended
configs in memory, build Nornir, then print the plan and the results.

Exit codes: 0 every router ended as intended (a dry run: nothing to change); 1 a router
failed or was skipped (a dry run: there are changes, or a router could not be read);
2 bad input (invalid inventory, missing secret, no lab running with ``--lab``).
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from nornir.core import Nornir
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.prompt import Confirm

from dmvpnprov.commands.exitcodes import ExitCode
from dmvpnprov.commands.interrupts import ON_ABORT, interrupts
from dmvpnprov.commands.labtargets import lab_targets
from dmvpnprov.commands.push_verify import NOT_VERIFIED, live_check
from dmvpnprov.core.errors import InputProblems, UserError
from dmvpnprov.core.models import Fleet, Router
from dmvpnprov.core.secrets import MissingSecretError, SecretStore
from dmvpnprov.inventory.load import check_secrets, load_fleet, select_routers
from dmvpnprov.inventory.shards import parse_shard, push_shard
from dmvpnprov.push.apply import ApplyOptions, FailureGate, LiveCheck
from dmvpnprov.push.device import CONFIG_SECONDS
from dmvpnprov.push.lock import PushLock
from dmvpnprov.push.plan import HostPlan
from dmvpnprov.push.results import HostResult
from dmvpnprov.push.rollout import apply_fleet, plan_fleet, planned_result
from dmvpnprov.render.engine import render_fleet
from dmvpnprov.reporting.formats import choose
from dmvpnprov.reporting.push import outcome_line, print_json, print_plan, print_summary
from dmvpnprov.transport.connections import TELNET, LabTargetLike, build_nornir, close_nornir
from dmvpnprov.transport.credentials import Credentials
from dmvpnprov.transport.hostkeys import known_hosts_file

__all__ = [
    "Planner",
    "PushOptions",
    "apply_with_progress",
    "check_numbers",
    "confirmer",
    "exit_code",
    "known_hosts_for",
    "push_command",
    "run_and_report",
    "run_push",
    "warn_telnet",
]

log = logging.getLogger(__name__)

Planner = Callable[[Nornir, Fleet, Sequence[Router], Mapping[str, str]], dict[str, HostPlan]]


@dataclass(frozen=True)
class PushOptions:
    """Everything a push run needs besides where the output goes."""

    inventory: Path
    dry_run: bool = False
    limit: str | None = None
    workers: int = 10
    batch: int = 0
    max_fail: int = 1
    templates: Path | None = None
    confirm_timer: int | None = None
    lab: bool = False
    lab_dir: Path | None = None
    backups: Path = Path("backups")
    targets: Mapping[str, LabTargetLike] | None = None  # an in-process lab (tests, demo)
    config_timeout: float = CONFIG_SECONDS  # seconds one config line may take
    known_hosts: Path | None = None  # default: <inventory>/known_hosts (not for the lab)
    accept_new_host_keys: bool = False
    connect_retries: int = 2  # more attempts for a transient connection error
    command: str = "push"  # how the lock names this run
    verify: bool = True  # check the DMVPN came up before saving (--no-verify: False)
    verify_timeout: float = 60.0
    shard: str | None = None  # K/N: a share of the spokes; 0/N: the hubs (first stage)


def check_numbers(o: PushOptions) -> None:
    if o.workers < 1 or o.batch < 0 or o.max_fail < 1 or not 0 <= o.connect_retries <= 10:
        raise UserError(
            "--workers and --max-fail must be at least 1, --batch at least 0,"
            " --connect-retries 0 to 10"
        )
    if o.confirm_timer is not None and not 1 <= o.confirm_timer <= 60:
        raise UserError("--confirm-timer takes 1 to 60 minutes")
    if not 0 < o.verify_timeout <= 3600:
        raise UserError("--verify-timeout takes more than 0 and at most 3600 seconds")


def _intended(
    o: PushOptions, environ: Mapping[str, str] | None
) -> tuple[Fleet, list[Router], dict[str, str], SecretStore]:
    fleet = load_fleet(o.inventory, environ)
    part = parse_shard(o.shard, hubs_stage=True) if o.shard is not None else None
    routers = list(push_shard(select_routers(fleet, o.limit), part))
    problems = check_secrets(fleet, environ)
    if sys.stdin.isatty():  # login credentials can be asked for; the config's cannot
        problems = [p for p in problems if not (p.field or "").startswith("data.credentials.")]
    if problems:
        raise InputProblems(problems)
    store = SecretStore(environ=environ)
    try:
        intended = render_fleet(fleet, store, o.templates, names=[r.name for r in routers])
    except MissingSecretError as exc:
        raise UserError(str(exc)) from None
    return fleet, routers, intended, store


def run_push(
    o: PushOptions,
    *,
    confirm: Callable[[Sequence[HostResult]], bool],
    show_plan: Callable[[Sequence[HostResult]], None],
    status: Console,
    environ: Mapping[str, str] | None = None,
    planner: Planner | None = None,
) -> tuple[list[HostResult], bool]:
    """Plan and (unless a dry run, or ``confirm`` says no) apply; return results, applied.

    ``planner`` (default: the push's plan of the rendered configs) makes the plans from
    Nornir, the fleet, the routers and their rendered configs; ``rollback`` passes its own.

    A real run holds the lock of the backups folder (:mod:`dmvpnprov.push.lock`) from
    before the first router is read until the last one is done.
    """
    check_numbers(o)
    fleet, routers, intended, store = _intended(o, environ)

    def run() -> tuple[list[HostResult], bool]:
        rendered = (fleet, routers, intended, store)
        return _run(
            o,
            rendered,
            confirm=confirm,
            show_plan=show_plan,
            status=status,
            environ=environ,
            planner=planner,
        )

    if o.dry_run:
        return run()
    warn = lambda m: status.print(f"[yellow]{m}[/]")  # noqa: E731
    with (
        PushLock(o.backups, o.inventory, command=o.command, warn=warn) as lock,
        PushLock.of_inventory(o.inventory, command=o.command, warn=warn) as mine,
    ):
        ON_ABORT.extend((lock.release, mine.release))
        try:
            return run()
        finally:
            ON_ABORT.remove(lock.release)
            ON_ABORT.remove(mine.release)


def _run(
    o: PushOptions,
    rendered: tuple[Fleet, list[Router], dict[str, str], SecretStore],
    *,
    confirm: Callable[[Sequence[HostResult]], bool],
    show_plan: Callable[[Sequence[HostResult]], None],
    status: Console,
    environ: Mapping[str, str] | None,
    planner: Planner | None,
) -> tuple[list[HostResult], bool]:
    fleet, routers, intended, store = rendered
    creds = Credentials(environ=environ, store=store)
    targets = o.targets if o.targets is not None else lab_targets(o.lab, o.lab_dir)
    if targets is not None:
        absent = sorted(r.name for r in routers if r.name not in targets)
        if absent:
            raise UserError(f"not in the running lab: {', '.join(absent)}")
    nr = build_nornir(
        o.inventory,
        targets=targets,
        workers=o.workers,
        log_file=None if o.dry_run else o.backups / "push.log",
        environ=environ,
        credentials=creds,
        known_hosts=known_hosts_for(o, targets is not None),
        accept_new_host_keys=o.accept_new_host_keys,
        only={r.name for r in routers},
    )
    warn_telnet(nr, routers, status)
    try:
        with status.status("reading the running configs...", spinner="dots"):
            backups = None if o.dry_run else o.backups  # a dry run leaves no files behind
            if planner is not None:
                plans = planner(nr, fleet, routers, intended)
            else:
                plans = plan_fleet(nr, fleet, routers, intended, backups, retries=o.connect_retries)
        planned = [planned_result(p, creds.mask) for p in plans.values()]
        show_plan(planned)
        todo = [p for p in plans.values() if p.has_changes and p.error is None]
        if o.dry_run or not todo or not confirm(planned):
            return planned, False
        unread = sum(1 for p in plans.values() if p.error is not None)
        check = live_check(fleet, store, o.templates, verify=o.verify, timeout=o.verify_timeout)
        applied = apply_with_progress(nr, todo, o, creds, status, unread=unread, check=check)
        return [applied.get(r.host, r) for r in planned], True
    finally:
        close_nornir(nr)


def known_hosts_for(o: PushOptions, lab: bool) -> Path | None:
    """``--known-hosts``, else ``known_hosts`` beside the inventory (real routers only:
    the lab's routers listen on 127.0.0.1 and are not checked unless asked)."""
    return known_hosts_file(o.inventory, o.known_hosts, lab)


def warn_telnet(nr: Nornir, routers: Sequence[Router], status: Console) -> None:
    names = {r.name for r in routers}
    telnet = sorted(n for n, h in nr.inventory.hosts.items() if n in names and h.platform == TELNET)
    if telnet:
        status.print(
            f"[yellow]warning: {', '.join(telnet)} reached over telnet (the inventory says so):"
            " the login password, enable secret, PSK and NHRP key cross the network in"
            " clear text[/]"
        )


def apply_with_progress(
    nr: Nornir,
    todo: list[HostPlan],
    o: PushOptions,
    creds: Credentials,
    status: Console,
    *,
    unread: int,
    check: LiveCheck | None = None,
) -> dict[str, HostResult]:
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    gate = FailureGate(o.max_fail)
    for _ in range(unread):  # a router that could not even be read counts as a failure
        gate.record_failure()
    with (
        Progress(*columns, console=status, disable=not status.is_terminal) as progress,
        interrupts(gate, todo, status),
    ):
        bar = progress.add_task("pushing", total=len(todo))
        return apply_fleet(
            nr,
            todo,
            ApplyOptions(
                confirm_timer=o.confirm_timer,
                config_timeout=o.config_timeout,
                connect_retries=o.connect_retries,
                live_check=check,
            ),
            batch=o.batch,
            max_fail=o.max_fail,
            mask=creds.mask,
            on_done=lambda r: progress.update(bar, advance=1, description=f"pushed {r.host}"),
            gate=gate,
        )


def confirmer(yes: bool, console: Console) -> Callable[[Sequence[HostResult]], bool]:
    def confirm(planned: Sequence[HostResult]) -> bool:
        if yes:
            return True
        count = sum(1 for r in planned if r.changed_lines and not r.error)
        return Confirm.ask(
            f"Push these changes to {count} router{'s' if count != 1 else ''}?",
            console=console,
            default=False,
        )

    return confirm


def push_command(
    *,
    inventory: Path,
    dry_run: bool = False,
    limit: str | None = None,
    workers: int = 10,
    batch: int = 0,
    max_fail: int = 1,
    yes: bool = False,
    output_format: str | None = None,
    templates: Path | None = None,
    confirm_timer: int | None = None,
    lab: bool = False,
    lab_dir: Path | None = None,
    backups: Path = Path("backups"),
    environ: Mapping[str, str] | None = None,
    targets: Mapping[str, LabTargetLike] | None = None,
    known_hosts: Path | None = None,
    accept_new_host_keys: bool = False,
    connect_retries: int = 2,
    verify: bool = True,
    verify_timeout: float = 60.0,
    shard: str | None = None,
) -> int:
    """The ``push`` command; returns the exit code (see the module docstring).

    ``environ`` and ``targets`` (an in-process lab) are for tests and the demo.
    """
    if not (dry_run or yes or sys.stdin.isatty()):
        raise UserError("not on a terminal, so nobody can confirm: use --yes (or --dry-run)")
    options = PushOptions(
        inventory=inventory,
        dry_run=dry_run,
        limit=limit,
        workers=workers,
        batch=batch,
        max_fail=max_fail,
        templates=templates,
        confirm_timer=confirm_timer,
        lab=lab,
        lab_dir=lab_dir,
        backups=backups,
        targets=targets,
        known_hosts=known_hosts,
        accept_new_host_keys=accept_new_host_keys,
        connect_retries=connect_retries,
        verify=verify,
        verify_timeout=verify_timeout,
        shard=shard,
    )
    return run_and_report(options, output_format, yes=yes, environ=environ)


def run_and_report(
    options: PushOptions,
    output_format: str | None,
    *,
    yes: bool,
    environ: Mapping[str, str] | None = None,
    planner: Planner | None = None,
) -> ExitCode:
    """Run a push (or a rollback, with its ``planner``) and print its plan and outcome:
    the table or JSON, the summary line, and the exit code (push and rollback alike)."""
    as_json = choose("push", output_format, None, terminal=sys.stdout.isatty()) == "json"
    console, status = Console(), Console(stderr=True)

    def show_plan(planned: Sequence[HostResult]) -> None:
        if not as_json:
            print_plan(console, planned)

    results, applied = run_push(
        options,
        confirm=confirmer(yes, status if as_json else console),
        show_plan=show_plan,
        status=status,
        environ=environ,
        planner=planner,
    )
    if as_json:
        print_json(console, results, dry_run=not applied)
    elif applied:
        print_summary(console, results)
    else:
        console.print(outcome_line(results, dry_run=options.dry_run))
    if applied and not options.verify:
        console.print(NOT_VERIFIED)
    return exit_code(results, dry_run=options.dry_run, applied=applied)


def exit_code(results: Sequence[HostResult], *, dry_run: bool, applied: bool) -> ExitCode:
    if any(r.error for r in results):
        return ExitCode.FAIL
    if applied:
        return ExitCode.OK if all(r.ok for r in results) else ExitCode.FAIL
    # A dry run, nothing to do, or the user said no: FAIL while changes remain unpushed.
    return ExitCode.FAIL if any(r.changed_lines for r in results) else ExitCode.OK
