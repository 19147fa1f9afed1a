"""Backups of running configs: one file per read, never overwritten, owner-only.

``backups/<host>/<UTC timestamp>.cfg`` holds the config exactly as read (secrets
included, so it can be restored): the file is created with mode 0600 in a 0700
folder, and its content is never printed. The name holds the host name and the time,
nothing else.

Examples:
    >>> import tempfile
    >>> from datetime import datetime, timezone
    >>> root = Path(tempfile.mkdtemp())
    >>> when = datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone.utc)
    >>> first = write_backup(root, "hub1", "hostname hub1\\n", now=when)
    >>> second = write_backup(root, "hub1", "hostname hub1\\n", now=when)
    >>> first.name, second.name
    ('20260102T030405Z.cfg', '20260102T030405Z-1.cfg')
    >>> oct(first.stat().st_mode & 0o777)
    '0o600'
"""

from __future__ import annotations

import os
import re
from datetime import datetime, timezone
from pathlib import Path

__all__ = ["latest_backup", "write_backup"]

_SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


def _host_dir(root: Path, host: str) -> Path:
    if not _SAFE_NAME.match(host):
        raise ValueError(f"host name {host!r} cannot be a folder name")
    root.mkdir(parents=True, exist_ok=True, mode=0o700)  # new folders: owner only
    folder = root / host
    folder.mkdir(exist_ok=True, mode=0o700)
    return folder


def write_backup(root: Path, host: str, config: str, now: datetime | None = None) -> Path:
    """Write ``config`` to a new file under ``root/host``; return its path.

    The name is the UTC time to the second; a second backup within the same second gets
    ``-1``, ``-2``... Existing files are never overwritten (``O_EXCL``).
    """
    folder = _host_dir(root, host)
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


def latest_backup(root: Path, host: str) -> Path | None:
    """The newest backup of ``host`` under ``root`` (``None`` when there is none)."""
    folder = root / host
    if not folder.is_dir():
        return None
    files = sorted(folder.glob("*.cfg"), key=lambda p: (p.stat().st_mtime_ns, p.name))
    return files[-1] if files else None
