"""A router's flash file system: files that live as long as the lab does.

Holds the IOS image (a size only: its bytes are never read), configs copied or
transferred by SCP / ``tclsh`` and archive copies. Names are kept without the file
system prefix (``flash:/a.txt`` and ``flash:a.txt`` are the same file); listings
are printed the way ``dir`` prints them.

Examples:
    >>> fs = Flash("flash:", 65536, "c3725-adventerprisek9-mz.124-15.T14.bin", 0.0)
    >>> fs.write("flash:/candidate.txt", b"hostname R1\\n")
    >>> fs.read("flash:candidate.txt")
    b'hostname R1\\n'
    >>> Flash.split("disk0:/x.cfg")
    ('disk0:', 'x.cfg')
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, field

__all__ = ["Flash", "FlashFile"]

_IMAGE_BYTES = 46_000_000


@dataclass
class FlashFile:
    """One file: its bytes (None for the image, which only has a size) and times."""

    data: bytes | None
    size: int
    mtime: float
    index: int


@dataclass
class Flash:
    """The router's writable file system (``flash:``, ``disk0:`` or ``bootflash:``)."""

    name: str
    total_kb: int
    image: str
    boot_time: float
    files: dict[str, FlashFile] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.files[self.image] = FlashFile(None, _IMAGE_BYTES, self.boot_time - 86400 * 400, 1)

    @staticmethod
    def split(path: str) -> tuple[str, str]:
        """``("flash:", "name")`` of ``flash:/name``; no prefix: ``("", path)``."""
        prefix, sep, rest = path.partition(":")
        if not sep:
            return "", path
        return prefix + ":", rest.lstrip("/")

    def owns(self, path: str) -> bool:
        """True when ``path`` is on this file system (or has no prefix)."""
        prefix, _ = self.split(path)
        return prefix in ("", self.name)

    def write(self, path: str, data: bytes) -> None:
        """Create or replace a file."""
        name = self.split(path)[1]
        index = self.files[name].index if name in self.files else self._next_index()
        self.files[name] = FlashFile(data, len(data), time.time(), index)

    def read(self, path: str) -> bytes | None:
        """A file's bytes; None when it does not exist (or is the image)."""
        entry = self.files.get(self.split(path)[1])
        return entry.data if entry is not None else None

    def delete(self, path: str) -> bool:
        """Delete a file; False when there was none."""
        return self.files.pop(self.split(path)[1], None) is not None

    def md5(self, path: str) -> str | None:
        """``verify /md5`` of a file."""
        data = self.read(path)
        return None if data is None else hashlib.md5(data, usedforsecurity=False).hexdigest()

    def used(self) -> int:
        """Bytes taken by files."""
        return sum(f.size for f in self.files.values())

    def free(self) -> int:
        """Bytes free."""
        return self.total_kb * 1024 - self.used()

    def _next_index(self) -> int:
        return max((f.index for f in self.files.values()), default=0) + 1

    def listing(self, only: str | None = None) -> str:
        """``dir [flash:[name]]`` as IOS prints it; None-like error text when absent."""
        head = f"Directory of {self.name}/{only or ''}\n\n"
        if only is not None and only not in self.files:
            return f"%Error opening {self.name}/{only} (No such file or directory)\n"
        rows = []
        for name, entry in sorted(self.files.items(), key=lambda item: item[1].index):
            if only is not None and name != only:
                continue
            stamp = time.strftime("%b %d %Y %H:%M:%S +00:00", time.gmtime(entry.mtime))
            rows.append(f"{entry.index:>5}  -rw-  {entry.size:>12}  {stamp}  {name}\n")
        total = self.total_kb * 1024
        return head + "".join(rows) + f"\n{total} bytes total ({self.free()} bytes free)\n"
