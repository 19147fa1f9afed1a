"""The lab's public Python API: simulated routers for an inventory, in your own tests.

:class:`Lab` starts a router for every host of a Nornir inventory folder on
127.0.0.1 (in this process) and gives each test what it needs: where each router
listens, a Nornir hosts overlay for netmiko / scrapli / NAPALM, faults, power, and
the router's state (running and startup config, the lines it received).
:class:`~dmvpnprov.lab.controlsock.LabClient` offers the same fault and state
methods for a lab started with ``dmvpnprov lab up``. The pytest plugin
(:mod:`dmvpnprov.commands.labpytest`) wraps :class:`Lab` in a fixture.

Example::

    with Lab(Path("inventory")) as lab:
        lab.fault("hub1", write_fails=True)
        ... run your automation against lab.overlay() ...
        assert "ip mtu 1400" in lab.running_config("hub1")
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from types import TracebackType
from typing import Any

import yaml

from dmvpnprov.commands.lab import lab_specs
from dmvpnprov.core.errors import UserError
from dmvpnprov.lab.control import LabTarget
from dmvpnprov.lab.controlsock import FAULT_FIELDS, LabClient, new_faults
from dmvpnprov.lab.network.server import LabRouter, LabServer
from dmvpnprov.lab.overlay import host_overlay

__all__ = ["FAULT_FIELDS", "Lab", "LabClient", "LabTarget", "apply_overlay"]


def apply_overlay(hosts: Mapping[str, Any], overlay: Mapping[str, Mapping[str, Any]]) -> None:
    """Point Nornir ``hosts`` (``nr.inventory.hosts``) at the lab: address, port,
    platform and each plugin's connection options from ``overlay`` (``hosts.yaml`` of
    ``lab up`` or :meth:`Lab.overlay`). Options already set on a host are kept where
    the overlay has none.
    """
    from nornir.core.inventory import ConnectionOptions  # noqa: PLC0415 - Nornir users only

    for name, entry in overlay.items():
        host = hosts.get(name)
        if host is None:
            continue
        host.hostname, host.port, host.platform = (
            entry["hostname"],
            entry["port"],
            entry["platform"],
        )
        for plugin, opts in entry.get("connection_options", {}).items():
            old = host.connection_options.get(plugin)
            extras = {**(old.extras or {} if old is not None else {}), **opts.get("extras", {})}
            host.connection_options[plugin] = ConnectionOptions(
                hostname=opts.get("hostname"),
                port=opts.get("port"),
                platform=opts.get("platform"),
                extras=extras,
            )


class Lab:
    """The routers of an inventory folder, running in this process. A context manager."""

    def __init__(self, inventory: Path | str, environ: Mapping[str, str] | None = None) -> None:
        """Check the inventory now (UserError on a bad one); routers start on enter."""
        self.inventory = Path(inventory)
        self._specs = lab_specs(self.inventory, environ)
        self._server: LabServer | None = None
        self.routers: dict[str, LabRouter] = {}

    def __enter__(self) -> Lab:
        self.start_all()
        return self

    def __exit__(
        self, exc: type[BaseException] | None, val: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def start_all(self) -> None:
        """Start every router (each on its own free port)."""
        self._server = LabServer()
        self.routers = {spec.name: self._server.add(spec) for spec in self._specs}

    def close(self) -> None:
        """Stop every router."""
        if self._server is not None:
            self._server.close()
            self._server = None

    def router(self, host: str) -> LabRouter:
        """The router of inventory host ``host``; UserError naming the hosts otherwise."""
        try:
            return self.routers[host]
        except KeyError:
            raise UserError(f"no lab router {host!r}; hosts: {', '.join(self.routers)}") from None

    @property
    def hosts(self) -> list[str]:
        """The inventory names of the routers."""
        return list(self.routers)

    def target(self, host: str) -> LabTarget:
        """Where ``host`` listens and the netmiko device type that reaches it."""
        router = self.router(host)
        return LabTarget("127.0.0.1", router.port, router.spec.device_type)

    def overlay(self) -> dict[str, dict[str, Any]]:
        """The Nornir hosts overlay (what ``lab up`` writes to ``hosts.yaml``)."""
        return {
            name: host_overlay(r.port, r.spec.transport, r.spec.ssh_profile)
            for name, r in self.routers.items()
        }

    def write_overlay(self, path: Path | str) -> Path:
        """Write :meth:`overlay` as YAML to ``path``."""
        target = Path(path)
        target.write_text(yaml.safe_dump(self.overlay(), sort_keys=True), encoding="utf-8")
        return target

    # --- faults and power (same names as LabClient) ---------------------------------

    def fault(self, host: str, **faults: Any) -> dict[str, Any]:
        """Set faults on ``host``: any of :data:`FAULT_FIELDS` (``write_fails=True`` ...)."""
        router = self.router(host)
        router.faults = new_faults(router.faults, router.spec.faults, {"faults": faults})
        return {f: getattr(router.faults, f) for f in FAULT_FIELDS}

    def clear(self, host: str) -> None:
        """Back to the faults ``host`` started with."""
        router = self.router(host)
        router.faults = new_faults(router.faults, router.spec.faults, {"clear": True})

    def stop(self, host: str) -> None:
        """Power ``host`` off: its port refuses connections, its state is kept."""
        assert self._server is not None, "the lab is not started"
        self._server.stop_router(self.router(host).name)

    def start(self, host: str) -> None:
        """Power ``host`` on again, on the same port."""
        assert self._server is not None, "the lab is not started"
        self._server.start_router(self.router(host).name)

    # --- state ------------------------------------------------------------------------

    def running_config(self, host: str) -> str:
        """``show running-config`` of ``host``."""
        return self.router(host).running_config()

    def startup_config(self, host: str) -> str:
        """``show startup-config`` of ``host``."""
        return self.router(host).startup_config()

    def log(self, host: str) -> list[str]:
        """Every line ``host`` received, in order."""
        return self.router(host).received()

    def configure(self, host: str, lines: Iterable[str]) -> None:
        """Change ``host``'s running config by hand (drift); LabConfigError on a bad line."""
        self.router(host).configure(lines)
