"""One push at a time per backups folder and per inventory: lock files naming the holder.

Two pushes at once would each back up the other's half-applied state and roll back to
it. A push (and a rollback) therefore takes ``<backups>/push.lock`` before it reads any
router: the file is created exclusively (``O_EXCL``) and holds the holder's pid, host
name, start time, inventory and command. A second push finds it and stops (exit 2)
naming the holder. The inventory folder gets the same lock
(``<inventory>/.dmvpnprov-push.lock``), so two pushes of one inventory with different
``--backups`` folders cannot run at once either; an inventory folder that cannot be
written (a read-only checkout) is pushed with a warning instead. A lock whose pid is dead
on this host is stale (the holder was killed): it is taken over with a message. A lock
from another host is never taken over (its pid cannot be checked from here): the message
says which file to remove.

Examples:
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> with PushLock(folder, Path("inventory")) as lock:
    ...     (folder / "push.lock").is_file()
    True
    >>> (folder / "push.lock").exists()
    False
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import socket
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path
from types import TracebackType
from typing import Any

from dmvpnprov.core.errors import UserError

__all__ = ["INVENTORY_LOCK_NAME", "LOCK_NAME", "PushLock", "backups_folder"]

log = logging.getLogger(__name__)

LOCK_NAME = "push.lock"
INVENTORY_LOCK_NAME = ".dmvpnprov-push.lock"


def backups_folder(path: Path) -> Path:
    """Create ``path`` (0700) if needed; :class:`UserError` when it is not a folder."""
    if path.exists() and not path.is_dir():
        raise UserError(f"--backups {path}: not a folder (it is a file; choose a folder)")
    try:
        path.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as exc:
        raise UserError(f"--backups {path}: cannot create the folder: {exc.strerror}") from None
    return path


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's live process
    return True


def _describe(holder: dict[str, Any]) -> str:
    return (
        f"pid {holder.get('pid', '?')} on {holder.get('host', '?')}, started "
        f"{holder.get('started', '?')} ({holder.get('command', 'push')} of "
        f"{holder.get('inventory', '?')})"
    )


class PushLock:
    """The lock of one backups folder, as a context manager."""

    def __init__(
        self,
        backups: Path,
        inventory: Path,
        *,
        command: str = "push",
        warn: Callable[[str], None] | None = None,
        path: Path | None = None,
    ) -> None:
        self.path = path if path is not None else backups_folder(backups) / LOCK_NAME
        self.optional = path is not None  # the inventory's lock: skipped where unwritable
        self.inventory = inventory
        self.command = command
        self.warn = warn or (lambda message: log.warning("%s", message))
        self._held = False

    @classmethod
    def of_inventory(
        cls, inventory: Path, *, command: str = "push", warn: Callable[[str], None] | None = None
    ) -> PushLock:
        """The lock of an inventory folder (``<inventory>/.dmvpnprov-push.lock``)."""
        return cls(
            inventory, inventory, command=command, warn=warn, path=inventory / INVENTORY_LOCK_NAME
        )

    def _record(self) -> dict[str, Any]:
        return {
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "started": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "inventory": str(self.inventory.resolve()),
            "command": self.command,
        }

    def _create(self) -> bool:
        try:
            fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            return False
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(self._record(), handle)
        return True

    def _holder(self) -> dict[str, Any]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def acquire(self) -> None:
        """Take the lock, or raise :class:`UserError` naming its holder."""
        for _ in range(3):
            try:
                created = self._create()
            except OSError as exc:
                if not self.optional:
                    raise UserError(f"{self.path}: cannot take the lock: {exc.strerror}") from None
                self.warn(f"{self.path}: not locked ({exc.strerror}): one push at a time here")
                return
            if created:
                self._held = True
                return
            holder = self._holder()
            pid = holder.get("pid")
            here = holder.get("host") == socket.gethostname()
            if holder and not (here and isinstance(pid, int) and not _alive(pid)):
                where = "" if here else " (another host: remove the file if that push is over)"
                raise UserError(
                    f"another {holder.get('command', 'push')} holds {self.path}: "
                    f"{_describe(holder)}{where}; wait for it to end"
                )
            what = _describe(holder) if holder else "an unreadable lock file"
            self.warn(f"taking over the stale lock {self.path} of {what}: that process is gone")
            with contextlib.suppress(FileNotFoundError):
                self.path.unlink()
        raise UserError(f"{self.path}: cannot take the lock (another push keeps taking it)")

    def release(self) -> None:
        """Remove the lock file if this process holds it."""
        if self._held and self._holder().get("pid") == os.getpid():
            with contextlib.suppress(FileNotFoundError):
                self.path.unlink()
        self._held = False

    def __enter__(self) -> PushLock:
        self.acquire()
        return self

    def __exit__(
        self, exc: type[BaseException] | None, val: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.release()
