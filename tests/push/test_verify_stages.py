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
