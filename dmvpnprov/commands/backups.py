"""``dmvpnprov backups [HOST] [--diff A B]``: list and compare the backups push wrote.

Without a host: one row per router (how many backups, the newest). With a host: its
backups, oldest first. ``--diff A B`` prints what changed from backup A to backup B of
the host (a unified diff of the configs, ``show`` framing left out). Backups hold
secrets; every line printed here is masked (IOS secret lines by pattern).

Exit codes: 0 listed (or the two backups are the same), 1 the backups differ, 2 no such
host or backup.
"""

from __future__ import annotations

import difflib
from pathlib import Path

from rich.console import Console
from rich.table import Table

from dmvpnprov.core.configtree import strip_show_run
from dmvpnprov.core.errors import UserError
from dmvpnprov.core.secrets import mask_config
from dmvpnprov.push.backup import backups_of, find_backup

__all__ = ["backups_command"]


def _hosts(root: Path) -> list[str]:
    if not root.is_dir():
        return []
    return sorted(p.name for p in root.iterdir() if p.is_dir() and backups_of(root, p.name))


def _list_all(console: Console, root: Path) -> int:
    hosts = _hosts(root)
    if not hosts:
        console.print(f"no backups in {root}")
        return 0
    table = Table(title=f"backups in {root}", title_justify="left")
    for column in ("router", "backups", "newest"):
        table.add_column(column, justify="right" if column == "backups" else "left")
    for host in hosts:
        files = backups_of(root, host)
        table.add_row(host, str(len(files)), files[-1].name)
    console.print(table)
    return 0


def _list_host(console: Console, root: Path, host: str) -> int:
    files = backups_of(root, host)
    if not files:
        raise UserError(f"no backups of {host} in {root}")
    table = Table(title=f"backups of {host} (oldest first)", title_justify="left")
    table.add_column("backup")
    table.add_column("lines", justify="right")
    for path in files:
        lines = strip_show_run(path.read_text(encoding="utf-8")).count("\n")
        table.add_row(path.name, str(lines))
    console.print(table)
    return 0


def _diff(console: Console, root: Path, host: str, a: str, b: str) -> int:
    texts = []
    for name in (a, b):
        path = find_backup(root, host, name)
        if path is None:
            raise UserError(f"no backup {name!r} of {host} in {root}")
        texts.append((path.name, mask_config(strip_show_run(path.read_text(encoding="utf-8")))))
    (name_a, text_a), (name_b, text_b) = texts
    diff = list(
        difflib.unified_diff(
            text_a.splitlines(), text_b.splitlines(), name_a, name_b, lineterm="", n=2
        )
    )
    if not diff:
        console.print(f"{host}: {name_a} and {name_b} hold the same config")
        return 0
    for line in diff:
        console.print(line, markup=False, highlight=False)
    return 1


def backups_command(
    *,
    backups: Path = Path("backups"),
    host: str | None = None,
    diff: tuple[str, str] | None = None,
) -> int:
    """The ``backups`` command; returns the exit code (see the module docstring)."""
    console = Console()
    if backups.exists() and not backups.is_dir():
        raise UserError(f"--backups {backups}: not a folder")
    if diff is not None:
        if host is None:
            raise UserError("--diff A B compares two backups of one router: name the HOST")
        return _diff(console, backups, host, *diff)
    if host is None:
        return _list_all(console, backups)
    return _list_host(console, backups, host)
