"""``dmvpnprov lab fault HOST ...`` and ``dmvpnprov lab show HOST running|startup|log``.

Both talk to the running lab daemon through its control socket
(:class:`dmvpnprov.lab.controlsock.LabClient`); a bad host or an absent lab is a
clear error (exit 2).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from dmvpnprov.commands.exitcodes import ExitCode
from dmvpnprov.core.errors import UserError
from dmvpnprov.core.secrets import mask_config
from dmvpnprov.lab.control import DEFAULT_LAB_DIR
from dmvpnprov.lab.controlsock import LabClient, LabControlError

__all__ = ["fault_changes", "fault_command", "show_command"]

SHOW_WHAT = ("running", "startup", "log")


def fault_changes(options: dict[str, Any]) -> dict[str, Any]:
    """CLI options -> :class:`~dmvpnprov.lab.state.faults.Faults` fields.

    Examples:
        >>> fault_changes({"disconnect_after": 3, "nvram_fail": True, "silent": False})
        {'disconnect_after_config_lines': 3, 'write_fails': True}
    """
    names = {
        "disconnect_after": "disconnect_after_config_lines",
        "reject_line": "reject_command",
        "nvram_fail": "write_fails",
        "write_delay": "write_delay",
        "command_delay": "command_delay",
        "auth_fail": "auth_failure",
        "silent": "silent",
    }
    changes: dict[str, Any] = {}
    for option, field in names.items():
        value = options.get(option)
        if value is None or value is False:
            continue
        if isinstance(value, float) and value < 0:
            raise UserError(f"--{option.replace('_', '-')} must be >= 0, got {value}")
        changes[field] = value
    return changes


def _client(lab_dir: Path | None) -> LabClient:
    client = LabClient(lab_dir or DEFAULT_LAB_DIR)
    if not client.available():
        raise UserError("no lab running: run `dmvpnprov lab up`")
    return client


def fault_command(host: str | None, lab_dir: Path | None, options: dict[str, Any]) -> int:
    """Apply the fault options to ``host`` of the running lab; print what it has now."""
    if not host:
        raise UserError("lab fault: which router? `dmvpnprov lab fault HOST --nvram-fail`")
    client = _client(lab_dir)
    power = [p for p in ("stop", "start") if options.get(p)]
    changes = fault_changes(options)
    if not (power or changes or options.get("clear")):
        raise UserError("lab fault: no fault given (see `dmvpnprov lab --help`)")
    try:
        if options.get("clear"):
            client.clear(host)
        for action in power:
            getattr(client, action)(host)
        now = client.fault(host, **changes)
    except LabControlError as exc:
        raise UserError(f"lab fault {host}: {exc}") from exc
    active = {
        k: v for k, v in now.items() if v not in (None, False, 0, 0.0) and k != "minute_seconds"
    }
    state = ", ".join(f"{k}={v}" for k, v in active.items()) or "none"
    print(f"{host}: {'stopped' if 'stop' in power else 'running'}; faults: {state}")
    return ExitCode.OK


def show_command(host: str | None, what: str | None, lab_dir: Path | None) -> int:
    """Print ``host``'s running or startup config (secrets masked), or the lines it received."""
    if not host or what not in SHOW_WHAT:
        raise UserError("lab show: usage `dmvpnprov lab show HOST running|startup|log`")
    client = _client(lab_dir)
    try:
        if what == "log":
            print("\n".join(client.log(host)))
        elif what == "running":
            print(mask_config(client.running_config(host)), end="")
        else:
            print(mask_config(client.startup_config(host)), end="")
    except LabControlError as exc:
        raise UserError(f"lab show {host}: {exc}") from exc
    return ExitCode.OK
