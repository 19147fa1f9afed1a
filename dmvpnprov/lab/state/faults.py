"""Faults and latency a lab router can be told to show, for tests and benchmarks.

Every field is read when the fault would happen, so a test may change a router's
``faults`` while sessions are open.

Examples:
    >>> Faults().reject("ip nhrp redirect").rejects("ip nhrp redirect", 1)
    True
    >>> Faults(reject_line_number=3).rejects("anything", 3)
    True
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from dmvpnprov.core.platforms import PLATFORMS, Platform

__all__ = ["Faults", "realistic_faults"]


@dataclass
class Faults:
    """What goes wrong on one router, and how slow it is.

    Attributes:
        command_delay: seconds before each command's output (slow CPU or link).
        write_delay: seconds ``write memory`` takes between ``Building
            configuration...`` and ``[OK]``.
        disconnect_after_config_lines: drop the session when a configuration
            line beyond this many (per session) arrives.
        reject_command: a configuration line (as typed; spacing does not matter)
            rejected with ``% Invalid input detected at '^' marker.``.
        reject_line_number: the Nth configuration line of a session is rejected.
        auth_failure: every login is refused (SSH and telnet).
        silent: the port accepts TCP connections and never says a word.
        write_fails: ``write memory`` prints an NVRAM error instead of ``[OK]``.
        minute_seconds: how long a "minute" of ``reload in`` / revert timers lasts.
    """

    command_delay: float = 0.0
    write_delay: float = 0.0
    disconnect_after_config_lines: int | None = None
    reject_command: str | None = None
    reject_line_number: int | None = None
    auth_failure: bool = False
    silent: bool = False
    write_fails: bool = False
    minute_seconds: float = 60.0

    def reject(self, command: str) -> Faults:
        """A copy that rejects ``command``."""
        return replace(self, reject_command=command)

    def rejects(self, line: str, number: int) -> bool:
        """True when configuration line ``number`` (1-based) of a session is rejected."""
        if self.reject_line_number is not None and number == self.reject_line_number:
            return True
        if self.reject_command is None:
            return False
        return line.split() == self.reject_command.split()


def realistic_faults(platform: Platform) -> Faults:
    """The timing of a real box of ``platform``: its typical ``write memory`` time."""
    return Faults(write_delay=PLATFORMS[platform].write_memory_seconds)
