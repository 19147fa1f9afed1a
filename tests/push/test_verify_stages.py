"""The live check reads a spoke stage by stage while its DMVPN forms (real netmiko, lab).

``observe(early=True)`` (each poll of push's live check) stops at the first stage not
yet up; what :func:`missing` says is the same as after reading everything, and once the
DMVPN is up it reads every command.
"""

from __future__ import annotations

from typing import Any

import pytest

from dmvpnprov.core.secrets import SecretStore
from dmvpnprov.dmvpn.network import compute, underlay_from_fleet
from dmvpnprov.inventory.load import load_fleet
from dmvpnprov.push.verify_live import expectations, missing, observe
from dmvpnprov.render.engine import render_fleet
from dmvpnprov.transport.dmvpn_show import parse_show_dmvpn
from tests.support.lab import ExampleLab
from tests.support.paths import EXAMPLE_INVENTORY
from tests.support.push import Pusher, lab_connector

pytestmark = pytest.mark.lab


class Recording:
    """A netmiko connection that remembers the commands sent through it."""

    def __init__(self, conn: Any) -> None:
        self.conn = conn
        self.sent: list[str] = []

    def send_command(self, command: str) -> str:
        self.sent.append(command)
        return str(self.conn.send_command(command))


def test_early_observation_stops_where_the_dmvpn_stops(
    example_lab: ExampleLab, push: Pusher
) -> None:
    fleet = load_fleet(EXAMPLE_INVENTORY, example_lab.environ)
    configs = render_fleet(fleet, SecretStore(example_lab.environ))
    expected = expectations(compute(configs, underlay_from_fleet(fleet)))["spoke-a"]
    conn = lab_connector(example_lab.routers["spoke-a"])(True)
    conn.enable()
    recording = Recording(conn)
    try:
        early = observe(recording, expected, early=True)
        assert recording.sent == ["show ip interface brief"]  # no Tunnel0 yet
        full = observe(recording, expected)
        assert len(recording.sent) > 2
        assert missing(expected, early) == missing(expected, full)
        assert (missing(expected, early) or "").startswith("Tunnel0 is missing")

        run = push(example_lab.targets, example_lab.environ, verify_timeout=30)
        assert all(r.ok and r.saved for r in run.results.values())
        recording.sent.clear()
        up = observe(recording, expected, early=True)
        assert missing(expected, up) is None
        assert recording.sent[-1] == "show ip route"
        assert "show crypto isakmp sa" in recording.sent
        assert "show ip eigrp neighbors" in recording.sent
    finally:
        conn.disconnect()


def test_a_hub_pushed_alone_is_checked_for_its_tunnel_and_spokes_register_later(
    example_lab: ExampleLab, push: Pusher
) -> None:
    """What the hub's check covers when its spokes come later (docs/push.md): the
    tunnel only; each spoke pushed afterwards is saved only once registered with it."""
    hub_run = push(example_lab.targets, example_lab.environ, limit="hub1", verify_timeout=30)
    hub = hub_run.results["hub1"]
    assert hub.saved and hub.live is not None and hub.live["up"]
    assert hub.live["expected"]["role"] == "hub"
    assert set(hub.live["seen"]) == {"tunnels"}  # no spoke is expected of it yet
    assert hub.live["seen"]["tunnels"] == {"Tunnel0": "up/up"}

    run = push(example_lab.targets, example_lab.environ, limit="spoke-a", verify_timeout=30)
    spoke = run.results["spoke-a"]
    assert spoke.saved and spoke.live is not None and spoke.live["up"]
    assert spoke.live["seen"]["nhs"] == {"10.0.0.1": "RE"}
    conn = lab_connector(example_lab.routers["hub1"])(True)
    conn.enable()
    try:
        rows = parse_show_dmvpn(conn.send_command("show dmvpn"))
    finally:
        conn.disconnect()
    assert [(p.tunnel, p.state, p.attrb) for p in rows] == [("10.0.0.10", "UP", "D")]
