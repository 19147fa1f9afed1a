"""Checks of Nornir's own top-level fields: how the push will reach each router.

Nornir resolves ``platform`` (the netmiko device type) and ``port`` from host, groups,
then defaults, and would only fail at connection time. A router reached over telnet
sets ``platform: cisco_ios_telnet`` (and port 23); a device type that netmiko does not
drive for IOS, or a port that contradicts the transport, is reported here, before any
router is touched.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dmvpnprov.core.errors import Problem
from dmvpnprov.inventory.nornir_files import InventoryFiles, did_you_mean
from dmvpnprov.inventory.resolve import HostResolver
from dmvpnprov.inventory.validation import Where

if TYPE_CHECKING:
    from nornir.core.inventory import Host

__all__ = ["DEVICE_TYPES", "check_transport"]

DEVICE_TYPES = ("cisco_ios", "cisco_ios_telnet", "cisco_xe")


def _note(where: Where) -> str:
    return f" (inherited from group {where.group})" if where.group else ""


def _host_problems(host: Host, resolver: HostResolver) -> list[Problem]:
    problems = []
    platform, p_where = resolver.attribute(host, "platform")
    port, where = resolver.attribute(host, "port")
    if platform not in DEVICE_TYPES:
        hint = did_you_mean(str(platform), DEVICE_TYPES)
        msg = f"device type {platform!r} is not one of {', '.join(DEVICE_TYPES)}{hint}"
        problems.append(Problem(p_where.file, host.name, "platform", msg + _note(p_where)))
    if port is not None and (not isinstance(port, int) or not 0 < port < 65536):
        msg = f"{port!r} is not a TCP port{_note(where)}"
        problems.append(Problem(where.file, host.name, "port", msg))
    elif (platform, port) in (("cisco_ios_telnet", 22), ("cisco_ios", 23)):
        msg = f"port {port} contradicts platform {platform} (telnet is 23, SSH 22)"
        problems.append(Problem(where.file, host.name, "port", msg + _note(where)))
    return problems


def check_transport(files: InventoryFiles, resolver: HostResolver) -> list[Problem]:
    """Problems with each host's device type and port."""
    hosts = files.inventory.hosts.values()
    return [p for host in hosts for p in _host_problems(host, resolver)]
