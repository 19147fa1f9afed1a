"""Router specs for a whole inventory: who each lab router is and how it starts.

Each host of the inventory becomes a :class:`RouterSpec`: its hostname, platform and
release, ssh or telnet (Nornir ``platform: cisco_ios_telnet``), the SSH profile its
release offers (legacy for 12.x, ios15 for classic 15.x, iosxe for IOS-XE), the username from the
Nornir host and the password / enable secret from the environment variables the
inventory's ``credentials`` name. The starting config has the hostname, the NBMA and
LAN addresses, the user, vty lines and a couple of unmanaged lines; nothing DMVPN.

Examples:
    >>> print("\\n".join(starting_config("R1", "admin", "pw", "en", [("Fa0/0", "dhcp")])[:3]))
    hostname R1
    enable secret en
    no ip domain-lookup
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from dmvpnprov.core.errors import UserError
from dmvpnprov.core.models import Fleet, Router
from dmvpnprov.core.platforms import IosRelease
from dmvpnprov.lab.state.router import RouterSpec

__all__ = ["DEFAULT_CREDENTIALS", "specs_for_fleet", "ssh_profile", "starting_config"]

DEFAULT_CREDENTIALS = {"password": "DMVPN_PASSWORD", "secret": "DMVPN_ENABLE_SECRET"}


def ssh_profile(release: str) -> str:
    """The SSH profile ``release`` offers: ``legacy`` (12.x), ``ios15`` or ``iosxe``.

    Examples:
        >>> ssh_profile("12.4(15)T14"), ssh_profile("15.2(4)M3"), ssh_profile("17.3.4a")
        ('legacy', 'ios15', 'iosxe')
    """
    rel = IosRelease.parse(release)
    if rel.is_xe:
        return "iosxe"
    if rel.major >= 15:
        return "ios15"
    return (
        "legacy-group14"
        if rel.line == (12, 4) and rel.train == "T" and rel.maint >= 20
        else "legacy"
    )


def starting_config(
    hostname: str,
    username: str,
    password: str,
    secret: str,
    interfaces: Iterable[tuple[str, str]],
) -> list[str]:
    """Config lines of a freshly installed router: identity, addresses, logins."""
    lines = [
        f"hostname {hostname}",
        f"enable secret {secret}",
        "no ip domain-lookup",
        "ip domain-name lab.example",
        f"username {username} secret {password}",
    ]
    for name, address in interfaces:
        lines += [f"interface {name}", f" ip address {address}", " no shutdown"]
    lines += [
        "snmp-server location dmvpnprov lab",
        "snmp-server contact noc@example.net",
        "ntp server 192.0.2.123",
        "line con 0",
        "line vty 0 4",
        " login local",
        " transport input ssh telnet",
        "end",
    ]
    return lines


def _address(value: object) -> str:
    if value == "dhcp":
        return "dhcp"
    text = str(value)  # IPv4Interface: 10.0.0.1/24
    from ipaddress import IPv4Interface  # noqa: PLC0415 - tiny, keeps the header short

    iface = IPv4Interface(text)
    return f"{iface.ip} {iface.netmask}"


def _nornir_hosts(inventory_dir: Path | None) -> dict[str, Any]:
    if inventory_dir is None or not (inventory_dir / "hosts.yaml").is_file():
        return {}
    from nornir.plugins.inventory.simple import SimpleInventory  # noqa: PLC0415

    files = {k: inventory_dir / f"{k}.yaml" for k in ("hosts", "groups", "defaults")}
    inventory = SimpleInventory(
        host_file=str(files["hosts"]),
        group_file=str(files["groups"]),
        defaults_file=str(files["defaults"]),
    ).load()
    return dict(inventory.hosts)


def _credential_vars(host: Any) -> dict[str, str]:
    names = dict(DEFAULT_CREDENTIALS)
    if host is None:
        return names
    try:
        creds = host["credentials"]
    except KeyError:
        return names
    for field in ("password", "secret"):
        ref = creds.get(field) if isinstance(creds, Mapping) else None
        if isinstance(ref, Mapping) and "env" in ref:
            names[field] = str(ref["env"])
    return names


def specs_for_fleet(
    fleet: Fleet, environ: Mapping[str, str] | None = None, inventory_dir: Path | None = None
) -> list[RouterSpec]:
    """A :class:`RouterSpec` per router of ``fleet``; UserError naming unset variables."""
    env = os.environ if environ is None else environ
    hosts = _nornir_hosts(inventory_dir)
    specs, missing = [], set()
    for router in fleet.routers:
        host = hosts.get(router.name)
        names = _credential_vars(host)
        missing |= {name for name in names.values() if not env.get(name)}
        if missing:
            continue
        specs.append(_spec(router, host, env[names["password"]], env[names["secret"]]))
    if missing:
        raise UserError(
            "the lab needs these environment variables for the routers' logins: "
            + ", ".join(sorted(missing))
        )
    return specs


def _spec(router: Router, host: Any, password: str, secret: str) -> RouterSpec:
    username = (host.username if host is not None else None) or "admin"
    device_type = (host.platform if host is not None else None) or "cisco_ios"
    interfaces = [(router.nbma.interface, _address(router.nbma.address))]
    interfaces += [(lan.interface, _address(lan.address)) for lan in router.lans]
    return RouterSpec(
        name=router.name,
        hostname=router.hostname,
        platform=router.platform,
        ios_release=router.ios_release,
        transport="telnet" if device_type.endswith("_telnet") else "ssh",
        ssh_profile=ssh_profile(router.ios_release),
        username=username,
        password=password,
        enable_secret=secret,
        config=tuple(starting_config(router.hostname, username, password, secret, interfaces)),
        interfaces=tuple(name for name, _ in interfaces),
    )
