"""Small valid inventories written from dicts, for the inventory and validation tests."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

Tree = dict[str, Any]
Mutate = Callable[[Tree, Tree, Tree], None]

ENV = {
    "DMVPN_PSK": "cisco47",
    "DMVPN_NHRP_AUTH": "donttell",
    "DMVPN_PASSWORD": "pw",
    "DMVPN_ENABLE_SECRET": "en",
}

_PROFILE = {
    "ike_version": 1,
    "isakmp": {"priority": 1},
    "psk": {"env": "DMVPN_PSK"},
    "transform_set": {"name": "trans2", "transforms": ["esp-des", "esp-md5-hmac"]},
    "ipsec_profile": "vpnprof",
}
_CLOUD = {
    "tunnel_subnet": "10.0.0.0/24",
    "network_id": 99,
    "tunnel_key": 100000,
    "nhrp_auth": {"env": "DMVPN_NHRP_AUTH"},
    "holdtime": 300,
    "ip_mtu": 1416,
    "routing": {"protocol": "eigrp", "asn": 1},
    "crypto_profile": "deck",
}
DEFAULTS: Tree = {
    "username": "admin",
    "platform": "cisco_ios",
    "data": {
        "credentials": {"password": {"env": "DMVPN_PASSWORD"}},
        "crypto_profiles": {"deck": _PROFILE},
        "clouds": {"dmvpn1": _CLOUD},
    },
}
GROUPS: Tree = {
    "hubs": {"data": {"role": "hub"}},
    "spokes": {"data": {"role": "spoke"}},
    "c7200": {"data": {"platform": "7200", "ios_release": "15.2(4)M3"}},
    "c3725": {"data": {"platform": "3725", "ios_release": "12.4(15)T14"}},
}


def _spoke(tunnel: str, public: str, lan: str) -> Tree:
    return {
        "groups": ["spokes", "c3725"],
        "data": {
            "tunnels": [{"cloud": "dmvpn1", "address": tunnel, "nhs": ["hub1"]}],
            "nbma": {"interface": "FastEthernet0/0", "address": public},
            "lans": [{"interface": "FastEthernet0/1", "address": lan}],
        },
    }


HOSTS: Tree = {
    "hub1": {
        "hostname": "192.0.2.1",
        "groups": ["hubs", "c7200"],
        "data": {
            "tunnels": [{"cloud": "dmvpn1", "address": "10.0.0.1"}],
            "nbma": {"interface": "GigabitEthernet0/1", "address": "130.25.13.1/24"},
            "lans": [{"interface": "GigabitEthernet0/2", "address": "192.168.0.1/24"}],
        },
    },
    "spoke-a": _spoke("10.0.0.10", "173.1.13.101/24", "192.168.1.1/24"),
    "spoke-b": _spoke("10.0.0.2", "158.200.2.181/24", "192.168.2.1/24"),
}


def write_inventory(folder: Path, hosts: Tree, groups: Tree, defaults: Tree) -> Path:
    """Write the three SimpleInventory files into ``folder`` and return it."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, tree in (("hosts", hosts), ("groups", groups), ("defaults", defaults)):
        text = yaml.safe_dump(tree, sort_keys=False)
        (folder / f"{name}.yaml").write_text(text, encoding="utf-8")
    return folder


def make_inventory(folder: Path, mutate: Mutate | None = None) -> Path:
    """Write the small valid inventory above into ``folder``, after ``mutate(h, g, d)``."""
    hosts, groups, defaults = (copy.deepcopy(t) for t in (HOSTS, GROUPS, DEFAULTS))
    if mutate is not None:
        mutate(hosts, groups, defaults)
    return write_inventory(folder, hosts, groups, defaults)
