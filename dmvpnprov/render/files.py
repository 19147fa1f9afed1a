"""Write rendered configs to ``<output>/<host>.cfg``, or check the files on disk (``--check``).

Only files whose bytes change are rewritten (atomically: a temporary file, then a
rename), nothing is ever removed, and a ``.cfg`` file of a host the inventory does not
know is reported and left alone. Files holding real secrets (``--show-secrets``) are
mode 0600. What was done is printed by ``dmvpnprov.reporting.render``.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from dmvpnprov.core.errors import UserError

__all__ = [
    "FileStatus",
    "config_path",
    "file_status",
    "prepare",
    "store",
    "strays",
]

log = logging.getLogger(__name__)


@dataclass
class FileStatus:
    """What ``render`` did (or would do) to each host's file."""

    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # --check: no file yet
    differs: list[str] = field(default_factory=list)  # --check: file differs

    def add(self, other: FileStatus) -> None:
        """Merge ``other`` (another chunk of hosts) into this status."""
        self.written += other.written
        self.unchanged += other.unchanged
        self.missing += other.missing
        self.differs += other.differs


def config_path(output: Path, host: str) -> Path:
    """``<output>/<host>.cfg``; a host name that would escape the folder is refused."""
    if not host or "/" in host or "\\" in host or host.startswith("."):
        raise UserError(f"host {host!r}: not usable as a file name in {output}")
    return output / f"{host}.cfg"


def _existing(output: Path) -> set[str]:
    """Names of the files in ``output`` (one directory scan instead of a stat per host)."""
    try:
        with os.scandir(output) as entries:
            return {entry.name for entry in entries}
    except FileNotFoundError:
        return set()
    except OSError as exc:
        raise UserError(f"cannot read {output}: {exc.strerror}") from None


def file_status(path: Path, data: bytes, exists: bool = True) -> str:
    """``same``, ``differs`` or ``missing``: the file at ``path`` against ``data``."""
    if not exists:
        return "missing"
    try:
        current = path.read_bytes()
    except FileNotFoundError:
        return "missing"
    except OSError as exc:
        raise UserError(f"cannot read {path}: {exc.strerror}") from None
    return "same" if current == data else "differs"


def _write(path: Path, data: bytes, mode: int, replace: bool) -> None:
    """Write ``data``; an existing file is replaced atomically (temporary file + rename),
    so an interrupted run never leaves a good config half-written."""
    target = path.with_name(f".{path.name}.tmp") if replace else path
    try:
        if replace:
            target.unlink(missing_ok=True)
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        if replace:
            target.replace(path)
    except OSError as exc:
        raise UserError(f"cannot write {path}: {exc.strerror}") from None


def prepare(output: Path) -> frozenset[str]:
    """The names of the files already in ``output`` (empty when it does not exist)."""
    return frozenset(_existing(output))


def store(
    configs: Mapping[str, str],
    output: Path,
    *,
    check: bool,
    mode: int,
    existing: frozenset[str],
) -> FileStatus:
    """Write the configs whose file differs (or, with ``check``, only compare them)."""
    status = FileStatus()
    if not check and configs:
        try:
            output.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise UserError(f"cannot create {output}: {exc.strerror}") from None
    for host, text in configs.items():
        path, data = config_path(output, host), text.encode()
        state = file_status(path, data, exists=path.name in existing)
        if state == "same":
            status.unchanged.append(host)
            if not check and mode == 0o600 and path.stat().st_mode & 0o077:
                path.chmod(0o600)
        elif check:
            (status.missing if state == "missing" else status.differs).append(host)
        else:
            _write(path, data, mode, replace=state == "differs")
            status.written.append(host)
            log.info("host %s: wrote %s", host, path)
    return status


def strays(existing: Iterable[str], known_hosts: Iterable[str]) -> list[str]:
    """``.cfg`` files in the output folder that belong to no host of the inventory."""
    known = set(known_hosts)
    return sorted(n for n in existing if n.endswith(".cfg") and n[:-4] not in known)
