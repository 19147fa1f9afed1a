"""``LabServer``: one asyncio event loop in a background thread hosting many routers.

Each router listens on its own 127.0.0.1 port (port 0: the OS picks one) and speaks
SSH or telnet. Tests and the lab daemon use the same class.

Examples:
    >>> with LabServer() as lab:
    ...     r1 = lab.add(RouterSpec(name="r1", hostname="R1", config=("hostname R1",)))
    ...     r1.port > 0, "hostname R1" in r1.running_config()
    (True, True)
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket
import threading
import time
from collections.abc import Callable, Coroutine, Iterable
from types import TracebackType
from typing import Any, TypeVar

from dmvpnprov.lab.ios.session import Session
from dmvpnprov.lab.ios.showtext import show_running, show_startup
from dmvpnprov.lab.state.factory import factory_lines
from dmvpnprov.lab.state.faults import Faults
from dmvpnprov.lab.state.router import RouterSpec, RouterState

__all__ = ["LabConfigError", "LabRouter", "LabServer"]

log = logging.getLogger(__name__)
T = TypeVar("T")


class LabConfigError(ValueError):
    """A line given to :meth:`LabRouter.configure` was rejected; the message has IOS's text."""


class LabRouter:
    """A handle on one running router, usable from any thread."""

    def __init__(self, server: LabServer, state: RouterState, port: int) -> None:
        self._server = server
        self.state = state
        self.port = port
        self.spec = state.spec

    @property
    def name(self) -> str:
        """The inventory name."""
        return self.spec.name

    @property
    def faults(self) -> Faults:
        """The router's faults; assign a new :class:`Faults` to change them."""
        return self.state.faults

    @faults.setter
    def faults(self, value: Faults) -> None:
        self.state.faults = value

    def running_config(self) -> str:
        """``show running-config`` as the router prints it."""
        return self._server.call(_text(lambda: show_running(self.state, [])))

    def startup_config(self) -> str:
        """``show startup-config`` as the router prints it."""
        return self._server.call(_text(lambda: show_startup(self.state)))

    def configure(self, lines: Iterable[str]) -> None:
        """Type ``lines`` in configuration mode (drift by hand); raise on a rejected one."""
        self._server.call(configure(self.state, list(lines)))

    def received(self) -> list[str]:
        """Every line the router received from any session, in order."""
        return self._server.call(_value(lambda: list(self.state.received)))

    def save(self) -> None:
        """``write memory``."""
        self._server.call(_text(self._save))

    def _save(self) -> str:
        self.state.startup = self.state.running.copy()
        return ""


async def _text(fn: Callable[[], str]) -> str:
    """Run ``fn`` on the lab's loop (router state is only touched there)."""
    return fn()


async def _value(fn: Callable[[], T]) -> T:
    """Run ``fn`` on the lab's loop and return what it returns."""
    return fn()


async def configure(state: RouterState, lines: list[str]) -> None:
    """Type ``lines`` in configuration mode of ``state``; raise on a rejected line."""
    out: list[str] = []
    session = Session(state, out.append, "lab", 15, "lab")
    session.stack = [state.running.root]
    saved_faults, state.faults = state.faults, Faults()
    try:
        for line in lines:
            out.clear()
            await session.feed_line(line)
            text = "".join(out)
            if "% " in text:
                raise LabConfigError(f"{state.spec.name}: {line.strip()!r} rejected:\n{text}")
    finally:
        state.faults = saved_faults


class LabServer:
    """Hosts routers on one event loop in a daemon thread. A context manager."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self.loop.run_forever, daemon=True, name="lab")
        self._listeners: dict[str, socket.socket] = {}
        self._tasks: set[asyncio.Task[None]] = set()
        self._acceptors: dict[str, asyncio.Task[None]] = {}
        self.routers: dict[str, LabRouter] = {}
        self._thread.start()

    def __enter__(self) -> LabServer:
        return self

    def __exit__(
        self, exc: type[BaseException] | None, val: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def call(self, coro: Coroutine[Any, Any, T], timeout: float = 60) -> T:
        """Run ``coro`` on the lab's loop and return its result."""
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout)

    def add(self, spec: RouterSpec) -> LabRouter:
        """Start a router; its starting config becomes running and startup config."""
        if spec.name in self.routers:
            raise ValueError(f"lab router {spec.name!r} already exists")
        state = RouterState(spec)
        factory = factory_lines(state.physical, spec.ios_release)
        self.call(configure(state, [*factory, *spec.config]))
        state.startup = state.running.copy()
        state.last_change = None  # nothing changed since boot
        listener = socket.create_server(("127.0.0.1", spec.port), backlog=64)
        listener.setblocking(False)
        self._listeners[spec.name] = listener
        port = listener.getsockname()[1]
        router = LabRouter(self, state, port)
        self.routers[spec.name] = router
        self.loop.call_soon_threadsafe(self._start_accepting, state, listener)
        log.info("lab router %s (%s) on 127.0.0.1:%d", spec.name, spec.transport, port)
        return router

    def stop_router(self, name: str) -> None:
        """Power the router off: its port refuses connections, sessions drop; state kept."""
        router = self.routers[name]
        listener = self._listeners.pop(name, None)

        async def _stop() -> None:
            acceptor = self._acceptors.pop(name, None)
            if acceptor is not None:
                acceptor.cancel()
            if listener is not None:
                listener.close()
            for close in list(router.state.sessions):
                close()

        self.call(_stop())
        log.info("lab router %s: stopped", name)

    def start_router(self, name: str) -> None:
        """Power the router on again on the same port (after :meth:`stop_router`)."""
        router = self.routers[name]
        if name in self._listeners:
            return
        listener = socket.create_server(("127.0.0.1", router.port), backlog=64)
        listener.setblocking(False)
        self._listeners[name] = listener
        router.state.boot_time = time.time()
        self.loop.call_soon_threadsafe(self._start_accepting, router.state, listener)
        log.info("lab router %s: started on 127.0.0.1:%d", name, router.port)

    def running(self, name: str) -> bool:
        """True when router ``name`` accepts connections."""
        return name in self._listeners

    def remove(self, name: str) -> None:
        """Stop router ``name``: close its port and drop its sessions."""
        router = self.routers.pop(name, None)
        listener = self._listeners.pop(name, None)
        if router is None or listener is None:
            return

        async def _stop() -> None:
            acceptor = self._acceptors.pop(name, None)
            if acceptor is not None:
                acceptor.cancel()
            listener.close()
            for close in list(router.state.sessions):
                close()
            router.state.cancel_reload()
            router.state.confirm_revert()

        self.call(_stop())

    def _start_accepting(self, state: RouterState, listener: socket.socket) -> None:
        self._acceptors[state.spec.name] = self.loop.create_task(self._accept(state, listener))

    async def _accept(self, state: RouterState, listener: socket.socket) -> None:
        while True:
            try:
                sock, _ = await self.loop.sock_accept(listener)
            except OSError:
                return
            task = self.loop.create_task(self._serve(state, sock))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    async def _serve(self, state: RouterState, sock: socket.socket) -> None:
        from dmvpnprov.lab.network.ssh import serve_ssh  # noqa: PLC0415 - asyncssh loads lazily
        from dmvpnprov.lab.network.telnet import serve_telnet  # noqa: PLC0415

        try:
            if state.faults.silent:
                while await self.loop.sock_recv(sock, 4096):
                    pass
                sock.close()
            elif state.spec.transport == "telnet":
                await serve_telnet(state, sock)
            else:
                await serve_ssh(state, sock)
        except Exception as exc:  # noqa: BLE001 - one bad client must not stop the lab
            log.warning("lab router %s: connection failed: %r", state.spec.name, exc)
            with contextlib.suppress(OSError):
                sock.close()

    def close(self) -> None:
        """Stop every router and the loop."""
        if not self._thread.is_alive():
            return

        async def _stop() -> None:
            for task in list(self._acceptors.values()):
                task.cancel()
            for listener in self._listeners.values():
                listener.close()
            for task in list(self._tasks):
                task.cancel()
            for router in self.routers.values():
                for close in list(router.state.sessions):
                    close()

        with contextlib.suppress(Exception):
            self.call(_stop(), timeout=10)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(timeout=10)
