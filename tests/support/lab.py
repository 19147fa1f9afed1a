"""The example inventory's lab: its test secrets and the routers standing in for its hosts."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from dmvpnprov.lab.control import LabTarget
from dmvpnprov.lab.network.server import LabRouter

EXAMPLE_SECRETS = {
    "DMVPN_PSK": "lab-psk-cisco47",
    "DMVPN_NHRP_AUTH": "donttell",
    "DMVPN_PASSWORD": "lab-password",
    "DMVPN_ENABLE_SECRET": "lab-enable",
}

RouterFactory = Callable[..., LabRouter]


@dataclass(frozen=True)
class ExampleLab:
    """Routers for every host of the example inventory and how to reach them."""

    routers: dict[str, LabRouter]
    targets: dict[str, LabTarget]
    environ: dict[str, str]


def netmiko_session(router: LabRouter, **options: Any) -> Any:
    """An unmodified netmiko session to a lab router with the example's login (enable
    secret included); ``options`` add to or replace ConnectHandler's arguments."""
    from netmiko import ConnectHandler  # noqa: PLC0415 - only the lab tests need it

    args: dict[str, Any] = {
        "device_type": "cisco_ios",
        "host": "127.0.0.1",
        "port": router.port,
        "username": "admin",
        "password": EXAMPLE_SECRETS["DMVPN_PASSWORD"],
        "secret": EXAMPLE_SECRETS["DMVPN_ENABLE_SECRET"],
        "fast_cli": True,
    }
    return ConnectHandler(**{**args, **options})
