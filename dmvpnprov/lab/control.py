"""``dmvpnprov lab up | down | status``: a detached lab process and its state file.

``up`` starts ``python -m dmvpnprov.commands.lab_daemon`` in a new session, waits until every
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

from dmvpnprov.core.errors import UserError

__all__ = [
    "DEFAULT_LAB_DIR",
    "LabTarget",
    "alive",
    "answers",
    "read_state",
    "read_targets",
    "start_background",
    "stop",
]

DEFAULT_LAB_DIR = Path(".dmvpnprov-lab")
STATE = "state.json"
DAEMON_MODULE = "dmvpnprov.commands.lab_daemon"


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
    if state is None or not alive(state):
        raise UserError("no lab running: run `dmvpnprov lab up`")
    return {
        name: LabTarget(r["host"], int(r["port"]), r["device_type"])
        for name, r in state["routers"].items()
    }


def alive(state: dict[str, Any]) -> bool:
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

    The caller checks the inventory first (:func:`dmvpnprov.commands.lab.start_lab`).

    ``realistic`` gives each router its platform's typical ``write memory`` time.
    """
    lab_dir = lab_dir or DEFAULT_LAB_DIR
    state = read_state(lab_dir)
    if state is not None and alive(state):
        raise UserError(f"the lab is already up (pid {state['pid']}); `dmvpnprov lab down` first")
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


def stop(lab_dir: Path | None = None) -> bool:
    """Stop the lab daemon of ``lab_dir``; False when none was running."""
    state = read_state(lab_dir)
    if state is None:
        return False
    running = alive(state)
    if running:
        pid = int(state["pid"])
        os.kill(pid, signal.SIGTERM)
        for _ in range(100):
            if not alive(state):
                break
            time.sleep(0.05)
        else:
            os.kill(pid, signal.SIGKILL)
    _state_path(lab_dir).unlink(missing_ok=True)
    ((lab_dir or DEFAULT_LAB_DIR) / "hosts.yaml").unlink(missing_ok=True)
    return running
