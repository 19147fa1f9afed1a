"""One simulated router: its spec, running and startup configs, timers and sessions.

Everything here runs on the lab's event loop thread; :mod:`dmvpnprov.lab.network.server`
marshals calls from other threads.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

from dmvpnprov.core.hardware import HARDWARE, board_id, image_file
from dmvpnprov.core.platforms import PLATFORMS, IosRelease, Platform
from dmvpnprov.lab.state.config import ConfigTree, Node
from dmvpnprov.lab.state.faults import Faults
from dmvpnprov.lab.state.flash import Flash

__all__ = ["Context", "RouterSpec", "RouterState", "fake_hash"]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Context:
    """What the parser needs to know about the router: release and hardware."""

    release: str
    physical: frozenset[str] = frozenset()  # existing physical interfaces; empty: any


@dataclass(frozen=True)
class RouterSpec:
    """What to simulate: identity, release, transport, login and starting config.

    ``config`` is typed line by line in configuration mode when the router starts
    (indentation is ignored, as IOS ignores it); it becomes running and startup.
    ``interfaces`` are the physical interfaces the box has (empty: the platform's
    default NBMA and LAN interfaces plus what ``config`` names).
    """

    name: str
    hostname: str
    platform: Platform = Platform.C7200
    ios_release: str = "12.4(24)T"
    transport: str = "ssh"  # "ssh" or "telnet"
    ssh_profile: str = "legacy"  # legacy, legacy-group14 (IOS 12.x), ios15, iosxe
    username: str = "admin"
    password: str = "admin"  # noqa: S105 - lab default, tests pass their own
    enable_secret: str = "enable"  # noqa: S105
    config: tuple[str, ...] = ()
    interfaces: tuple[str, ...] = ()
    port: int = 0
    faults: Faults = field(default_factory=Faults)

    @property
    def device_type(self) -> str:
        """The netmiko device type that reaches this router."""
        return "cisco_ios_telnet" if self.transport == "telnet" else "cisco_ios"


_CRYPT64 = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def fake_hash(secret: str) -> str:
    """A stable type-5 hash of ``secret`` in Cisco's form: ``$1$`` salt ``$`` 22 crypt-64.

    Examples:
        >>> h = fake_hash("cisco")
        >>> h.startswith("$1$") and len(h) == 30 and h.count("$") == 3
        True
    """
    digest = hashlib.sha256(secret.encode()).digest()
    chars = "".join(_CRYPT64[b % 64] for b in digest[:26])
    return f"$1${chars[:4]}${chars[4:26]}"


class RouterState:
    """The live state of one router."""

    def __init__(self, spec: RouterSpec) -> None:
        self.spec = spec
        self.faults = spec.faults
        self.running = ConfigTree()
        self.startup = ConfigTree()
        self.archive: list[tuple[str, ConfigTree]] = []
        self.files: dict[str, ConfigTree] = {}
        self.secrets: dict[str, str] = {}  # fake hash -> plaintext
        self.boot_time = time.time()
        self.reload_at: float | None = None
        self.reload_by = ""
        self.revert: tuple[asyncio.TimerHandle, ConfigTree] | None = None
        self.revert_user = ""
        self.revert_armed: tuple[float, int] = (0.0, 0)  # when, minutes
        self._reload_handle: asyncio.TimerHandle | None = None
        self.sessions: set[Callable[[], None]] = set()  # closers of open sessions
        self.vty_next = 0
        hardware = HARDWARE[spec.platform]
        info = PLATFORMS[spec.platform]
        physical = [*hardware.interfaces]
        physical += [n for n in spec.interfaces if n not in physical]
        physical += [
            n for n in (info.default_nbma_interface, info.default_lan_interface)
            if n not in physical
        ]  # fmt: skip
        self.physical = tuple(physical)
        self.context = Context(spec.ios_release, frozenset(physical))
        self.release = IosRelease.parse(spec.ios_release)
        self.serial = board_id(spec.platform, spec.name)
        image = image_file(spec.platform, spec.ios_release)
        self.flash = Flash(hardware.file_system, hardware.flash_kb, image, self.boot_time)
        self.received: deque[str] = deque(maxlen=100_000)  # lines typed, secrets masked
        self.last_change: tuple[float, str] | None = None  # when and by whom
        self.users: dict[int, tuple[str, str, float]] = {}  # vty -> user, peer, since
        self.log_buffer: deque[str] = deque(maxlen=200)  # `show logging` messages

    def syslog(self, message: str) -> None:
        """Add ``message`` to the logging buffer with IOS's time stamp."""
        stamp = time.strftime("*%b %d %H:%M:%S.000", time.gmtime())
        self.log_buffer.append(f"{stamp}: {message}")

    @property
    def hostname(self) -> str:
        """The hostname the prompt shows."""
        node = self.running.get("hostname")
        return node.line.split()[1] if node else "Router"

    def remember(self, secret: str) -> str:
        """Hash ``secret`` for display; remember the plaintext to check logins."""
        hashed = fake_hash(secret)
        self.secrets[hashed] = secret
        return hashed

    def _secret_of(self, words: list[str]) -> str | None:
        """The plaintext of ``... {password|secret} [type] VALUE`` words."""
        value = words[-1]
        return self.secrets.get(value, value) if "secret" in words else value

    def check_login(self, username: str, password: str) -> int | None:
        """The privilege level of a valid local login, None when refused."""
        if self.faults.auth_failure:
            return None
        node: Node | None = self.running.get(f"username {username}")
        if node is None or self._secret_of(node.line.split()) != password:
            return None
        words = node.line.split()
        return int(words[words.index("privilege") + 1]) if "privilege" in words else 1

    def check_enable(self, secret: str) -> bool:
        """True when ``secret`` is the enable secret (or enable password)."""
        for key in ("enable secret", "enable password"):
            node = self.running.get(key)
            if node is not None:
                return self._secret_of(node.line.split()) == secret
        return False

    def archive_config(self) -> str | None:
        """``archive config``: keep a copy as ``<path>-<n>``; None without ``path``."""
        section = self.running.get("archive")
        path = (
            next((c.line.split()[1] for c in section.children if c.line.startswith("path ")), None)
            if section
            else None
        )
        if path is None:
            return None
        name = f"{path.replace('$h', self.hostname)}-{len(self.archive) + 1}"
        self.archive.append((name, self.running.copy()))
        self.files[name] = self.archive[-1][1]
        return name

    def archive_on_write(self) -> None:
        """``archive`` / ``write-memory``: every ``write memory`` also archives."""
        section = self.running.get("archive")
        if section is not None and any(c.line == "write-memory" for c in section.children):
            self.archive_config()

    def schedule_reload(self, minutes: int, by: str) -> None:
        """``reload in N``: reload when the timer expires."""
        self.cancel_reload()
        delay = minutes * self.faults.minute_seconds
        self.reload_at, self.reload_by = time.time() + delay, by
        loop = asyncio.get_running_loop()
        self._reload_handle = loop.call_later(delay, self.reload)

    def cancel_reload(self) -> bool:
        """``reload cancel``; True when a reload was scheduled."""
        if self._reload_handle is None:
            return False
        self._reload_handle.cancel()
        self._reload_handle, self.reload_at = None, None
        return True

    def reload(self) -> None:
        """Reload now: sessions drop, the startup config becomes the running config."""
        log.info("lab router %s: reloading", self.spec.name)
        self._reload_handle, self.reload_at = None, None
        if self.revert is not None:
            self.revert[0].cancel()
            self.revert = None
        self.running = self.startup.copy()
        self.boot_time = time.time()
        for close in list(self.sessions):
            close()

    def arm_revert(self, minutes: int, user: str = "") -> None:
        """``configure terminal revert timer N``: roll back unless confirmed in time.

        Arming again (``configure revert timer N``) keeps the saved config, new timer.
        """
        saved = self.revert[1] if self.revert is not None else self.running.copy()
        if self.revert is not None:
            self.revert[0].cancel()
        loop = asyncio.get_running_loop()
        handle = loop.call_later(minutes * self.faults.minute_seconds, self._do_revert)
        self.revert = (handle, saved)
        self.revert_user = user or self.revert_user
        self.revert_armed = (time.time(), minutes)

    def revert_now(self) -> None:
        """``configure revert now``."""
        if self.revert is not None:
            self.revert[0].cancel()
            self.running = self.revert[1]
            self.revert = None

    def confirm_revert(self) -> bool:
        """``configure confirm``; True when a revert timer was pending."""
        if self.revert is None:
            return False
        self.revert[0].cancel()
        self.revert = None
        return True

    def _do_revert(self) -> None:
        if self.revert is not None:
            log.info("lab router %s: revert timer expired, rolling back", self.spec.name)
            self.running = self.revert[1]
            self.revert = None
