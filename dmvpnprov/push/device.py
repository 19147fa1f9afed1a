"""What push does on one router's CLI, through a netmiko connection.

Each function does one IOS step and raises on failure; :mod:`dmvpnprov.push.apply` decides
what follows. Netmiko leaves the session in config mode after a rejected line, so
:func:`send_lines` leaves config mode before it re-raises. ``write memory`` is checked
for ``[OK]`` (netmiko's ``save_config`` returns whatever the router printed).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import Any

from dmvpnprov.push.results import PushFailure

__all__ = [
    "ERROR_PATTERN",
    "ConfirmTimer",
    "arm_timer",
    "ensure_enable",
    "leave_config",
    "read_running",
    "read_startup",
    "send_lines",
    "wait_prompt",
    "write_memory",
]

log = logging.getLogger(__name__)

# The whole IOS error line, so the user reads what the router said.
ERROR_PATTERN = r"^\s*%\s*(?:Invalid|Incomplete|Ambiguous).*$"
SHOW_RUN_SECONDS = 60.0
CONFIG_SECONDS = 15.0


def ensure_enable(conn: Any) -> None:
    """Enter privileged EXEC mode unless the session is there already."""
    if not conn.check_enable_mode():
        conn.enable()


def read_running(conn: Any) -> str:
    """The running config as ``show running-config`` prints it."""
    return str(conn.send_command("show running-config", read_timeout=SHOW_RUN_SECONDS))


def read_startup(conn: Any) -> str:
    """The startup config as ``show startup-config`` prints it."""
    return str(conn.send_command("show startup-config", read_timeout=SHOW_RUN_SECONDS))


def wait_prompt(conn: Any, timeout: float) -> str:
    """Read what the router still prints until its prompt is back (a slow command ends)."""
    prompt = re.escape(conn.base_prompt) + r"(?:\([\w.-]+\))?[>#]\s*$"
    return str(conn.read_until_pattern(pattern=prompt, read_timeout=timeout))


def leave_config(conn: Any) -> None:
    """Leave config mode if the session is in it (after an error, before anything else)."""
    if conn.check_config_mode():
        conn.exit_config_mode()


def send_lines(
    conn: Any, lines: list[str], timeout: float = CONFIG_SECONDS, leave: bool = True
) -> str:
    """Send config lines; stop at the first IOS error and leave config mode, then raise.

    ``timeout`` is how long one line may take to be echoed and answered (a session the
    router dropped is noticed only by it). ``leave`` False stays in config mode (and in
    the current section) for the next chunk of lines.
    """
    try:
        return str(
            conn.send_config_set(
                lines,
                error_pattern=ERROR_PATTERN,
                cmd_verify=True,
                read_timeout=timeout,
                exit_config_mode=leave,
            )
        )
    except Exception:
        try:
            leave_config(conn)
        except Exception as exc:  # noqa: BLE001 - the first error is the one to report
            log.debug("%s: could not leave config mode: %s", conn.host, type(exc).__name__)
        raise


def _dialog(conn: Any, command: str, replies: dict[str, str], timeout: float) -> str:
    """Type ``command`` and answer IOS's questions until the prompt is back."""
    prompt = re.escape(conn.base_prompt) + r"(?:\([\w.-]+\))?[>#]\s*$"
    questions = "|".join(replies)
    pattern = f"(?:{questions})\\s*$|{prompt}" if replies else prompt
    conn.write_channel(conn.normalize_cmd(command))
    output = str(conn.read_until_pattern(pattern=re.escape(command), read_timeout=timeout))
    for _ in range(len(replies) + 2):
        chunk = str(conn.read_until_pattern(pattern=pattern, read_timeout=timeout))
        output += chunk
        answer = next((r for q, r in replies.items() if re.search(q + r"\s*$", chunk)), None)
        if answer is None:
            return output
        conn.write_channel(conn.normalize_cmd(answer))
    return output


def write_memory(conn: Any, timeout: float) -> str:
    """``write memory``; raise :class:`PushFailure` unless the router printed ``[OK]``."""
    output = _dialog(conn, "write memory", {r"\[confirm\]": ""}, timeout)
    if "[OK]" not in output:
        said = [ln.strip() for ln in output.splitlines() if ln.strip()]
        said = [ln for ln in said if "write memory" not in ln and not ln.endswith("#")]
        raise PushFailure(f"write memory failed: {said[-1] if said else 'no [OK] from the router'}")
    return output


@dataclass
class ConfirmTimer:
    """A safety timer armed on a router: ``reload in N`` or a configure revert timer."""

    kind: str  # "reload" | "revert"
    minutes: int

    def cancel(self, conn: Any) -> None:
        """Cancel (reload) or confirm (revert) the timer; the router keeps its config."""
        ensure_enable(conn)
        if self.kind == "revert":
            output = _dialog(conn, "configure confirm", {}, CONFIG_SECONDS)
        else:
            output = _dialog(conn, "reload cancel", {}, CONFIG_SECONDS)
        if re.search(ERROR_PATTERN, output, flags=re.M):
            raise PushFailure(f"could not cancel the {self.describe()}")

    def describe(self) -> str:
        """How the timer reads in messages."""
        if self.kind == "revert":
            return f"revert timer ({self.minutes} min)"
        return f"reload timer ({self.minutes} min)"


def arm_timer(conn: Any, minutes: int, use_revert: bool) -> ConfirmTimer:
    """Arm a confirm timer before the first change; raise :class:`PushFailure` if refused."""
    if use_revert:
        command = f"configure terminal revert timer {minutes}"
        output = _dialog(conn, command, {}, CONFIG_SECONDS)
        leave_config(conn)
        timer = ConfirmTimer("revert", minutes)
    else:
        replies = {r"\[yes/no\]:?": "no", r"\[confirm\]": ""}
        output = _dialog(conn, f"reload in {minutes}", replies, CONFIG_SECONDS)
        timer = ConfirmTimer("reload", minutes)
    if re.search(ERROR_PATTERN, output, flags=re.M):
        raise PushFailure(f"the router refused the {timer.describe()}; nothing was sent")
    return timer
