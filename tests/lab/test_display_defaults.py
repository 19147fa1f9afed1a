"""The lab prints a typed ISAKMP policy and transform set as a real 15.x router did.

SirMysterion/wiki-techpatix holds both the typed config of its HQ-EDGE router
(networking/VPN.md @ e33d85a9c432cb844d74fd4f17d7693a17988b10) and the router's IOS 15.4
``show running-config`` (networking/CONFIGS/HQ-EDGE.md @ 5920cd3053338f2a7e7941bf1f94773
bd0ced693, quoted in tests/core/test_display_sources.py): ``encryption`` printed ``encr``,
the typed ``hash sha`` hidden, ``mode tunnel`` printed although never typed. (IOS also
put ``ah-sha-hmac`` first in the transform set; the lab does not reorder transforms, so
they are typed in the printed order here.)
"""

from __future__ import annotations

import pytest

from dmvpnprov.lab.network.server import LabRouter
from tests.support.display_captures import HQ_EDGE_15_4
from tests.support.lab import RouterFactory, netmiko_session

pytestmark = pytest.mark.lab

TYPED = [  # networking/VPN.md, the key line left out
    "crypto isakmp policy 10",
    "authentication pre-share",
    "encryption aes 256",
    "hash sha",
    "group 5",
    "lifetime 3600",
    "crypto ipsec transform-set 50 ah-sha-hmac esp-aes 256 esp-sha-hmac",
]


def _section(router: LabRouter, config: list[str]) -> list[str]:
    conn = netmiko_session(router)
    try:
        conn.enable()
        conn.send_config_set(config)
        out = str(conn.send_command("show running-config | section crypto"))
    finally:
        conn.disconnect()
    return [" ".join(x.split()) for x in out.splitlines() if x.strip() and x.strip() != "!"]


def test_15x_prints_the_typed_policy_as_the_real_router(lab_router: RouterFactory) -> None:
    shown = _section(lab_router(release="15.2(4)M3"), TYPED)
    real = [" ".join(x.split()) for x in HQ_EDGE_15_4.splitlines()[1:]]
    assert shown == real


def test_12_4_prints_no_untyped_mode_and_a_typed_mode_wins(lab_router: RouterFactory) -> None:
    shown = _section(lab_router(release="12.4(15)T"), TYPED)
    assert "mode tunnel" not in shown
    typed = [*TYPED, "mode transport"]
    shown = _section(lab_router(release="15.2(4)M3"), typed)
    assert "mode transport" in shown and "mode tunnel" not in shown
