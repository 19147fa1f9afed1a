"""A plan that went stale (someone changed the router since it was read) is not applied."""

from __future__ import annotations

from pathlib import Path

import pytest

from dmvpnprov.core.secrets import SecretStore
from dmvpnprov.inventory.load import load_fleet, select_routers
from dmvpnprov.push.apply import ApplyOptions
from dmvpnprov.push.rollout import apply_fleet, plan_fleet
from dmvpnprov.render.engine import render_fleet
from dmvpnprov.transport.connections import build_nornir, close_nornir
from dmvpnprov.transport.credentials import Credentials
from tests.support.lab import ExampleLab
from tests.support.paths import EXAMPLE_INVENTORY
from tests.support.push import body

pytestmark = pytest.mark.lab


@pytest.mark.parametrize("drift", [True, False])
def test_stale_plan_is_checked_again_before_sending(
    example_lab: ExampleLab, tmp_path: Path, drift: bool
) -> None:
    fleet = load_fleet(EXAMPLE_INVENTORY, example_lab.environ)
    routers = select_routers(fleet, "spoke-a")
    intended = render_fleet(fleet, SecretStore(example_lab.environ), names=["spoke-a"])
    creds = Credentials(example_lab.environ, interactive=False)
    nr = build_nornir(EXAMPLE_INVENTORY, targets=example_lab.targets, credentials=creds)
    try:
        plans = plan_fleet(nr, fleet, routers, intended, tmp_path)
        spoke = example_lab.routers["spoke-a"]
        if drift:  # a colleague configures the tunnel between plan and apply
            spoke.configure(["interface Tunnel0", " ip nhrp map 10.0.0.50 198.51.100.50"])
        before = spoke.running_config()
        results = apply_fleet(
            nr, list(plans.values()), ApplyOptions(recheck_after=0.0), mask=creds.mask
        )
    finally:
        close_nornir(nr)
    result = results["spoke-a"]
    if drift:
        assert result.error is not None and "changed since the plan" in result.error
        assert not result.rolled_back and not result.saved
        assert body(spoke.running_config()) == body(before)  # nothing sent
    else:
        assert result.ok and result.saved, result.error
