"""Backups of running configs: one file per change, never overwritten, owner-only.

``backups/<host>/<UTC timestamp>.cfg`` holds the config exactly as read (secrets
included, so it can be restored): the file is created with mode 0600 in a 0700
folder, and its content is never printed unmasked. The name holds the host name and
the time, nothing else. A config equal to the newest backup of its host (ignoring the
``show running-config`` framing, whose byte count and timestamps change) is not stored
again: the newest backup is its backup.

Examples:
    >>> import tempfile
    >>> from datetime import datetime, timezone
    >>> root = Path(tempfile.mkdtemp())
    >>> when = datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone.utc)
    >>> first = write_backup(root, "hub1", "hostname hub1\\n", now=when)
    >>> same = write_backup(root, "hub1", "hostname hub1\\n", now=when)
    >>> second = write_backup(root, "hub1", "hostname hub2\\n", now=when)
    >>> first == same, first.name, second.name
    (True, '20260102T030405Z.cfg', '20260102T030405Z-1.cfg')
    >>> oct(first.stat().st_mode & 0o777), oct(root.stat().st_mode & 0o777)
    ('0o600', '0o700')
"""

from __future__ import annotations

import os
import re
from datetime import datetime, timezone
from pathlib import Path

from dmvpnprov.core.configtree import strip_show_run

__all__ = ["backups_of", "find_backup", "latest_backup", "same_config", "write_backup"]

_SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


def _host_dir(root: Path, host: str) -> Path:
    if not _SAFE_NAME.match(host):
        raise ValueError(f"host name {host!r} cannot be a folder name")
    if not root.exists():
        root.mkdir(parents=True, mode=0o700)  # new folders: owner only
        root.chmod(0o700)  # whatever the umask
    folder = root / host
    folder.mkdir(exist_ok=True, mode=0o700)
    return folder


def same_config(a: str, b: str) -> bool:
    """True when two ``show`` outputs hold the same config (framing ignored)."""
    return _body(a) == _body(b)


def _body(text: str) -> str:
    lines = strip_show_run(text).splitlines()
    return "\n".join(ln for ln in lines if not ln.startswith(("Using ", "! Last configuration")))


def write_backup(root: Path, host: str, config: str, now: datetime | None = None) -> Path:
    """Write ``config`` to a new file under ``root/host``; return its path.

    When the newest backup of ``host`` holds the same config, that file is returned and
    nothing is written. The name is the UTC time to the second; a second backup within
    the same second gets ``-1``, ``-2``... Existing files are never overwritten.
    """
    folder = _host_dir(root, host)
    newest = latest_backup(root, host)
    if newest is not None and same_config(newest.read_text(encoding="utf-8"), config):
        return newest
    stamp = (now or datetime.now(timezone.utc)).strftime("%Y%m%dT%H%M%SZ")
    data = config.encode("utf-8")
    for attempt in range(1000):
        path = folder / (f"{stamp}.cfg" if attempt == 0 else f"{stamp}-{attempt}.cfg")
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            continue
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        return path
    raise FileExistsError(f"{folder}: too many backups at {stamp}")


def _order(path: Path) -> tuple[str, int]:
    stem, _, n = path.stem.partition("-")
    return stem, int(n) if n.isdigit() else 0


def backups_of(root: Path, host: str) -> list[Path]:
    """Every backup of ``host``, oldest first (by the time in the name)."""
    folder = root / host
    if not _SAFE_NAME.match(host) or not folder.is_dir():
        return []
    return sorted(folder.glob("*.cfg"), key=_order)


def latest_backup(root: Path, host: str) -> Path | None:
    """The newest backup of ``host`` under ``root`` (``None`` when there is none)."""
    files = backups_of(root, host)
    return files[-1] if files else None


def find_backup(root: Path, host: str, name: str) -> Path | None:
    """The backup of ``host`` called ``name`` (a file name, its stem, or a path)."""
    given = Path(name)
    if given.is_file():
        return given
    for path in backups_of(root, host):
        if name in (path.name, path.stem):
            return path
    return None
