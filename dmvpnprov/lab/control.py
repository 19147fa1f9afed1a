"""``dmvpnprov lab up | down | status``: a detached lab process and its state file.

``up`` starts ``python -m dmvpnprov.lab.daemon`` in a new session, waits until every
router's port answers and leaves ``<lab_dir>/state.json`` (pid, start time, routers)
and ``<lab_dir>/hosts.yaml`` (a Nornir hosts overlay: 127.0.0.1 and the ports).
``down`` stops exactly that pid, after checking it is our daemon. Push and audit read
the targets with :func:`read_targets`.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, NamedTuple

from dmvpnprov.errors import UserError

__all__ = [
    "DEFAULT_LAB_DIR",
    "LabTarget",
    "lab_command",
    "read_targets",
    "start_background",
    "stop",
]

DEFAULT_LAB_DIR = Path(".dmvpnprov-lab")
STATE = "state.json"
DAEMON_MODULE = "dmvpnprov.lab.daemon"


class LabTarget(NamedTuple):
    """Where a lab router listens and which netmiko device type reaches it."""

    host: str
    port: int
    device_type: str


def _state_path(lab_dir: Path | None) -> Path:
    return (lab_dir or DEFAULT_LAB_DIR) / STATE


def read_state(lab_dir: Path | None) -> dict[str, Any] | None:
    """The state file of a running lab, or None."""
    path = _state_path(lab_dir)
    if not path.is_file():
        return None
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def read_targets(lab_dir: Path | None) -> dict[str, LabTarget]:
    """Host name -> :class:`LabTarget` of the running lab; UserError when none runs."""
    state = read_state(lab_dir)
    if state is None or not _alive(state):
        raise UserError("no lab running: run `dmvpnprov lab up`")
    return {
        name: LabTarget(r["host"], int(r["port"]), r["device_type"])
        for name, r in state["routers"].items()
    }


def _alive(state: dict[str, Any]) -> bool:
    """True when the state's pid is a running lab daemon (not a recycled pid)."""
    pid = int(state.get("pid", 0))
    try:
        os.kill(pid, 0)
    except (OSError, ValueError):
        return False
    cmdline = Path(f"/proc/{pid}/cmdline")
    if cmdline.exists():
        text = cmdline.read_bytes().replace(b"\0", b" ").decode(errors="replace")
        return DAEMON_MODULE in text
    return True


def answers(host: str, port: int, timeout: float = 1.0) -> bool:
    """True when something accepts a TCP connection on ``host:port``."""
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def start_background(
    inventory: Path,
    lab_dir: Path | None = None,
    environ: dict[str, str] | None = None,
    realistic: bool = False,
) -> dict[str, LabTarget]:
    """Start the detached lab daemon for ``inventory``; its targets once all answer.

    ``realistic`` gives each router its platform's typical ``write memory`` time.
    """
    lab_dir = lab_dir or DEFAULT_LAB_DIR
    state = read_state(lab_dir)
    if state is not None and _alive(state):
        raise UserError(f"the lab is already up (pid {state['pid']}); `dmvpnprov lab down` first")
    _check_inventory(inventory, environ)
    lab_dir.mkdir(parents=True, exist_ok=True)
    _state_path(lab_dir).unlink(missing_ok=True)
    log = (lab_dir / "lab.log").open("ab")
    env = dict(os.environ if environ is None else environ)
    proc = subprocess.Popen(
        [sys.executable, "-m", DAEMON_MODULE, str(inventory), str(lab_dir)]
        + (["--realistic"] if realistic else []),
        stdin=subprocess.DEVNULL,
        stdout=log,
        stderr=log,
        env=env,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        state = read_state(lab_dir)
        if state is not None and state.get("pid") == proc.pid:
            return read_targets(lab_dir)
        if proc.poll() is not None:
            tail = (lab_dir / "lab.log").read_text(errors="replace")[-2000:]
            raise UserError(f"the lab did not start:\n{tail}")
        time.sleep(0.1)
    proc.kill()
    raise UserError("the lab did not answer within 60 s")


def _check_inventory(inventory: Path, environ: dict[str, str] | None) -> None:
    """Fail early, in this process, on a bad inventory or unset variables."""
    from dmvpnprov.inventory import load_fleet  # noqa: PLC0415 - heavy, CLI-time only
    from dmvpnprov.lab.fleet import specs_for_fleet  # noqa: PLC0415

    if not (inventory / "hosts.yaml").is_file():
        raise UserError(f"{inventory}: no hosts.yaml: is this an inventory folder?")
    specs_for_fleet(load_fleet(inventory), environ, inventory)


def stop(lab_dir: Path | None = None) -> bool:
    """Stop the lab daemon of ``lab_dir``; False when none was running."""
    state = read_state(lab_dir)
    if state is None:
        return False
    running = _alive(state)
    if running:
        pid = int(state["pid"])
        os.kill(pid, signal.SIGTERM)
        for _ in range(100):
            if not _alive(state):
                break
            time.sleep(0.05)
        else:
            os.kill(pid, signal.SIGKILL)
    _state_path(lab_dir).unlink(missing_ok=True)
    ((lab_dir or DEFAULT_LAB_DIR) / "hosts.yaml").unlink(missing_ok=True)
    return running


def lab_command(
    action: str,
    inventory: Path,
    lab_dir: Path | None,
    foreground: bool,
    realistic: bool = False,
) -> int:
    """The ``dmvpnprov lab`` command; exit code 0, 1 (a router not answering) or 2."""
    from dmvpnprov.lab.status import print_status  # noqa: PLC0415 - rich loads lazily

    if foreground and action == "up":
        from dmvpnprov.lab.daemon import run  # noqa: PLC0415

        return run(inventory, lab_dir or DEFAULT_LAB_DIR, realistic)
    if action == "up":
        state = read_state(lab_dir)
        if state is not None and _alive(state):
            return print_status(read_targets(lab_dir), f"lab already up (pid {state['pid']})")
        targets = start_background(inventory, lab_dir, realistic=realistic)
        return print_status(targets, f"lab up: {len(targets)} routers")
    if action == "down":
        return print_status({}, "lab down" if stop(lab_dir) else "no lab was running")
    state = read_state(lab_dir)
    if state is None or not _alive(state):
        return print_status({}, "no lab running: run `dmvpnprov lab up`", code=1)
    return print_status(read_targets(lab_dir), f"lab pid {state['pid']}")
