"""Where running configs come from: a folder of saved configs, or the routers live.

A saved-configs folder holds one file per router, as backups, RANCID and Oxidized keep
them: ``<host>.cfg``, ``<host>.txt``, ``<host>.conf`` or ``<host>`` with no extension,
named by inventory name or IOS hostname (any case); or the layout ``push`` writes its
backups in, ``<folder>/<host>/<UTC time>.cfg``, of which the latest file is read. The
text may be raw
``show running-config`` output (``Building configuration...``, ``Current configuration
: N bytes``, ``!`` lines, ``end``) or a RANCID file (``!``-prefixed header comments):
:func:`dmvpnprov.core.configtree.parse` drops that framing. Bytes that are not UTF-8
are read as Latin-1; a binary file is an error for that router only.

A router without a saved config, or one that cannot be read live, is a
:class:`SourceError`: the audit reports it, never skips it silently.

Examples:
    >>> candidates("spoke-a", "Spoke-A")[:4]
    ['spoke-a.cfg', 'spoke-a.txt', 'spoke-a.conf', 'spoke-a']
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from dmvpnprov.core.configtext import NotAConfigError, decode
from dmvpnprov.core.errors import UserError
from dmvpnprov.core.models import Router
from dmvpnprov.core.secrets import mask_config

if TYPE_CHECKING:
    from dmvpnprov.transport.connections import LabTargetLike

__all__ = [
    "SourceError",
    "candidates",
    "fetch_live",
    "latest_in",
    "read_saved",
    "saved_index",
    "saved_text",
]

log = logging.getLogger(__name__)

_EXTENSIONS = (".cfg", ".txt", ".conf", "")


class SourceError(Exception):
    """A router's running config could not be read (message safe to show)."""


def candidates(name: str, hostname: str) -> list[str]:
    """File names tried for a router, in order: inventory name first, then hostname."""
    out: list[str] = []
    for base in dict.fromkeys((name, hostname, name.lower(), hostname.lower())):
        out.extend(base + ext for ext in _EXTENSIONS)
    return out


def _index(folder: Path) -> dict[str, Path]:
    """Files of ``folder`` by exact name and by lower-cased name."""
    files: dict[str, Path] = {}
    with os.scandir(folder) as entries:  # file types come with the listing: no stat each
        found = sorted(e.name for e in entries if e.is_file())
    for name in found:
        path = folder / name
        files.setdefault(name, path)
        files.setdefault(name.lower(), path)
    return files


def _backup_key(path: Path) -> tuple[str, int]:
    """Sort key of a backup name ``20260102T030405Z-1.cfg``: time, then its counter."""
    stamp, _, count = path.stem.partition("-")
    return stamp, int(count) if count.isdigit() else 0


def latest_in(folder: Path) -> Path | None:
    """The latest ``<time>.cfg`` backup in a host's folder (``None`` when there is none).

    Examples:
        >>> import tempfile
        >>> d = Path(tempfile.mkdtemp())
        >>> for n in ("20260102T030405Z.cfg", "20260102T030405Z-1.cfg", "20251231T000000Z.cfg"):
        ...     _ = (d / n).write_text("hostname r1\\n")
        >>> latest_in(d).name
        '20260102T030405Z-1.cfg'
    """
    files = [p for p in folder.glob("*.cfg") if p.is_file()]
    return max(files, key=_backup_key) if files else None


def _find(folder: Path, files: Mapping[str, Path], names: list[str]) -> Path | None:
    path = next((files[n] for n in names if n in files), None)
    if path is not None:
        return path
    for name in names[len(_EXTENSIONS) - 1 :: len(_EXTENSIONS)]:  # bare names: backup folders
        sub = folder / name
        if sub.is_dir() and (latest := latest_in(sub)) is not None:
            return latest
    return None


def _read(path: Path, host: str) -> str | SourceError:
    try:
        text = decode(path.read_bytes(), host)
    except OSError as exc:
        return SourceError(f"cannot read {path}: {exc.strerror}")
    except NotAConfigError:
        return SourceError(f"{path} is not a config file (binary data)")
    if not text.strip():
        return SourceError(f"{path} is empty")
    return text


def read_saved(folder: Path, routers: Iterable[Router]) -> dict[str, str | SourceError]:
    """The saved running config of each router (text), or why there is none.

    Raises:
        UserError: ``folder`` does not exist or is not a folder.
    """
    files = saved_index(folder)
    return {router.name: saved_text(folder, files, router) for router in routers}


def saved_index(folder: Path) -> dict[str, Path]:
    """The files of a saved-configs folder by name and lower-cased name.

    Raises:
        UserError: ``folder`` does not exist or is not a folder.
    """
    if not folder.is_dir():
        raise UserError(f"{folder}: no such folder of saved configs (--running)")
    return _index(folder)


def saved_text(folder: Path, files: Mapping[str, Path], router: Router) -> str | SourceError:
    """The saved running config of one router (``files`` from :func:`saved_index`): a
    file named for it, or the latest ``<host>/<time>.cfg`` of push's backup layout."""
    names = candidates(router.name, router.hostname)
    path = _find(folder, files, names)
    if path is None:
        tried = ", ".join(dict.fromkeys(names[: len(_EXTENSIONS)]))
        return SourceError(
            f"no saved config in {folder} (tried {tried}, or {router.name}/<time>.cfg)"
        )
    text = _read(path, router.name)
    if not isinstance(text, SourceError):
        log.debug("%s: running config from %s", router.name, path)
    return text


def fetch_live(
    inventory: Path,
    names: Iterable[str],
    *,
    targets: Mapping[str, LabTargetLike] | None = None,
    environ: Mapping[str, str] | None = None,
    workers: int = 10,
    known_hosts: Path | None = None,
    accept_new_host_keys: bool = False,
) -> dict[str, str | SourceError]:
    """``show running-config`` of each named router through Nornir and netmiko.

    ``targets`` names lab routers (a running ``dmvpnprov lab`` or an in-process one)
    to read instead of the inventory's management addresses. ``known_hosts`` checks the
    routers' SSH keys (the login password is sent): an unknown or changed key is that
    router's error, unless ``accept_new_host_keys`` learns unknown ones first.
    """
    from dmvpnprov.transport.connections import (  # noqa: PLC0415
        build_nornir,
        close_nornir,
        fetch_running,
    )
    from dmvpnprov.transport.hostkeys import describe_host_key_error  # noqa: PLC0415

    wanted = list(names)
    nr = build_nornir(
        inventory,
        targets=targets,
        workers=workers,
        environ=environ,
        known_hosts=known_hosts,
        accept_new_host_keys=accept_new_host_keys,
    )
    try:
        fetched = fetch_running(nr.filter(filter_func=lambda h: h.name in wanted))
    finally:
        close_nornir(nr)  # log out of every router, and detach the log handler
    out: dict[str, str | SourceError] = {}
    for name in wanted:
        result = fetched.get(name)
        if result is None:
            why = "not a lab router" if targets is not None else "not in the Nornir inventory"
            out[name] = SourceError(f"cannot read the running config: {why}")
        elif isinstance(result, Exception):
            refused = describe_host_key_error(result)
            reason = mask_config(
                str(result).splitlines()[0] if str(result) else type(result).__name__
            )
            log.warning("%s: cannot read the running config: %s", name, refused or reason)
            out[name] = SourceError(refused or f"unreachable: {reason}")
        else:
            out[name] = result
    return out
