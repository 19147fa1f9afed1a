"""The SSH front end (asyncssh): IOS 12.x legacy algorithms, or a modern profile.

The legacy profile is what IOS 12.x offers: key exchange diffie-hellman-group1-sha1 and
group14-sha1, an ``ssh-rsa`` host key, aes128-cbc/3des-cbc, hmac-sha1, and the
identification string ``SSH-2.0-Cisco-1.25``. The RSA host key is generated once per
process (key generation is slow) and shared by every router.
"""

from __future__ import annotations

import logging
import socket
import warnings
from functools import lru_cache
from typing import Any

import asyncssh
from cryptography.utils import CryptographyDeprecationWarning

from dmvpnprov.lab.ios.console import SessionClosed
from dmvpnprov.lab.ios.session import Session
from dmvpnprov.lab.network.terminal import Terminal
from dmvpnprov.lab.state.router import RouterState

__all__ = ["PROFILES", "host_key", "serve_ssh"]

log = logging.getLogger(__name__)

# IOS 12.x only speaks finite-field DH: the legacy profile needs it, on purpose.
warnings.filterwarnings("ignore", category=CryptographyDeprecationWarning, module="asyncssh")

PROFILES: dict[str, dict[str, Any]] = {
    "legacy": {
        "kex_algs": ["diffie-hellman-group1-sha1", "diffie-hellman-group14-sha1"],
        "encryption_algs": ["aes128-cbc", "3des-cbc"],
        "mac_algs": ["hmac-sha1"],
        "compression_algs": ["none"],
        "server_version": "Cisco-1.25",
    },
    "modern": {"server_version": "Cisco-1.25"},
}


@lru_cache(maxsize=1)
def host_key() -> asyncssh.SSHKey:
    """The lab's RSA host key, generated once per process."""
    return asyncssh.generate_private_key("ssh-rsa", key_size=2048)


@lru_cache(maxsize=2)
def _host_keypairs(legacy: bool) -> list[Any]:
    """The host key as offered: ``ssh-rsa`` only (legacy) or every RSA signature."""
    pairs = asyncssh.load_keypairs([host_key()])
    if legacy:
        for pair in pairs:
            pair.host_key_algorithms = [b"ssh-rsa"]
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
    term = Terminal(
        process.stdout.write,
        session.feed_line,
        session.ctrl_z,
        lambda: session.echo,
        session.more_key,
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
        process.exit(0)


async def serve_ssh(router: RouterState, sock: socket.socket) -> None:
    """Run one SSH connection of ``router`` on the accepted socket ``sock``."""
    options = PROFILES[router.spec.ssh_profile]

    async def handler(process: asyncssh.SSHServerProcess[str]) -> None:
        await _shell(router, process)

    await asyncssh.run_server(
        sock,
        server_factory=lambda: _Auth(router),
        server_host_keys=_host_keypairs(router.spec.ssh_profile == "legacy"),
        process_factory=handler,
        line_editor=False,
        encoding="latin-1",
        login_timeout=30,
        **options,
    )
