"""What ``dmvpnprov render`` did to the config files (or what ``--check`` found stale).

Examples:
    >>> from dmvpnprov.render.files import FileStatus
    >>> summary(FileStatus(unchanged=["hub1"]), Path("configs"), True, False)
    'render --check: all 1 configs in configs are up to date'
    >>> print(summary(FileStatus(written=["hub1"]), Path("configs"), False, False))
    render: 1 written, 0 unchanged in configs (hub1)
    secrets are masked; --show-secrets writes real values
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from rich.console import Console

from dmvpnprov.render.files import FileStatus

__all__ = ["report", "summary"]

_LISTED = 20  # hosts named one by one in the summary; past that, counts only


def _names(hosts: list[str]) -> str:
    shown = ", ".join(hosts[:_LISTED])
    return shown + (f" and {len(hosts) - _LISTED} more" if len(hosts) > _LISTED else "")


def summary(status: FileStatus, output: Path, check: bool, show_secrets: bool) -> str:
    """One line (two when writing) on what render did or what ``--check`` found stale."""
    if check:
        stale = status.differs + status.missing
        if not stale:
            return f"render --check: all {len(status.unchanged)} configs in {output} are up to date"
        parts = [f"differ: {_names(status.differs)}"] if status.differs else []
        parts += [f"missing: {_names(status.missing)}"] if status.missing else []
        count = f"{len(stale)} config{'s' if len(stale) != 1 else ''}"
        return f"render --check: {count} in {output} stale; " + "; ".join(parts)
    text = f"render: {len(status.written)} written, {len(status.unchanged)} unchanged in {output}"
    if status.written:
        text += f" ({_names(status.written)})"
    if show_secrets:
        return text + "\nthese files hold REAL secret values (mode 0600)"
    return text + "\nsecrets are masked; --show-secrets writes real values"


def report(
    status: FileStatus,
    output: Path,
    *,
    check: bool,
    show_secrets: bool,
    strays: Iterable[str] = (),
    console: Console | None = None,
) -> None:
    """Print what was done (or is stale), and the ``.cfg`` files left alone."""
    console = console or Console(highlight=False, soft_wrap=True)
    style = "bold red" if show_secrets and not check else None
    console.print(summary(status, output, check, show_secrets), markup=False, style=style)
    strays = sorted(strays)
    if strays:
        console.print(f"not from this inventory, left alone: {_names(strays)}", markup=False)
