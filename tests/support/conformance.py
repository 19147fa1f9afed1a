"""What the conformance tests share: the platforms of the matrix and a router maker.

Each third-party client (netmiko, scrapli, NAPALM, ntc-templates, OpenSSH, Ansible)
is run against each lab platform below; ``docs/lab.md`` publishes the matrix.
"""

from __future__ import annotations

from dmvpnprov.core.hardware import HARDWARE
from dmvpnprov.core.platforms import Platform, has_feature
from dmvpnprov.lab.network.server import LabRouter
from tests.support.lab import RouterFactory

# (platform, release): one per platform family and SSH profile.
MATRIX: list[tuple[Platform, str]] = [
    (Platform.C2600, "12.2(13)T"),
    (Platform.C1700, "12.4(15)T"),
    (Platform.C3725, "12.4(15)T14"),
    (Platform.C2600XM, "12.4(25d)"),
    (Platform.C7200, "15.2(4)M3"),
    (Platform.ISR4000, "17.3.4a"),
]
IDS = [f"{p.value}-{r}" for p, r in MATRIX]


def managed_router(lab_router: RouterFactory, platform: Platform, release: str) -> LabRouter:
    """A router set up as automation expects: SCP server on, archive where it exists."""
    extra = ["configure terminal", "ip scp server enable", "file prompt quiet"]
    if has_feature(release, "config_replace"):
        extra += ["archive", f" path {HARDWARE[platform].file_system}archive", " write-memory"]
    return lab_router(platform=platform, release=release, extra_config=(*extra, "end"))
