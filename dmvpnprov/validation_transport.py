"""Checks of Nornir's own top-level fields: how the push will reach each router.

Nornir resolves ``platform`` (the netmiko device type) and ``port`` from host, groups,
then defaults, and would only fail at connection time. A router reached over telnet
sets ``platform: cisco_ios_telnet`` (and port 23); a device type that netmiko does not
drive for IOS, or a port that contradicts the transport, is reported here, before any
router is touched.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from dmvpnprov.errors import Problem
from dmvpnprov.nornir_files import InventoryFiles, did_you_mean

if TYPE_CHECKING:
    from nornir.core.inventory import Host

__all__ = ["DEVICE_TYPES", "check_transport"]

DEVICE_TYPES = ("cisco_ios", "cisco_ios_telnet", "cisco_xe")


def _origin(host: Host, attr: str, files: InventoryFiles) -> tuple[str, str]:
    """(file, suffix) of the element that sets Nornir attribute ``attr`` for ``host``."""
    if object.__getattribute__(host, attr) is not None:
        return files.hosts_file, ""
    for group in host.extended_groups():
        if object.__getattribute__(group, attr) is not None:
            return files.groups_file, f" (inherited from group {group.name})"
    return files.defaults_file, ""


def _host_problems(host: Host, files: InventoryFiles) -> list[Problem]:
    problems = []
    platform: Any = host.platform
    port: Any = host.port
    if platform not in DEVICE_TYPES:
        file, note = _origin(host, "platform", files)
        hint = did_you_mean(str(platform), DEVICE_TYPES)
        msg = f"device type {platform!r} is not one of {', '.join(DEVICE_TYPES)}{hint}"
        problems.append(Problem(file, host.name, "platform", msg + note))
    if port is not None and (not isinstance(port, int) or not 0 < port < 65536):
        file, note = _origin(host, "port", files)
        problems.append(Problem(file, host.name, "port", f"{port!r} is not a TCP port{note}"))
    elif (platform, port) in (("cisco_ios_telnet", 22), ("cisco_ios", 23)):
        file, note = _origin(host, "port", files)
        msg = f"port {port} contradicts platform {platform} (telnet is 23, SSH 22)"
        problems.append(Problem(file, host.name, "port", msg + note))
    return problems


def check_transport(files: InventoryFiles) -> list[Problem]:
    """Problems with each host's device type and port."""
    return [p for host in files.inventory.hosts.values() for p in _host_problems(host, files)]
