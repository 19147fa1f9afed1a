"""The telnet front end: IAC negotiation, ``Username:`` / ``Password:`` login, the CLI.

IOS offers WILL ECHO and WILL SUPPRESS-GO-AHEAD and echoes input itself; netmiko's
telnetlib copy refuses every option (DONT/WONT) and relies on that echo anyway, so
the server echoes whatever the client answers. Three failed logins close the line.
"""

from __future__ import annotations

import asyncio
import logging
import socket
import time

from dmvpnprov.lab.ios.console import SessionClosed
from dmvpnprov.lab.ios.session import Session
from dmvpnprov.lab.network.terminal import Terminal
from dmvpnprov.lab.state.router import RouterState

__all__ = ["serve_telnet", "strip_iac"]

log = logging.getLogger(__name__)

IAC, SB, SE = 255, 250, 240
WILL_ECHO_SGA = bytes([IAC, 251, 1, IAC, 251, 3])
LOGIN_BANNER = "\r\n\r\nUser Access Verification\r\n\r\nUsername: "


def strip_iac(data: bytes, state: list[int]) -> bytes:
    """Remove telnet commands from ``data``; ``state`` carries a split sequence over.

    Examples:
        >>> strip_iac(bytes([65, 255, 253, 1, 66]), [0])
        b'AB'
    """
    out = bytearray()
    for byte in data:
        mode = state[0]
        if mode == 0:
            if byte == IAC:
                state[0] = 1
            else:
                out.append(byte)
        elif mode == 1:  # after IAC
            if byte == IAC:
                out.append(byte)
                state[0] = 0
            elif byte in (251, 252, 253, 254):
                state[0] = 2
            elif byte == SB:
                state[0] = 3
            else:
                state[0] = 0
        elif mode == 2:  # option byte of WILL/WONT/DO/DONT
            state[0] = 0
        elif mode == 3:  # subnegotiation until IAC SE
            state[0] = 4 if byte == IAC else 3
        else:
            state[0] = 0 if byte == SE else 3
    return bytes(out)


class _Line:
    """Login dialogue, then the CLI session."""

    def __init__(self, router: RouterState, writer: asyncio.StreamWriter) -> None:
        self.router = router
        self.writer = writer
        self.session: Session | None = None
        self.username: str | None = None
        self.failures = 0
        self.terminal = Terminal(
            self.write, self.on_line, self.on_ctrl_z, self.echo, self.on_key, self.on_help
        )

    def write(self, text: str) -> None:
        self.writer.write(text.encode("latin-1", "replace"))

    def echo(self) -> bool:
        if self.session is not None:
            return self.session.echo
        return self.username is None

    def on_key(self, key: str) -> bool:
        return self.session is not None and self.session.more_key(key)

    def on_ctrl_z(self, key: str = "\x1a") -> None:
        if self.session is not None:
            self.session.ctrl_z(key)

    def on_help(self, typed: str) -> None:
        if self.session is not None:
            self.session.help(typed)

    async def on_line(self, line: str) -> None:
        if self.session is not None:
            await self.session.feed_line(line)
        elif self.username is None:
            self.username = line.strip()
            self.write("Password: ")
        else:
            await self._login(self.username, line)

    async def _login(self, username: str, password: str) -> None:
        privilege = self.router.check_login(username, password)
        self.username = None
        if privilege is None:
            self.failures += 1
            log.info("lab router %s: telnet login refused for %s", self.router.spec.name, username)
            if self.failures >= 3:
                self.write("% Login invalid\r\n\r\n% Bad passwords\r\n")
                raise SessionClosed("bad passwords")
            self.write("% Login invalid\r\n\r\nUsername: ")
            return
        peer = (self.writer.get_extra_info("peername") or ("127.0.0.1", 0))[0]
        self.session = Session(self.router, self.write, username, privilege, peer)
        self.router.users[self.session.vty] = (username, peer, time.time())
        self.session.send("\n")
        self.session.show_prompt()


async def serve_telnet(router: RouterState, sock: socket.socket) -> None:
    """Run one telnet connection of ``router`` on the accepted socket ``sock``."""
    reader, writer = await asyncio.open_connection(sock=sock)
    line = _Line(router, writer)
    router.sessions.add(writer.close)
    state = [0]
    try:
        writer.write(WILL_ECHO_SGA + LOGIN_BANNER.encode())
        while True:
            data = await reader.read(4096)
            if not data:
                break
            await line.terminal.feed(strip_iac(data, state).decode("latin-1"))
            await writer.drain()
    except SessionClosed as exc:
        log.debug("lab router %s: telnet session closed: %s", router.spec.name, exc)
    except (ConnectionError, OSError) as exc:
        log.debug("lab router %s: telnet connection ended: %s", router.spec.name, exc)
    finally:
        router.sessions.discard(writer.close)
        if line.session is not None:
            router.users.pop(line.session.vty, None)
        writer.close()
