"""The Nornir hosts overlay ``lab up`` writes: every host on 127.0.0.1 and its port,
with per-connection options so netmiko, scrapli (nornir_scrapli) and NAPALM
(nornir_napalm) reach the lab unchanged.

Nornir applies a host's ``connection_options.<plugin>`` over its own fields, so each
client gets its own platform name (``cisco_ios``, ``cisco_iosxe``, ``ios``), transport
(telnet hosts) and the legacy SSH algorithms an IOS 12.x host needs for OpenSSH
(scrapli's ``system`` transport). No secret is written.

Examples:
    >>> o = host_overlay(40001, "ssh", "legacy")
    >>> o["platform"], o["connection_options"]["scrapli"]["platform"]
    ('cisco_ios', 'cisco_iosxe')
    >>> host_overlay(40002, "telnet", "legacy")["connection_options"]["napalm"]["extras"]
    {'optional_args': {'port': 40002, 'transport': 'telnet'}}
"""

from __future__ import annotations

from typing import Any

__all__ = ["OPENSSH_LEGACY_OPTIONS", "host_overlay"]

# What OpenSSH 8.8+ needs for IOS 12.x / classic 15.x (SHA-1 kex, ssh-rsa, CBC).
OPENSSH_LEGACY_OPTIONS = [
    "-o",
    "KexAlgorithms=+diffie-hellman-group1-sha1,diffie-hellman-group14-sha1",
    "-o",
    "HostKeyAlgorithms=+ssh-rsa",
    "-o",
    "PubkeyAcceptedAlgorithms=+ssh-rsa",
    "-o",
    "Ciphers=+aes128-cbc,3des-cbc,aes256-cbc",
]


def host_overlay(port: int, transport: str, ssh_profile: str) -> dict[str, Any]:
    """One host's overlay entry."""
    telnet = transport == "telnet"
    scrapli_extras: dict[str, Any] = {"auth_strict_key": False}
    if telnet:
        scrapli_extras["transport"] = "telnet"
    elif ssh_profile != "iosxe":
        scrapli_extras["transport_options"] = {"open_cmd": list(OPENSSH_LEGACY_OPTIONS)}
    napalm_args: dict[str, Any] = {"port": port}
    if telnet:
        napalm_args["transport"] = "telnet"
    return {
        "hostname": "127.0.0.1",
        "port": port,
        "platform": "cisco_ios_telnet" if telnet else "cisco_ios",
        "connection_options": {
            "netmiko": {"platform": "cisco_ios_telnet" if telnet else "cisco_ios"},
            "scrapli": {"platform": "cisco_iosxe", "port": port, "extras": scrapli_extras},
            "napalm": {"platform": "ios", "extras": {"optional_args": napalm_args}},
        },
    }
