"""The running lab's control channel: a unix socket ``<lab_dir>/control.sock`` (owner only).

One JSON request per connection, one JSON answer. What ``dmvpnprov lab fault`` and
``dmvpnprov lab show`` send, and what :class:`LabClient` wraps for Python callers:

* ``{"op": "fault", "host": H, "faults": {...}}`` sets faults (fields of
  :class:`~dmvpnprov.lab.state.faults.Faults`), ``"clear": true`` restores the start ones;
* ``{"op": "stop" | "start", "host": H}`` powers a router off or on (same port);
* ``{"op": "show", "host": H, "what": "running" | "startup" | "log"}``.

Answers are ``{"ok": true, ...}`` or ``{"ok": false, "error": "..."}``.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import socket
import socketserver
import threading
from dataclasses import fields, replace
from pathlib import Path
from typing import Any

from dmvpnprov.lab.network.server import LabServer
from dmvpnprov.lab.state.faults import Faults

__all__ = [
    "CONTROL",
    "FAULT_FIELDS",
    "LabClient",
    "LabControlError",
    "new_faults",
    "serve_control",
    "shutdown",
]

log = logging.getLogger(__name__)
CONTROL = "control.sock"
FAULT_FIELDS = {f.name: f.type for f in fields(Faults)}


class LabControlError(RuntimeError):
    """The lab refused a control request (unknown host, bad fault) or is not running."""


def new_faults(current: Faults, start: Faults, request: dict[str, Any]) -> Faults:
    """The faults after ``request`` (``{"clear": True}`` or ``{"faults": {field: value}}``)."""
    if request.get("clear"):
        return replace(start)
    changes = dict(request.get("faults", {}))
    unknown = sorted(set(changes) - set(FAULT_FIELDS))
    if unknown:
        raise LabControlError(f"unknown fault(s): {', '.join(unknown)}")
    return replace(current, **changes)


def _handle(server: LabServer, request: dict[str, Any]) -> dict[str, Any]:
    host = str(request.get("host", ""))
    router = server.routers.get(host)
    if router is None:
        raise LabControlError(
            f"no lab router {host!r}; routers: {', '.join(sorted(server.routers))}"
        )
    op = request.get("op")
    if op == "fault":
        router.faults = new_faults(router.faults, router.spec.faults, request)
        log.info("lab router %s: faults now %s", host, router.faults)
        return {"ok": True, "faults": {f: getattr(router.faults, f) for f in FAULT_FIELDS}}
    if op in ("stop", "start"):
        (server.stop_router if op == "stop" else server.start_router)(host)
        return {"ok": True, "running": server.running(host)}
    if op == "show":
        what = request.get("what")
        if what == "log":
            return {"ok": True, "lines": router.received()}
        if what in ("running", "startup"):
            text = router.running_config() if what == "running" else router.startup_config()
            return {"ok": True, "text": text}
        raise LabControlError(f"show what? {what!r} (running, startup or log)")
    raise LabControlError(f"unknown operation {op!r}")


class _Handler(socketserver.StreamRequestHandler):
    def handle(self) -> None:
        lab: LabServer = self.server.lab  # type: ignore[attr-defined]
        try:
            answer = _handle(lab, json.loads(self.rfile.readline() or b"{}"))
        except (LabControlError, ValueError, TypeError, KeyError) as exc:
            answer = {"ok": False, "error": str(exc)}
        self.wfile.write(json.dumps(answer).encode() + b"\n")


class _Server(socketserver.ThreadingUnixStreamServer):
    daemon_threads = True


def serve_control(server: LabServer, lab_dir: Path) -> socketserver.BaseServer:
    """Serve the control socket of ``server`` in ``lab_dir`` from a daemon thread."""
    path = lab_dir / CONTROL
    path.unlink(missing_ok=True)
    old = os.umask(0o177)  # the socket is created owner-only: no window for others
    try:
        control = _Server(str(path), _Handler)
    finally:
        os.umask(old)
    path.chmod(0o600)
    control.lab = server  # type: ignore[attr-defined]
    threading.Thread(target=control.serve_forever, daemon=True, name="lab-control").start()
    return control


class LabClient:
    """Talk to a running lab daemon through its control socket.

    Examples:
        >>> LabClient("/nonexistent").available()
        False
    """

    def __init__(self, lab_dir: Path | str) -> None:
        self.path = Path(lab_dir) / CONTROL

    def available(self) -> bool:
        """True when the control socket exists."""
        return self.path.is_socket()

    def request(self, payload: dict[str, Any], timeout: float = 60) -> dict[str, Any]:
        """Send one request; the answer, or :class:`LabControlError`."""
        if not self.available():
            raise LabControlError(f"no lab control socket at {self.path}: is the lab up?")
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            sock.settimeout(timeout)
            try:
                sock.connect(str(self.path))
                sock.sendall(json.dumps(payload).encode() + b"\n")
                data = b""
                while not data.endswith(b"\n"):
                    chunk = sock.recv(65536)
                    if not chunk:
                        break
                    data += chunk
            except OSError as exc:
                raise LabControlError(f"lab control socket {self.path}: {exc}") from exc
        answer: dict[str, Any] = json.loads(data or b"{}")
        if not answer.get("ok"):
            raise LabControlError(str(answer.get("error", "no answer from the lab")))
        return answer

    def fault(self, host: str, **faults: Any) -> dict[str, Any]:
        """Set faults on ``host`` (``write_fails=True``, ``command_delay=2.0`` ...)."""
        return dict(self.request({"op": "fault", "host": host, "faults": faults})["faults"])

    def clear(self, host: str) -> None:
        """Back to the faults ``host`` started with."""
        self.request({"op": "fault", "host": host, "clear": True})

    def stop(self, host: str) -> None:
        """Power ``host`` off (its port refuses connections)."""
        self.request({"op": "stop", "host": host})

    def start(self, host: str) -> None:
        """Power ``host`` on again."""
        self.request({"op": "start", "host": host})

    def running_config(self, host: str) -> str:
        """``show running-config`` of ``host``."""
        return str(self.request({"op": "show", "host": host, "what": "running"})["text"])

    def startup_config(self, host: str) -> str:
        """``show startup-config`` of ``host``."""
        return str(self.request({"op": "show", "host": host, "what": "startup"})["text"])

    def log(self, host: str) -> list[str]:
        """The lines ``host`` received, in order."""
        return [str(x) for x in self.request({"op": "show", "host": host, "what": "log"})["lines"]]


def shutdown(control: socketserver.BaseServer, lab_dir: Path) -> None:
    """Stop serving and remove the socket."""
    control.shutdown()
    with contextlib.suppress(OSError):
        (lab_dir / CONTROL).unlink()
