"""The lab's fast modes give the same router states as the full model.

``compute(paths=False)`` (no LAN-to-LAN path walk) must give every router exactly the
state of the full computation, with the same problems but the ``path`` layer's; every
golden case, with and without a spoke-to-spoke demand.
"""

from __future__ import annotations

from ipaddress import IPv4Address
from pathlib import Path

import pytest

from dmvpnprov.commands.model import model_configs
from dmvpnprov.dmvpn.network import compute
from dmvpnprov.dmvpn.state import Demand
from dmvpnprov.dmvpn.underlay import underlay_from_fleet
from dmvpnprov.inventory.load import load

ENV = {"DMVPN_PSK": "k", "DMVPN_NHRP_AUTH": "a", "DMVPN_PASSWORD": "p", "DMVPN_ENABLE_SECRET": "e"}
GOLDEN = Path(__file__).parent / "golden"
CASES = sorted(p.name for p in GOLDEN.iterdir() if (p / "inventory").is_dir())


@pytest.mark.parametrize("case", CASES)
def test_without_paths_the_states_are_the_full_ones(case: str) -> None:
    loaded = load(GOLDEN / case / "inventory", ENV)
    fleet = loaded.fleet or loaded.partial  # a design validation refuses is still modelled
    assert fleet is not None
    running = GOLDEN / case / "running"
    configs = model_configs(fleet, running if running.is_dir() else None)
    underlay = underlay_from_fleet(fleet)
    spoke = next((r.name for r in fleet.routers if not r.is_hub), None)
    demands = (Demand(spoke, IPv4Address("192.168.2.37"), 5.0),) if spoke else ()
    for asked in ((), demands):
        full = compute(configs, underlay, asked)
        fast = compute(configs, underlay, asked, paths=False)
        assert fast.routers == full.routers
        assert fast.problems == tuple(p for p in full.problems if p.layer != "path")
        assert all(p.layer != "path" for p in fast.problems)


def test_a_broken_case_keeps_its_non_path_problems() -> None:
    case = GOLDEN / "psk_mismatch"
    loaded = load(case / "inventory", ENV)
    fleet = loaded.fleet or loaded.partial
    assert fleet is not None
    configs = model_configs(fleet, case / "running" if (case / "running").is_dir() else None)
    full = compute(configs, underlay_from_fleet(fleet))
    fast = compute(configs, underlay_from_fleet(fleet), paths=False)
    assert not fast.works
    assert {p.layer for p in fast.problems} & {"ike", "nhrp"}
    assert any(p.layer == "path" for p in full.problems)  # the fast mode really skips some
