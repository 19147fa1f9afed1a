"""The SSH front end (asyncssh): the algorithm lists each IOS release family offers.

Three profiles, each what the real SSH server of that family offers (sources in
``docs/lab.md``); every one identifies itself as ``SSH-2.0-Cisco-1.25`` and sends
neither ``ext-info-s`` nor ``kex-strict-s-v00@openssh.com`` (no IOS release here does):

* ``legacy`` (IOS 12.x): diffie-hellman-group1-sha1 (12.4 adds group14-sha1), an
  ``ssh-rsa`` host key, aes128/192/256-cbc and 3des-cbc, hmac-sha1/-96, hmac-md5/-96;
* ``ios15`` (classic IOS 15.x): group-exchange-sha1, group14-sha1 and group1-sha1,
  ``ssh-rsa``, aes-ctr then the CBC ciphers, SHA-1/MD5 MACs only;
* ``iosxe`` (IOS-XE 16/17): ECDH and SHA-2 DH, ``rsa-sha2-*``, CTR/GCM, SHA-2 MACs.

``modern`` is an older name of ``iosxe``. The RSA host key is generated once per
process (key generation is slow) and shared by every router.

Which release gets which profile: :func:`dmvpnprov.lab.fleet.ssh_profile`.

Examples:
    >>> PROFILES["legacy"]["kex_algs"]
    ['diffie-hellman-group1-sha1']
    >>> PROFILES["ios15"]["encryption_algs"][0]
    'aes128-ctr'
"""

from __future__ import annotations

import asyncio
import logging
import socket
import time
import warnings
from functools import lru_cache
from typing import Any

import asyncssh
from asyncssh.connection import SSHServerConnection, SSHServerConnectionOptions
from cryptography.utils import CryptographyDeprecationWarning

from dmvpnprov.lab.ios.console import SessionClosed
from dmvpnprov.lab.ios.session import Session
from dmvpnprov.lab.network.scp import sftp_factory
from dmvpnprov.lab.network.terminal import Terminal
from dmvpnprov.lab.state.router import RouterState

__all__ = ["PROFILES", "host_key", "serve_ssh"]

log = logging.getLogger(__name__)

# IOS 12.x only speaks finite-field DH: the legacy profile needs it, on purpose.
warnings.filterwarnings("ignore", category=CryptographyDeprecationWarning, module="asyncssh")

_CBC = ["aes128-cbc", "3des-cbc", "aes192-cbc", "aes256-cbc"]
_SHA1_MD5 = ["hmac-sha1", "hmac-sha1-96", "hmac-md5", "hmac-md5-96"]

PROFILES: dict[str, dict[str, Any]] = {
    "legacy": {
        "kex_algs": ["diffie-hellman-group1-sha1"],
        "encryption_algs": _CBC,
        "mac_algs": _SHA1_MD5,
        "compression_algs": ["none"],
        "server_version": "Cisco-1.25",
        "host_key_algs": ["ssh-rsa"],
    },
    "legacy-group14": {  # 12.4(20)T on: diffie-hellman-group14-sha1 as well
        "kex_algs": ["diffie-hellman-group14-sha1", "diffie-hellman-group1-sha1"],
        "encryption_algs": _CBC,
        "mac_algs": _SHA1_MD5,
        "compression_algs": ["none"],
        "server_version": "Cisco-1.25",
        "host_key_algs": ["ssh-rsa"],
    },
    "ios15": {
        "kex_algs": [
            "diffie-hellman-group-exchange-sha1",
            "diffie-hellman-group14-sha1",
            "diffie-hellman-group1-sha1",
        ],
        "encryption_algs": ["aes128-ctr", "aes192-ctr", "aes256-ctr", *_CBC],
        "mac_algs": _SHA1_MD5,
        "compression_algs": ["none"],
        "server_version": "Cisco-1.25",
        "host_key_algs": ["ssh-rsa"],
    },
    "iosxe": {
        "kex_algs": [
            "ecdh-sha2-nistp256",
            "ecdh-sha2-nistp384",
            "ecdh-sha2-nistp521",
            "diffie-hellman-group14-sha256",
            "diffie-hellman-group16-sha512",
            "diffie-hellman-group14-sha1",
        ],
        "encryption_algs": [
            "aes128-gcm@openssh.com",
            "aes256-gcm@openssh.com",
            "aes128-ctr",
            "aes192-ctr",
            "aes256-ctr",
        ],
        "mac_algs": [
            "hmac-sha2-256-etm@openssh.com",
            "hmac-sha2-512-etm@openssh.com",
            "hmac-sha2-256",
            "hmac-sha2-512",
            "hmac-sha1",
        ],
        "compression_algs": ["none"],
        "server_version": "Cisco-1.25",
        "host_key_algs": ["rsa-sha2-512", "rsa-sha2-256", "ssh-rsa"],
    },
}
PROFILES["modern"] = PROFILES["iosxe"]


class _IosConnection(SSHServerConnection):
    """asyncssh's server connection without the KEXINIT extensions IOS never sends."""

    def _get_extra_kex_algs(self) -> list[bytes]:
        return []

    # A client's ext-info-c / kex-strict-c must not switch these on: IOS ignores both.
    @property
    def _strict_kex(self) -> bool:
        return False

    @_strict_kex.setter
    def _strict_kex(self, _value: bool) -> None:
        pass

    @property
    def _can_send_ext_info(self) -> bool:
        return False

    @_can_send_ext_info.setter
    def _can_send_ext_info(self, _value: bool) -> None:
        pass


async def _run_ios_server(sock: socket.socket, **kwargs: Any) -> None:
    """``asyncssh.run_server`` with :class:`_IosConnection` (no ext-info, no strict kex)."""
    from asyncssh.connection import _connect  # noqa: PLC0415 - the one private entry point

    loop = asyncio.get_running_loop()
    options = await SSHServerConnectionOptions.construct(None, **kwargs)

    def conn_factory() -> SSHServerConnection:
        return _IosConnection(loop, options, wait="auth")

    await asyncio.wait_for(
        _connect(options, (), loop, 0, sock, conn_factory, "Starting SSH server on"),
        timeout=options.connect_timeout,
    )


@lru_cache(maxsize=1)
def host_key() -> asyncssh.SSHKey:
    """The lab's RSA host key, generated once per process."""
    return asyncssh.generate_private_key("ssh-rsa", key_size=2048)


@lru_cache(maxsize=8)
def _host_keypairs(algorithms: tuple[str, ...]) -> list[Any]:
    """The host key as offered, with the signature algorithms of the profile."""
    pairs = asyncssh.load_keypairs([host_key()])
    for pair in pairs:
        pair.host_key_algorithms = [a.encode() for a in algorithms]
    return list(pairs)


class _Auth(asyncssh.SSHServer):
    def __init__(self, router: RouterState) -> None:
        self.router = router

    def begin_auth(self, username: str) -> bool:
        return True

    def password_auth_supported(self) -> bool:
        return True

    def validate_password(self, username: str, password: str) -> bool:
        ok = self.router.check_login(username, password) is not None
        if not ok:
            log.info("lab router %s: SSH login refused for %s", self.router.spec.name, username)
        return ok


def _privilege(router: RouterState, username: str) -> int:
    node = router.running.get(f"username {username}")
    words = node.line.split() if node else []
    return int(words[words.index("privilege") + 1]) if "privilege" in words else 1


async def _shell(router: RouterState, process: asyncssh.SSHServerProcess[str]) -> None:
    username = process.get_extra_info("username") or ""
    peer = (process.get_extra_info("peername") or ("127.0.0.1", 0))[0]
    session = Session(router, process.stdout.write, username, _privilege(router, username), peer)
    closer = process.close
    router.sessions.add(closer)
    router.users[session.vty] = (username, peer, time.time())
    term = Terminal(
        process.stdout.write,
        session.feed_line,
        session.ctrl_z,
        lambda: session.echo,
        session.more_key,
        session.help,
    )
    try:
        if process.command:  # `ssh router show version`: one exec command, no prompt
            session.length = 0  # no terminal, no --More--
            await session.run_exec(process.command, session.prompt())
            return
        session.send("\n")
        session.show_prompt()
        while not process.stdin.at_eof():
            data = await process.stdin.read(4096)
            if not data:
                break
            await term.feed(data)
    except SessionClosed as exc:
        log.debug("lab router %s: session closed: %s", router.spec.name, exc)
    except (asyncssh.Error, OSError, BrokenPipeError) as exc:
        log.debug("lab router %s: SSH session ended: %s", router.spec.name, exc)
    finally:
        router.sessions.discard(closer)
        router.users.pop(session.vty, None)
        process.exit(0)


async def serve_ssh(router: RouterState, sock: socket.socket) -> None:
    """Run one SSH connection of ``router`` on the accepted socket ``sock``."""
    options = dict(PROFILES[router.spec.ssh_profile])
    host_algs = tuple(options.pop("host_key_algs"))

    async def handler(process: asyncssh.SSHServerProcess[str]) -> None:
        await _shell(router, process)

    await _run_ios_server(
        sock,
        server_factory=lambda: _Auth(router),
        server_host_keys=_host_keypairs(host_algs),
        process_factory=handler,
        sftp_factory=sftp_factory(router),
        allow_scp=True,
        line_editor=False,
        encoding="latin-1",
        login_timeout=30,
        **options,
    )
