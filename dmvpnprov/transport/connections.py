"""Nornir + netmiko connections built from the inventory files, safely.

Nornir reads the same SimpleInventory files as :mod:`dmvpnprov.inventory.load`. On top of
Nornir's defaults this module:

* takes passwords and the enable secret from the environment variables that
  ``data.credentials`` names (or a prompt on a terminal), never from YAML;
* merges ``connection_options.netmiko.extras`` across defaults -> groups -> host
  (Nornir replaces them wholesale, so a group's extras would silently drop the
  defaults' ``secret``);
* sets netmiko timeouts that suit slow old routers, below anything the user wrote;
* points hosts at lab targets (``127.0.0.1``, a port, ssh or telnet) when asked;
* sets Nornir's log file explicitly (never ``./nornir.log`` by accident) and masks
  secrets in it.

Examples:
    >>> merge_extras([{"secret": "x", "conn_timeout": 5}, None, {"conn_timeout": 30}])
    {'secret': 'x', 'conn_timeout': 30}
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Mapping, Sequence
from pathlib import Path
from typing import Any, Protocol

from nornir import InitNornir
from nornir.core import Nornir
from nornir.core.inventory import ConnectionOptions, Group, Host
from nornir.core.task import Result, Task

from dmvpnprov.core.errors import UserError
from dmvpnprov.core.platforms import PLATFORMS, Platform
from dmvpnprov.transport.credentials import Credentials
from dmvpnprov.transport.hostkeys import learn_keys, ssh_extras
from dmvpnprov.transport.masked_log import attach_log, detach_log
from dmvpnprov.transport.retry import open_connection

__all__ = [
    "TELNET",
    "LabTargetLike",
    "attach_log",
    "build_nornir",
    "close_nornir",
    "detach_log",
    "fetch_running",
    "merge_extras",
]

log = logging.getLogger(__name__)

CONNECTION = "netmiko"
TELNET = "cisco_ios_telnet"

# Below anything in the inventory: generous timeouts for routers on slow WAN links.
BASE_EXTRAS: dict[str, Any] = {
    "conn_timeout": 15,
    "auth_timeout": 20,
    "banner_timeout": 20,
    "fast_cli": True,
    "global_delay_factor": 1,
}
# 1700/2600-class boxes: slow CPUs take long to log in (RSA on an old CPU). netmiko 4
# waits for patterns, not fixed delays, so longer timeouts suit them better than slower
# pacing (fast_cli off + delay factor 2 costs 5 s per telnet login and 1 s per command).
SLOW_EXTRAS: dict[str, Any] = {"conn_timeout": 30, "auth_timeout": 30, "banner_timeout": 30}


class LabTargetLike(Protocol):
    """Where a lab router listens (``dmvpnprov.lab.control.LabTarget`` has these)."""

    @property
    def host(self) -> str:
        """Address to connect to (``127.0.0.1``)."""

    @property
    def port(self) -> int:
        """TCP port of the router's SSH or telnet server."""

    @property
    def device_type(self) -> str:
        """netmiko device type: ``cisco_ios`` or ``cisco_ios_telnet``."""


def merge_extras(layers: Sequence[Mapping[str, Any] | None]) -> dict[str, Any]:
    """Merge netmiko extras, lowest priority first; ``None`` layers are skipped."""
    merged: dict[str, Any] = {}
    for layer in layers:
        merged.update(layer or {})
    return merged


def _own_extras(obj: Host | Group) -> dict[str, Any] | None:
    options = obj.connection_options.get(CONNECTION)
    return None if options is None else options.extras


def _group_layers(group: Group) -> list[dict[str, Any] | None]:
    """A group's extras chain, lowest priority first (its first parent wins over later)."""
    layers: list[dict[str, Any] | None] = []
    for parent in reversed(group.groups):
        layers.extend(_group_layers(parent))
    layers.append(_own_extras(group))
    return layers


def _host_layers(nr: Nornir, host: Host) -> list[dict[str, Any] | None]:
    default = nr.inventory.defaults.connection_options.get(CONNECTION)
    layers: list[dict[str, Any] | None] = [BASE_EXTRAS]
    if _is_slow(host):
        layers.append(SLOW_EXTRAS)
    layers.append(None if default is None else default.extras)
    for group in reversed(host.groups):
        layers.extend(_group_layers(group))
    layers.append(_own_extras(host))
    return layers


def _is_slow(host: Host) -> bool:
    try:  # host["platform"] is data.platform (the model); host.platform is the device type
        platform = Platform(str(host["platform"]))
    except (KeyError, ValueError):
        return False
    return PLATFORMS[platform].write_memory_seconds >= 2.0


def _apply_connection(host: Host, extras: dict[str, Any], creds: Credentials) -> None:
    params = host.get_connection_parameters(CONNECTION)
    password = creds.password(host)
    secret = creds.enable_secret(host)
    if secret is not None:
        extras["secret"] = secret
    elif "secret" not in extras and password is not None:
        extras["secret"] = password  # IOS: enable with the login password when no secret
    if password is not None:
        host.password = password
    host.connection_options[CONNECTION] = ConnectionOptions(
        hostname=params.hostname,
        port=params.port,
        username=params.username,
        password=password if password is not None else params.password,
        platform=params.platform,
        extras=extras,
    )


def _apply_target(host: Host, target: LabTargetLike) -> None:
    host.hostname = target.host
    host.port = target.port
    host.platform = target.device_type
    options = host.connection_options[CONNECTION]
    options.hostname, options.port, options.platform = target.host, target.port, target.device_type


def build_nornir(
    inventory_dir: Path,
    *,
    targets: Mapping[str, LabTargetLike] | None = None,
    workers: int = 10,
    log_file: Path | None = None,
    environ: Mapping[str, str] | None = None,
    credentials: Credentials | None = None,
    known_hosts: Path | None = None,
    accept_new_host_keys: bool = False,
    only: Collection[str] | None = None,
) -> Nornir:
    """Nornir over ``inventory_dir`` with credentials, merged extras and lab targets.

    Args:
        inventory_dir: the SimpleInventory folder (hosts.yaml, groups.yaml, defaults.yaml).
        targets: lab targets by host name; hosts without one are left out, so a lab run
            never reaches an inventory address.
        workers: threads of the threaded runner.
        log_file: Nornir's log file (secrets masked); ``None`` disables Nornir's logging.
        environ: where secrets come from (default ``os.environ``).
        credentials: a :class:`Credentials` to reuse (its masker covers every value).
        known_hosts: SSH host keys are checked against this file (``None``: netmiko's
            default, any key accepted; only for callers that do not send secrets).
        accept_new_host_keys: learn the keys of SSH hosts not yet in ``known_hosts``
            (trust on first use) before anything connects.
        only: the hosts to keep (``--limit``); the others are left out entirely.

    Raises:
        UserError: unreadable inventory, or a password variable unset when no prompt can ask.
    """
    hosts = inventory_dir / "hosts.yaml"
    if not hosts.is_file():
        raise UserError(f"{hosts}: no such file (is {inventory_dir} a Nornir inventory?)")
    groups, defaults = inventory_dir / "groups.yaml", inventory_dir / "defaults.yaml"
    try:
        nr = InitNornir(
            runner={"plugin": "threaded", "options": {"num_workers": max(1, workers)}},
            inventory={
                "plugin": "SimpleInventory",
                "options": {
                    "host_file": str(hosts),
                    "group_file": str(groups) if groups.is_file() else "",
                    "defaults_file": str(defaults) if defaults.is_file() else "",
                },
            },
            # Nornir's own logging writes ./nornir.log and warns next to the CLI's
            # handlers; dmvpnprov attaches its masked file handler instead.
            logging={"enabled": False},
        )
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise UserError(f"{inventory_dir}: cannot read the inventory: {exc}") from None
    creds = credentials or Credentials(environ=environ)
    if log_file is not None:
        nr.config.user_defined[_LOG_KEY] = attach_log(log_file, creds)
    if targets is not None:
        nr = nr.filter(filter_func=lambda h: h.name in targets)
    if only is not None:
        nr = nr.filter(filter_func=lambda h: h.name in only)
    # Nornir's own lookup fills a group's missing options from its parents in place, so
    # every host's layers are read before any lookup runs.
    merged = {name: merge_extras(_host_layers(nr, h)) for name, h in nr.inventory.hosts.items()}
    for host in nr.inventory.hosts.values():
        _apply_connection(host, merged[host.name], creds)
        if targets is not None:
            _apply_target(host, targets[host.name])
    if known_hosts is not None:
        _check_host_keys(nr, known_hosts, accept_new_host_keys, workers)
    return nr


def _check_host_keys(nr: Nornir, known_hosts: Path, accept_new: bool, workers: int) -> None:
    ssh = [h for h in nr.inventory.hosts.values() if h.platform != TELNET]
    for host in ssh:
        options = host.connection_options[CONNECTION]
        options.extras = {**(options.extras or {}), **ssh_extras(known_hosts)}
    if accept_new:
        pairs = [(str(h.hostname), int(h.port or 22)) for h in ssh]
        learn_keys(known_hosts, pairs, workers=workers)


_LOG_KEY = "dmvpnprov_log_handler"


def close_nornir(nr: Nornir) -> None:
    """Close every open connection and detach the log handler :func:`build_nornir` added."""
    for host in nr.inventory.hosts.values():
        for name in list(host.connections):
            try:
                host.close_connection(name)
            except Exception as exc:  # noqa: BLE001 - a dead session is closed already
                log.debug("%s: closing %s: %s", host.name, name, type(exc).__name__)
    handler = nr.config.user_defined.pop(_LOG_KEY, None)
    if isinstance(handler, logging.Handler):
        detach_log(handler)


def _show_running(task: Task, retries: int) -> Result:
    conn = open_connection(task.host, task.nornir.config, retries)
    if not conn.check_enable_mode():
        conn.enable()
    log.info("%s: reading the running config", task.host.name)
    output = conn.send_command("show running-config", read_timeout=60)
    return Result(host=task.host, result=output)


def fetch_running(nr: Nornir, retries: int = 0) -> dict[str, str | Exception]:
    """``show running-config`` of every host of ``nr``: text, or the exception it raised.

    A transient connection error is retried up to ``retries`` times with backoff.
    """
    result = nr.run(task=_show_running, retries=retries, on_failed=True)
    out: dict[str, str | Exception] = {}
    for name, multi in result.items():
        if multi.failed:
            exc = multi[0].exception
            out[name] = exc if isinstance(exc, Exception) else RuntimeError(str(multi[0].result))
        else:
            out[name] = str(multi[0].result)
    return out
