"""The ``dmvpnprov`` command line: parse options, call one function, return its exit code.

Exit codes: 0 success / compliant; 1 drift, non-compliance or failed hosts; 2 bad input,
bad usage or nothing could be done. A user mistake never ends in a traceback: every
:class:`~dmvpnprov.core.errors.UserError` becomes a message on stderr and exit 2.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from dmvpnprov import __version__
from dmvpnprov.commands.exitcodes import ExitCode
from dmvpnprov.core.errors import UserError

__all__ = ["main"]

FORMATS = ("table", "json", "junit", "markdown", "html")

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
        help=f"only shard K of N (routers dealt out round-robin in inventory order){extra}",
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
        shard=a.shard,
    )


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

    return lab_command(
        action=a.action,
        inventory=a.inventory,
        lab_dir=a.lab_dir,
        foreground=a.foreground,
        realistic=a.realistic,
    )


def _cmd_demo(a: argparse.Namespace) -> int:
    from dmvpnprov.commands.demo import demo_command

    return demo_command(inventory=a.inventory, workdir=a.workdir, keep_lab=a.keep_lab)


def _build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="dmvpnprov", description=__doc__.splitlines()[0] if __doc__ else "")
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
    p.add_argument("--workers", type=int, default=10)
    p.add_argument("--batch", type=int, default=0, help="routers per batch (0: all at once)")
    p.add_argument(
        "--max-fail", type=int, default=1, help="stop starting new routers after this many failures"
    )
    p.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.add_argument("--templates", type=Path, default=None)
    p.add_argument(
        "--confirm-timer",
        type=int,
        default=None,
        metavar="MINUTES",
        help="arm `reload in N` / revert timer while changing each router",
    )
    p.add_argument("--backups", type=Path, default=Path("backups"))
    _shard(p, push=True)
    _lab(p)
    p.set_defaults(handler=_cmd_push)

    p = sub.add_parser("audit", help="compare running configs with the intended ones")
    _inventory(p)
    p.add_argument(
        "--running",
        type=Path,
        default=None,
        help="folder of saved configs (<host>.cfg/.txt); default: read live",
    )
    p.add_argument("--format", choices=FORMATS, default=None)
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
    p.set_defaults(handler=_cmd_audit)

    p = sub.add_parser("merge", help="join shard audit reports (audit --shard) into one report")
    p.add_argument("reports", type=Path, nargs="+", metavar="REPORT.json")
    p.add_argument("--format", choices=FORMATS, default=None)
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
    p.add_argument("--format", choices=("table", "json", "markdown", "html"), default=None)
    p.add_argument("-o", "--output", type=Path, default=None)
    p.add_argument("--templates", type=Path, default=None)
    p.set_defaults(handler=_cmd_report)

    p = sub.add_parser("lab", help="simulated IOS routers on 127.0.0.1")
    p.add_argument("action", choices=("up", "down", "status"))
    _inventory(p)
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
    """Entry point of the console script."""
    args = _build_parser().parse_args(argv)
    level = logging.WARNING - 10 * min(args.verbose, 2)
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")
    handler: Handler = args.handler
    try:
        return handler(args)
    except UserError as exc:
        print(f"dmvpnprov {args.command}: {exc}", file=sys.stderr)
        return ExitCode.INPUT
    except KeyboardInterrupt:
        print("dmvpnprov: interrupted", file=sys.stderr)
        return ExitCode.INTERRUPTED


if __name__ == "__main__":
    sys.exit(main())
