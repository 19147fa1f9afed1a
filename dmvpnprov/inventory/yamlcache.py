"""A content-addressed cache of parsed large YAML files (validate, render, push in a row).

Parsing a 10,000-host ``hosts.yaml`` costs about a second even with libyaml; a user who
runs ``validate``, then ``render``, then ``push`` reads the same bytes three times. Files
of at least :data:`MIN_BYTES` are cached by the SHA-256 of their content (any edit is a
miss) in ``$XDG_CACHE_HOME/dmvpnprov/yaml`` (default ``~/.cache``), as :mod:`marshal`
data: plain types only, never code or pickles. Data marshal cannot hold (YAML
timestamps) is simply not cached. Set ``DMVPNPROV_YAML_CACHE=0`` to turn it off. Any
cache error is ignored: the cache can only make reading faster, never different.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import marshal
import os
import tempfile
from pathlib import Path
from typing import Any

__all__ = ["MIN_BYTES", "lookup", "store"]

logger = logging.getLogger(__name__)

MIN_BYTES = 1 << 20
KEEP = 8  # newest entries kept
_FORMAT = b"dmvpnprov-yaml-cache-1\n"


def _folder() -> Path | None:
    if os.environ.get("DMVPNPROV_YAML_CACHE", "1") == "0":
        return None
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "dmvpnprov" / "yaml"


def _entry(text: str) -> Path | None:
    folder = _folder()
    if folder is None or len(text) < MIN_BYTES:
        return None
    return folder / f"{hashlib.sha256(_FORMAT + text.encode('utf-8')).hexdigest()}.marshal"


def lookup(text: str) -> Any | None:
    """The cached ``(data, duplicates)`` of ``text``, or ``None``."""
    entry = _entry(text)
    if entry is None or not entry.is_file():
        return None
    try:
        return marshal.loads(entry.read_bytes())  # noqa: S302 (our own plain-data file)
    except (OSError, ValueError, EOFError, TypeError):
        logger.debug("yaml cache: unreadable %s, ignored", entry)
        return None


def store(text: str, value: Any) -> None:
    """Cache ``value`` for ``text`` (large files only); errors are ignored."""
    entry = _entry(text)
    if entry is None:
        return
    try:
        payload = marshal.dumps(value)
    except ValueError:
        return  # a type marshal cannot hold (YAML timestamps): not cached
    try:
        entry.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=entry.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as f:
            f.write(payload)
        Path(tmp).replace(entry)
        old = sorted(entry.parent.glob("*.marshal"), key=lambda p: p.stat().st_mtime)
        for stale in old[:-KEEP]:
            with contextlib.suppress(OSError):
                stale.unlink()
    except OSError as exc:
        logger.debug("yaml cache: cannot write %s: %s", entry, exc)
