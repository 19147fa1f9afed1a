"""The ``dmvpnprov`` command line: parse options, call one function, return its exit code.

Exit codes: 0 success / compliant; 1 drift, non-compliance or failed hosts; 2 bad input,
bad usage or nothing could be done. A user mistake never ends in a traceback: every
:class:`~dmvpnprov.core.errors.UserError` becomes a message on stderr and exit 2.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn

from dmvpnprov import __version__
from dmvpnprov.commands.exitcodes import ExitCode
from dmvpnprov.commands.logsetup import configure_logging
from dmvpnprov.commands.quickexit import exit_process
from dmvpnprov.core.errors import UserError
from dmvpnprov.core.secrets import forget_resolved, install_log_masking, mask_all
from dmvpnprov.reporting.formats import names

__all__ = ["main"]

Handler = Callable[[argparse.Namespace], int]


class _Parser(argparse.ArgumentParser):
    """argparse exits 2 on usage errors already; keep the message short and clear."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(ExitCode.INPUT, f"dmvpnprov: error: {message}\n")


def _inventory(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "-i",
        "--inventory",
        type=Path,
        default=Path("inventory"),
        help="Nornir SimpleInventory folder (default: ./inventory)",
    )


def _limit(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--limit", default=None, help="hosts by name, group or role (hubs, spokes); comma-separated"
    )


def _shard(p: argparse.ArgumentParser, push: bool = False) -> None:
    extra = "; 0/N: the hubs, to push before any spoke shard" if push else ""
    p.add_argument(
        "--shard",
        default=None,
        metavar="K/N",
        help=f"only shard K of N (routers dealt out round-robin in inventory order){extra} "
        "(default: every router)",
    )


def _lab(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--lab",
        action="store_true",
        help="target the routers of a running `dmvpnprov lab` instead of the inventory's addresses",
    )
    p.add_argument(
        "--lab-dir",
        type=Path,
        default=None,
        help="state folder of the lab (default: ./.dmvpnprov-lab)",
    )


def _cmd_validate(a: argparse.Namespace) -> int:
    from dmvpnprov.commands.validate import validate_command

    return validate_command(inventory=a.inventory)


def _cmd_render(a: argparse.Namespace) -> int:
    from dmvpnprov.commands.render import render_command

    return render_command(
        inventory=a.inventory,
        output=a.output,
        templates=a.templates,
        limit=a.limit,
        check=a.check,
        show_secrets=a.show_secrets,
        shard=a.shard,
    )


def _cmd_push(a: argparse.Namespace) -> int:
    from dmvpnprov.commands.push import push_command

    return push_command(
        inventory=a.inventory,
        dry_run=a.dry_run,
        limit=a.limit,
        workers=a.workers,
        batch=a.batch,
        max_fail=a.max_fail,
        yes=a.yes,
        output_format=a.format,
        templates=a.templates,
        confirm_timer=a.confirm_timer,
        lab=a.lab,
        lab_dir=a.lab_dir,
        backups=a.backups,
        known_hosts=a.known_hosts,
        accept_new_host_keys=a.accept_new_host_keys,
        connect_retries=a.connect_retries,
        verify=not a.no_verify,
        verify_timeout=a.verify_timeout,
        shard=a.shard,
    )


def _cmd_verify(a: argparse.Namespace) -> int:
    from dmvpnprov.commands.verify import verify_command

    if a.lab or a.live:
        from dmvpnprov.commands.verify_live import verify_live_command

        if a.shard is not None:
            raise UserError("--shard is for saved or intended configs, not --live / --lab")

        return verify_live_command(
            a.inventory,
            lab=a.lab,
            lab_dir=a.lab_dir,
            limit=a.limit,
            output_format=a.format,
            output=a.output,
            known_hosts=a.known_hosts,
            accept_new_host_keys=a.accept_new_host_keys,
        )

    return verify_command(
        a.inventory,
        running=a.running,
        limit=a.limit,
        shard=a.shard,
        output_format=a.format,
        output=a.output,
    )


def _cmd_trace(a: argparse.Namespace) -> int:
    from dmvpnprov.commands.verify import trace_command

    return trace_command(a.inventory, a.source, a.destination, running=a.running)


def _cmd_audit(a: argparse.Namespace) -> int:
    from dmvpnprov.commands.audit import audit_command

    return audit_command(
        inventory=a.inventory,
        running=a.running,
        output_format=a.format,
        output=a.output,
        limit=a.limit,
        fail_on=a.fail_on,
        templates=a.templates,
        lab=a.lab,
        lab_dir=a.lab_dir,
        show_all=a.all,
        shard=a.shard,
        known_hosts=a.known_hosts,
        accept_new_host_keys=a.accept_new_host_keys,
    )


def _cmd_merge(a: argparse.Namespace) -> int:
    from dmvpnprov.commands.merge import merge_command

    return merge_command(a.reports, output_format=a.format, output=a.output, show_all=a.all)


def _cmd_report(a: argparse.Namespace) -> int:
    from dmvpnprov.commands.report import report_command

    return report_command(
        inventory=a.inventory,
        spokes=a.spokes,
        output_format=a.format,
        output=a.output,
        templates=a.templates,
    )


def _cmd_lab(a: argparse.Namespace) -> int:
    from dmvpnprov.commands.lab import lab_command

    if a.action in ("fault", "show"):
        from dmvpnprov.commands.labfault import fault_command, show_command

        if a.action == "show":
            return show_command(a.host, a.what, a.lab_dir)
        return fault_command(a.host, a.lab_dir, vars(a))

    return lab_command(
        action=a.action,
        inventory=a.inventory,
        lab_dir=a.lab_dir,
        foreground=a.foreground,
        realistic=a.realistic,
    )


def _cmd_rollback(a: argparse.Namespace) -> int:
    from dmvpnprov.commands.rollback import rollback_command

    return rollback_command(
        inventory=a.inventory,
        hosts=a.hosts,
        to=a.to,
        previous=a.previous,
        yes=a.yes,
        dry_run=a.dry_run,
        output_format=a.format,
        backups=a.backups,
        confirm_timer=a.confirm_timer,
        lab=a.lab,
        lab_dir=a.lab_dir,
        known_hosts=a.known_hosts,
        accept_new_host_keys=a.accept_new_host_keys,
        connect_retries=a.connect_retries,
        templates=a.templates,
        workers=a.workers,
        batch=a.batch,
        max_fail=a.max_fail,
    )


def _cmd_backups(a: argparse.Namespace) -> int:
    from dmvpnprov.commands.backups import backups_command

    diff = tuple(a.diff) if a.diff else None
    return backups_command(backups=a.backups, host=a.host, diff=diff)


def _rollback_parser(sub: Any) -> None:
    p = sub.add_parser(
        "rollback",
        help="restore routers' managed sections to a backup, as safely as push",
        description="Restore the managed sections of HOST... to a backup push wrote: plan,"
        " confirm, verify, then save (or undo). Name the backup with --to, or take"
        " --previous (the newest backup that differs from the running config).",
    )
    p.add_argument("hosts", nargs="+", metavar="HOST", help="routers to roll back")
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--to", metavar="BACKUP", default=None, help="a backup's file name or path")
    which.add_argument(
        "--previous",
        action="store_true",
        help="the newest backup that differs from what the router runs now",
    )
    _inventory(p)
    p.add_argument("--dry-run", action="store_true", help="show the plan, change nothing")
    _push_options(p)
    p.set_defaults(handler=_cmd_rollback)

    p = sub.add_parser(
        "backups",
        help="list and compare the backups push wrote",
        description="List the backups per router, or a router's backups, or compare two.",
    )
    p.add_argument("host", nargs="?", default=None, metavar="HOST", help="one router")
    p.add_argument(
        "--diff", nargs=2, metavar=("A", "B"), default=None, help="compare backup A with B"
    )
    p.add_argument(
        "--backups",
        type=Path,
        default=Path("backups"),
        help="folder of backups (default: %(default)s)",
    )
    p.set_defaults(handler=_cmd_backups)


def _cmd_demo(a: argparse.Namespace) -> int:
    from dmvpnprov.commands.demo import demo_command

    return demo_command(inventory=a.inventory, workdir=a.workdir, keep_lab=a.keep_lab)


def _host_keys(p: argparse.ArgumentParser) -> None:
    """SSH host-key options of every command that logs in to real routers."""
    p.add_argument(
        "--known-hosts",
        type=Path,
        default=None,
        metavar="PATH",
        help="SSH host keys file (default: known_hosts in the inventory folder)",
    )
    p.add_argument(
        "--accept-new-host-keys",
        action="store_true",
        help="trust the SSH key of a router not yet in the known-hosts file, and add it"
        " (default: refuse unknown routers)",
    )


def _push_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--workers", type=int, default=10, help="routers handled at once (default: %(default)s)"
    )
    p.add_argument(
        "--batch", type=int, default=0, help="routers per batch, hubs first (default: 0, all)"
    )
    p.add_argument(
        "--max-fail",
        type=int,
        default=1,
        help="start no new router after this many failures (default: %(default)s)",
    )
    p.add_argument("--yes", action="store_true", help="do not ask for confirmation (default: ask)")
    p.add_argument(
        "--format",
        choices=names("push"),
        default=None,
        help="output format (default: table)",
    )
    p.add_argument(
        "--templates",
        type=Path,
        default=None,
        help="folder of templates overriding the built-in ones (default: built-in)",
    )
    p.add_argument(
        "--confirm-timer",
        type=int,
        default=None,
        metavar="MINUTES",
        help="arm `reload in N` / a revert timer while changing each router (default: none)",
    )
    p.add_argument(
        "--backups",
        type=Path,
        default=Path("backups"),
        help="folder of backups, push.log and the lock (default: %(default)s)",
    )
    _host_keys(p)
    p.add_argument(
        "--connect-retries",
        type=int,
        default=2,
        metavar="N",
        help="more attempts, with backoff, after a transient connection error"
        " (default: %(default)s)",
    )
    _lab(p)


def _build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="dmvpnprov",
        description="Provision Cisco DMVPN fleets: validate a Nornir inventory, render IOS"
        " configs, push them safely, audit drift and report config savings.",
        epilog="Exit codes: 0 success, 1 drift or failed routers, 2 bad input, 130 interrupted.",
    )
    parser.add_argument("--version", action="version", version=f"dmvpnprov {__version__}")
    parser.add_argument(
        "-v", "--verbose", action="count", default=0, help="more log output (-vv for debug)"
    )
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    p = sub.add_parser("validate", help="validate the inventory; report every problem")
    _inventory(p)
    p.set_defaults(handler=_cmd_validate)

    p = sub.add_parser("render", help="render the intended configs to configs/<host>.cfg")
    _inventory(p)
    p.add_argument("-o", "--output", type=Path, default=Path("configs"))
    p.add_argument(
        "--templates",
        type=Path,
        default=None,
        help="your own copy of templates/ (default: the built-in one)",
    )
    _limit(p)
    p.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit 1 and list hosts whose files differ",
    )
    p.add_argument(
        "--show-secrets",
        action="store_true",
        help="write real secret values instead of masks (files mode 0600)",
    )
    _shard(p)
    p.set_defaults(handler=_cmd_render)

    p = sub.add_parser("push", help="push the delta to the routers, safely")
    _inventory(p)
    p.add_argument("--dry-run", action="store_true", help="show the plan, change nothing")
    _limit(p)
    _push_options(p)
    p.add_argument(
        "--verify-timeout",
        type=float,
        default=60.0,
        metavar="SECONDS",
        help="how long each router's DMVPN may take to come up before it is rolled back "
        "(default: %(default)s)",
    )
    p.add_argument(
        "--no-verify",
        action="store_true",
        help="save without checking the DMVPN came up (said in the summary; default: verify)",
    )
    _shard(p, push=True)
    p.set_defaults(handler=_cmd_push)

    _rollback_parser(sub)
    p = sub.add_parser("audit", help="compare running configs with the intended ones")
    _inventory(p)
    p.add_argument(
        "--running",
        type=Path,
        default=None,
        help="folder of saved configs (<host>.cfg/.txt); default: read live",
    )
    p.add_argument("--format", choices=names("audit"), default=None)
    p.add_argument(
        "-o",
        "--output",
        type=Path,
        action="append",
        default=None,
        help="report file (format from its suffix: .json .xml .md .html .txt); repeatable; "
        "a bare name goes to reports/",
    )
    _limit(p)
    p.add_argument("--fail-on", choices=("info", "warning", "error", "critical"), default="error")
    p.add_argument("--templates", type=Path, default=None)
    p.add_argument(
        "--all",
        action="store_true",
        help="on a terminal, every router's table even for a large fleet (default: a summary "
        "and the non-compliant routers above 50 routers)",
    )
    _shard(p)
    _lab(p)
    _host_keys(p)
    p.set_defaults(handler=_cmd_audit)

    p = sub.add_parser("verify", help="does the DMVPN work? (the control-plane model)")
    _inventory(p)
    p.add_argument("--running", type=Path, default=None, help="folder of saved running configs")
    _limit(p)
    p.add_argument(
        "--format", choices=names("verify"), default=None, help="output format (default: table)"
    )
    p.add_argument(
        "-o", "--output", type=Path, default=None, help="report file (format from its suffix)"
    )
    p.add_argument(
        "--live",
        action="store_true",
        help="read the routers' running configs and show commands (read-only)",
    )
    _shard(p)
    _lab(p)
    _host_keys(p)
    p.set_defaults(handler=_cmd_verify)

    p = sub.add_parser("trace", help="one packet through the DMVPN, the deck's 8 steps")
    _inventory(p)
    p.add_argument("source", metavar="SRC_HOST", help="the router whose LAN sends")
    p.add_argument("destination", metavar="DST_IP", help="the destination address")
    p.add_argument("--running", type=Path, default=None, help="folder of saved running configs")
    p.set_defaults(handler=_cmd_trace)

    p = sub.add_parser(
        "merge", help="join shard reports (audit --shard or verify --shard) into one report"
    )
    p.add_argument("reports", type=Path, nargs="+", metavar="REPORT.json")
    p.add_argument("--format", choices=names("audit"), default=None)
    p.add_argument(
        "-o",
        "--output",
        type=Path,
        action="append",
        default=None,
        help="report file (format from its suffix: .json .xml .md .html .txt); repeatable",
    )
    p.add_argument("--all", action="store_true", help="on a terminal, every router's table")
    p.set_defaults(handler=_cmd_merge)

    p = sub.add_parser("report", help="config-size savings against static baselines")
    _inventory(p)
    p.add_argument("--spokes", type=int, default=None, help="what-if fleet of N spokes")
    p.add_argument("--format", choices=names("report"), default=None)
    p.add_argument("-o", "--output", type=Path, default=None)
    p.add_argument("--templates", type=Path, default=None)
    p.set_defaults(handler=_cmd_report)

    p = sub.add_parser("lab", help="simulated IOS routers on 127.0.0.1")
    p.add_argument("action", choices=("up", "down", "status", "fault", "show"))
    p.add_argument("host", nargs="?", help="fault / show: the router (inventory name)")
    p.add_argument("what", nargs="?", help="show: running, startup or log")
    _inventory(p)
    g = p.add_argument_group("lab fault HOST (the running lab; several at once)")
    g.add_argument("--disconnect-after", type=int, metavar="N", help="drop after N config lines")
    g.add_argument("--reject-line", metavar="TEXT", help="reject this config line")
    g.add_argument("--nvram-fail", action="store_true", help="write memory fails")
    g.add_argument("--write-delay", type=float, metavar="S", help="write memory takes S seconds")
    g.add_argument("--command-delay", type=float, metavar="S", help="each command takes S s")
    g.add_argument("--auth-fail", action="store_true", help="refuse every login")
    g.add_argument("--silent", action="store_true", help="accept TCP, never answer")
    g.add_argument("--stop", action="store_true", help="power off (port refuses)")
    g.add_argument("--start", action="store_true", help="power on again")
    g.add_argument("--clear", action="store_true", help="back to the start faults")
    p.add_argument("--lab-dir", type=Path, default=None)
    p.add_argument("--foreground", action="store_true", help=argparse.SUPPRESS)
    p.add_argument(
        "--realistic",
        action="store_true",
        help="old boxes' real timing: write memory takes seconds on 1700/2600",
    )
    p.set_defaults(handler=_cmd_lab)

    p = sub.add_parser("demo", help="lab up, render, push, audit, report on the example")
    _inventory(p)
    p.add_argument("--workdir", type=Path, default=Path())
    p.add_argument("--keep-lab", action="store_true", help="leave the lab running")
    p.set_defaults(handler=_cmd_demo)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command (``argv``, default the process's arguments); its exit code."""
    args = _build_parser().parse_args(argv)
    forget_resolved()  # this command's secrets only
    configure_logging(args.verbose)
    install_log_masking()  # every record, third-party loggers' too
    handler: Handler = args.handler
    try:
        return handler(args)
    except UserError as exc:
        print(f"dmvpnprov {args.command}: {mask_all(str(exc))}", file=sys.stderr)
        return ExitCode.INPUT
    except KeyboardInterrupt:
        print("dmvpnprov: interrupted", file=sys.stderr)
        return ExitCode.INTERRUPTED


def run() -> NoReturn:
    """Entry point of the console script: :func:`main`, then exit without the
    interpreter's object-by-object teardown (see :mod:`dmvpnprov.commands.quickexit`)."""
    try:
        code: object = main()
    except SystemExit as exc:  # --help, --version, a usage error
        code = exc.code
    exit_process(code)


if __name__ == "__main__":
    run()
