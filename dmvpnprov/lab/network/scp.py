"""The routers' SCP server (``ip scp server enable``): files land in the router's flash.

asyncssh runs the SCP protocol (``scp -t flash:/candidate_config.txt``, as netmiko's
``FileTransfer`` and NAPALM send it) over an SFTP-server object; this one maps paths
to the router's :class:`~dmvpnprov.lab.state.flash.Flash` and refuses every transfer
while ``ip scp server enable`` is not configured, as IOS does.
"""

from __future__ import annotations

import logging
from typing import Any

import asyncssh

from dmvpnprov.lab.state.router import RouterState

__all__ = ["FlashSftp", "sftp_factory"]

log = logging.getLogger(__name__)


class _Upload:
    def __init__(self, path: str) -> None:
        self.path = path
        self.chunks: dict[int, bytes] = {}

    def data(self) -> bytes:
        return b"".join(chunk for _, chunk in sorted(self.chunks.items()))


class FlashSftp(asyncssh.SFTPServer):
    """Just enough of a file server for SCP to and from one router's flash."""

    def __init__(self, chan: Any, router: RouterState) -> None:
        super().__init__(chan)
        self.router = router

    def _path(self, raw: bytes) -> str:
        path = raw.decode("utf-8", "replace").strip("'\"")
        if not self.router.flash.owns(path):
            raise asyncssh.SFTPNoSuchFile(f"{path}: not on {self.router.flash.name}")
        return path

    def _allowed(self) -> None:
        if self.router.running.get("ip scp server enable") is None:
            log.info("lab router %s: SCP refused (no ip scp server enable)", self.router.spec.name)
            raise asyncssh.SFTPPermissionDenied("SCP server not enabled")

    def stat(self, path: bytes) -> asyncssh.SFTPAttrs:
        name = self._path(path)
        if self.router.flash.split(name)[1] == "":
            return asyncssh.SFTPAttrs(type=asyncssh.FILEXFER_TYPE_DIRECTORY, permissions=0o40755)
        data = self.router.flash.read(name)
        if data is None:
            raise asyncssh.SFTPNoSuchFile(name)
        return asyncssh.SFTPAttrs(
            type=asyncssh.FILEXFER_TYPE_REGULAR, size=len(data), permissions=0o100644
        )

    lstat = stat

    def setstat(self, path: bytes, attrs: asyncssh.SFTPAttrs) -> None:
        """Attributes (times, modes) are not kept."""

    def open(self, path: bytes, pflags: int, attrs: asyncssh.SFTPAttrs) -> object:
        self._allowed()
        name = self._path(path)
        if pflags & asyncssh.FXF_WRITE:
            return _Upload(name)
        data = self.router.flash.read(name)
        if data is None:
            raise asyncssh.SFTPNoSuchFile(name)
        return ("read", data)

    def read(self, file_obj: object, offset: int, size: int) -> bytes:
        assert isinstance(file_obj, tuple)
        data: bytes = file_obj[1]
        return data[offset : offset + size]

    def write(self, file_obj: object, offset: int, data: bytes) -> int:
        assert isinstance(file_obj, _Upload)
        file_obj.chunks[offset] = data
        return len(data)

    def close(self, file_obj: object) -> None:
        if isinstance(file_obj, _Upload):
            self.router.flash.write(file_obj.path, file_obj.data())
            log.info("lab router %s: SCP wrote %s", self.router.spec.name, file_obj.path)


def sftp_factory(router: RouterState) -> Any:
    """The ``sftp_factory`` for ``router``'s SSH server."""

    def make(chan: Any) -> FlashSftp:
        return FlashSftp(chan, router)

    return make
