"""The lab process: every inventory host as a router, until SIGTERM.

Run by ``dmvpnprov lab up`` as ``python -m dmvpnprov.lab.daemon INVENTORY LAB_DIR``
(detached), or in the foreground with ``dmvpnprov lab up --foreground``. It writes the
state file only once every router's port accepts connections.
"""

from __future__ import annotations

import json
import logging
import os
import signal
import sys
import threading
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import yaml

from dmvpnprov.errors import UserError
from dmvpnprov.lab.control import STATE, answers
from dmvpnprov.lab.faults import realistic_faults
from dmvpnprov.lab.server import LabServer

__all__ = ["run"]

log = logging.getLogger(__name__)


def _write_atomic(path: Path, text: str) -> None:
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


def run(inventory: Path, lab_dir: Path, realistic: bool = False) -> int:
    """Host the lab of ``inventory`` until SIGTERM/SIGINT; write the state in ``lab_dir``.

    ``realistic``: each router's ``write memory`` takes its platform's typical time.
    """
    from dmvpnprov.inventory import load_fleet  # noqa: PLC0415 - heavy import
    from dmvpnprov.lab.fleet import specs_for_fleet  # noqa: PLC0415

    specs = specs_for_fleet(load_fleet(inventory), None, inventory)
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
            name: {"hostname": "127.0.0.1", "port": r.port, "platform": r.spec.device_type}
            for name, r in routers.items()
        }
        _write_atomic(lab_dir / "hosts.yaml", yaml.safe_dump(overlay, sort_keys=True))
        _write_atomic(lab_dir / STATE, json.dumps(state, indent=2) + "\n")
        log.info("lab: %d routers up, pid %d", len(routers), os.getpid())
        stopping.wait()
    (lab_dir / STATE).unlink(missing_ok=True)
    return 0


def main(argv: list[str]) -> int:
    """``python -m dmvpnprov.lab.daemon INVENTORY LAB_DIR``."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    # a client that hangs up mid-write makes asyncio warn per write; not a lab problem
    logging.getLogger("asyncio").setLevel(logging.ERROR)
    try:
        return run(Path(argv[0]), Path(argv[1]), "--realistic" in argv[2:])
    except UserError as exc:
        log.error("lab: %s", exc)
        return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
