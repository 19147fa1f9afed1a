"""The lab process: every inventory host as a router, until SIGTERM.

Run by ``dmvpnprov lab up`` through ``python -m dmvpnprov.commands.lab_daemon INVENTORY
LAB_DIR`` (detached), or in the foreground with ``dmvpnprov lab up --foreground``. It writes the
state file only once every router's port accepts connections.
"""

from __future__ import annotations

import json
import logging
import os
import signal
import threading
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import yaml

from dmvpnprov.lab.control import STATE, answers
from dmvpnprov.lab.controlsock import serve_control, shutdown
from dmvpnprov.lab.network.server import LabServer
from dmvpnprov.lab.overlay import host_overlay
from dmvpnprov.lab.state.faults import realistic_faults
from dmvpnprov.lab.state.router import RouterSpec

__all__ = ["run"]

log = logging.getLogger(__name__)


def _write_atomic(path: Path, text: str) -> None:
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


def run(specs: list[RouterSpec], inventory: Path, lab_dir: Path, realistic: bool = False) -> int:
    """Host the routers ``specs`` until SIGTERM/SIGINT; write the state in ``lab_dir``.

    ``inventory`` is recorded in the state file; ``realistic``: each router's ``write
    memory`` takes its platform's typical time.
    """
    if realistic:
        specs = [replace(spec, faults=realistic_faults(spec.platform)) for spec in specs]
    stopping = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopping.set())
    signal.signal(signal.SIGINT, lambda *_: stopping.set())
    lab_dir.mkdir(parents=True, exist_ok=True)
    with LabServer() as server:
        routers = {spec.name: server.add(spec) for spec in specs}
        for router in routers.values():
            while not answers("127.0.0.1", router.port):
                time.sleep(0.05)
        state: dict[str, Any] = {
            "pid": os.getpid(),
            "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "inventory": str(inventory),
            "write_memory_seconds": {s.name: s.faults.write_delay for s in specs},
            "routers": {
                name: {"host": "127.0.0.1", "port": r.port, "device_type": r.spec.device_type}
                for name, r in routers.items()
            },
        }
        overlay = {
            name: host_overlay(r.port, r.spec.transport, r.spec.ssh_profile)
            for name, r in routers.items()
        }
        control = serve_control(server, lab_dir)
        _write_atomic(lab_dir / "hosts.yaml", yaml.safe_dump(overlay, sort_keys=True))
        _write_atomic(lab_dir / STATE, json.dumps(state, indent=2) + "\n")
        log.info("lab: %d routers up, pid %d", len(routers), os.getpid())
        stopping.wait()
        shutdown(control, lab_dir)
    (lab_dir / STATE).unlink(missing_ok=True)
    return 0
