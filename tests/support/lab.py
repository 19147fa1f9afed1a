"""The example inventory's lab: its test secrets and the routers standing in for its hosts."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

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
