"""A simulated router's command line driven directly, without a transport."""

from __future__ import annotations

import asyncio

from dmvpnprov.core.platforms import Platform
from dmvpnprov.lab.fleet import starting_config
from dmvpnprov.lab.ios.session import Session
from dmvpnprov.lab.ios.showtext import show_running
from dmvpnprov.lab.network.server import configure
from dmvpnprov.lab.state.factory import factory_lines
from dmvpnprov.lab.state.router import RouterSpec, RouterState


class Term:
    """A session with a keyboard: type lines, read what the router printed."""

    def __init__(self, release: str = "12.4(24)T", platform: Platform = Platform.C7200) -> None:
        spec = RouterSpec(name="r", hostname="R1", platform=platform, ios_release=release)
        self.router = RouterState(spec)
        factory = factory_lines(self.router.physical, release)
        config = [*factory, *starting_config("R1", "admin", "pw", "en", [])]
        self.loop = asyncio.new_event_loop()
        self.loop.run_until_complete(configure(self.router, config))
        self.router.startup = self.router.running.copy()
        self.out: list[str] = []
        self.session = Session(self.router, self.out.append, "admin", 15)
        self.session.length = 0  # as every client does first: terminal length 0

    def type(self, *lines: str) -> str:
        """Type ``lines``; the output (prompts included), CR LF turned into LF."""
        self.out.clear()

        async def go() -> None:
            for line in lines:
                self.out.append(line + "\n")
                await self.session.feed_line(line)

        self.loop.run_until_complete(go())
        return "".join(self.out).replace("\r\n", "\n")

    def wait(self, seconds: float) -> None:
        """Let the router's timers run for ``seconds``."""
        self.loop.run_until_complete(asyncio.sleep(seconds))

    def running(self) -> str:
        return show_running(self.router, [])
