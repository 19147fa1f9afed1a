"""Post-push verification against the lab running the control-plane model.

A push saves a router only once its DMVPN is up (hub: tunnel up; spoke: registered with
its NHS, IKE SA, EIGRP neighbour, the hub's routes); otherwise it rolls the router back,
saves nothing and says why in one line. ``verify=False`` (``--no-verify``) saves without
looking and says so in the result.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from dmvpnprov.lab.ios.show_dmvpn import show_dmvpn
from dmvpnprov.lab.network.server import LabServer
from dmvpnprov.lab.network.underlay import block_path
from dmvpnprov.transport.dmvpn_show import parse_show_dmvpn
from tests.support.lab import ExampleLab
from tests.support.push import Pusher, body

pytestmark = pytest.mark.lab


@pytest.fixture
def fast_lab(lab_server: LabServer) -> Iterator[LabServer]:
    """Lab time 50x: registration in 0.1 s, EIGRP hellos in 0.2 s."""
    before = lab_server.plane.scale
    lab_server.plane.set_scale(50)
    yield lab_server
    lab_server.plane.set_scale(before)


def test_a_push_saves_each_router_once_its_dmvpn_is_up(
    fast_lab: LabServer, example_lab: ExampleLab, push: Pusher
) -> None:
    run = push(example_lab.targets, example_lab.environ, verify_timeout=30)
    for name, result in run.results.items():
        assert result.ok and result.saved, (name, result.error)
        assert result.live is not None and result.live["checked"] and result.live["up"], name
        assert result.as_dict()["live"]["missing"] is None
    spoke = run.results["spoke-a"].live
    assert spoke is not None
    assert spoke["expected"]["nhs"] == [{"address": "10.0.0.1", "nbma": "130.25.13.1"}]
    assert spoke["seen"]["ike"]["130.25.13.1"] == "QM_IDLE"
    assert "192.168.0.0/24" in spoke["expected"]["routes"]
    hub = example_lab.routers["hub1"]
    shown = show_dmvpn(fast_lab.plane.state(hub.name), hub.state.release)
    peers = {p.tunnel: p.state for p in parse_show_dmvpn(shown)}
    assert peers == {"10.0.0.2": "UP", "10.0.0.3": "UP", "10.0.0.10": "UP"}


def test_a_spoke_that_cannot_reach_its_hub_is_rolled_back_and_not_saved(
    fast_lab: LabServer, example_lab: ExampleLab, push: Pusher
) -> None:
    push(example_lab.targets, example_lab.environ, limit="hub1", verify_timeout=30)
    hub, spoke = example_lab.routers["hub1"], example_lab.routers["spoke-b"]
    block_path(fast_lab, hub.name, spoke.name)
    try:
        startup = spoke.startup_config()
        run = push(example_lab.targets, example_lab.environ, limit="spoke-b", verify_timeout=3)
    finally:
        block_path(fast_lab, hub.name, spoke.name, blocked=False)
    result = run.results["spoke-b"]
    assert not result.saved and result.rolled_back and not result.verified
    assert result.error is not None
    assert result.error.startswith("not registered with 10.0.0.1 after 3 s: IKE phase 1 to")
    assert "130.25.13.1 fails" in result.error
    assert body(spoke.startup_config()) == body(startup)
    assert "interface Tunnel0" not in spoke.running_config()
    assert result.live is not None and result.live["up"] is False


def test_no_verify_saves_without_looking_and_says_so(
    fast_lab: LabServer, example_lab: ExampleLab, push: Pusher
) -> None:
    run = push(example_lab.targets, example_lab.environ, limit="spoke-a", verify=False)
    result = run.results["spoke-a"]
    assert result.ok and result.saved
    assert result.live == {"checked": False, "why": "--no-verify"}
