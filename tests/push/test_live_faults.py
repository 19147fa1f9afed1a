"""Lab faults against a pushed, working DMVPN: what ``show dmvpn`` says, what push
verification and ``verify --lab`` report.

Each test pushes the example inventory (verified, saved), then makes one fault: a hub
stopped and restarted, an underlay path blocked, a PSK changed by hand, a NAT in front
of a spoke.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from ipaddress import IPv4Address
from typing import Any

import pytest

from dmvpnprov.commands.verify_live import verify_live_fleet
from dmvpnprov.lab.network.server import LabServer
from dmvpnprov.lab.network.underlay import (
    block_path,
    change_by_hand,
    put_behind_nat,
    start_router,
    stop_router,
)
from dmvpnprov.transport.dmvpn_show import DmvpnPeer, parse_show_dmvpn
from tests.support.lab import ExampleLab
from tests.support.paths import EXAMPLE_INVENTORY
from tests.support.push import Pusher

pytestmark = pytest.mark.lab


def _dmvpn(lab: LabServer, example: ExampleLab, host: str) -> dict[str, DmvpnPeer]:
    router = example.routers[host]
    from dmvpnprov.lab.ios.show_dmvpn import show_dmvpn  # noqa: PLC0415

    text = show_dmvpn(lab.plane.state(router.name), router.state.release)
    return {p.tunnel: p for p in parse_show_dmvpn(text)}


def _until(check: Callable[[], Any], within: float = 20.0) -> Any:
    """Poll ``check`` until it is truthy (lab time runs 50x in the tests)."""
    deadline = time.monotonic() + within
    while not (got := check()) and time.monotonic() < deadline:
        time.sleep(0.1)
    return got


@pytest.fixture
def working(lab_server: LabServer, example_lab: ExampleLab, push: Pusher) -> ExampleLab:
    run = push(example_lab.targets, example_lab.environ, verify_timeout=30)
    assert all(r.ok and r.saved for r in run.results.values()), run.results
    return example_lab


def _verify(lab: ExampleLab) -> dict[str, Any]:
    return verify_live_fleet(EXAMPLE_INVENTORY, targets=lab.targets, environ=lab.environ)


def test_the_working_dmvpn_verifies_live(working: ExampleLab) -> None:
    result = _verify(working)
    assert result["summary"]["works"], (result["problems"], result["differences"])
    assert result["differences"] == []
    assert result["live"]["spoke-a"]["seen"]["nhs"] == {"10.0.0.1": "RE"}


def test_hub_stopped_then_restarted(
    lab_server: LabServer, working: ExampleLab, push: Pusher
) -> None:
    hub = working.routers["hub1"]
    stop_router(lab_server, hub.name)
    try:
        row = _dmvpn(lab_server, working, "spoke-a")["10.0.0.1"]
        assert row.state != "UP"
        change_by_hand(
            lab_server,
            working.routers["spoke-b"].name,
            ["interface Tunnel0", "ip nhrp holdtime 600"],
        )
        run = push(working.targets, working.environ, limit="spoke-b", verify_timeout=2)
        result = run.results["spoke-b"]
        assert result.rolled_back and not result.saved
        assert result.error is not None and result.error.startswith(
            "not registered with 10.0.0.1 after 2 s"
        )
    finally:
        start_router(lab_server, hub.name)
    assert _until(lambda: _dmvpn(lab_server, working, "spoke-a")["10.0.0.1"].state == "UP")
    peers = _until(lambda: len(_dmvpn(lab_server, working, "hub1")) == 3)
    assert peers
    assert _until(lambda: _verify(working)["summary"]["works"])


def test_underlay_path_blocked(lab_server: LabServer, working: ExampleLab) -> None:
    hub, spoke = working.routers["hub1"].name, working.routers["spoke-b"].name
    block_path(lab_server, hub, spoke)
    try:
        assert _dmvpn(lab_server, working, "spoke-b")["10.0.0.1"].state in ("IKE", "NHRP")
        assert "10.0.0.2" not in _dmvpn(lab_server, working, "hub1")
        result = _verify(working)
        assert not result["summary"]["works"]
        assert any(
            d.startswith("spoke-b: not registered with 10.0.0.1: IKE phase 1 to 130.25.13.1 fails")
            for d in result["differences"]
        ), result["differences"]
        assert not any(d.startswith("spoke-a") for d in result["differences"])
    finally:
        block_path(lab_server, hub, spoke, blocked=False)


def test_psk_changed_by_hand_on_a_spoke(
    lab_server: LabServer, working: ExampleLab, push: Pusher
) -> None:
    spoke = working.routers["spoke-b"]
    psk = working.environ["DMVPN_PSK"]
    change_by_hand(
        lab_server,
        spoke.name,
        [
            f"no crypto isakmp key {psk} address 0.0.0.0",
            "crypto isakmp key wrong-key address 0.0.0.0",
        ],
    )
    assert _dmvpn(lab_server, working, "spoke-b")["10.0.0.1"].state in ("IKE", "NHRP")
    result = _verify(working)
    assert not result["summary"]["works"]
    assert any(p["layer"] == "ike" for p in result["problems"]), result["problems"]
    assert any(d.startswith("spoke-b: not registered with 10.0.0.1") for d in result["differences"])
    assert "wrong-key" not in str(result)
    run = push(working.targets, working.environ, limit="spoke-b", verify_timeout=30)
    assert run.results["spoke-b"].ok and run.results["spoke-b"].saved, run.results["spoke-b"].error
    assert _dmvpn(lab_server, working, "spoke-b")["10.0.0.1"].state == "UP"


def test_nat_in_front_of_a_spoke(lab_server: LabServer, working: ExampleLab, push: Pusher) -> None:
    """The deck's IPsec tunnel mode behind a NAT: the hub never learns the spoke."""
    spoke = working.routers["spoke-a"]
    put_behind_nat(lab_server, spoke.name, IPv4Address("203.0.113.50"))
    try:
        assert _dmvpn(lab_server, working, "spoke-a")["10.0.0.1"].state != "UP"
        assert "10.0.0.10" not in _dmvpn(lab_server, working, "hub1")
        assert "10.0.0.2" in _dmvpn(lab_server, working, "hub1")
        result = _verify(working)
        # The model of the running configs knows no NAT: only the live check sees it.
        assert result["problems"] == []
        assert not result["summary"]["works"]
        assert any(
            d.startswith("spoke-a: not registered with 10.0.0.1") for d in result["differences"]
        )
    finally:
        put_behind_nat(lab_server, spoke.name, None)
    assert _until(lambda: "10.0.0.10" in _dmvpn(lab_server, working, "hub1"))


def test_verify_live_command_report_and_exit_codes(
    lab_server: LabServer, working: ExampleLab, capsys: pytest.CaptureFixture[str]
) -> None:
    from dmvpnprov.commands.verify_live import verify_live_command  # noqa: PLC0415

    def run(output_format: str | None = None) -> int:
        return verify_live_command(
            EXAMPLE_INVENTORY,
            lab=True,
            targets=working.targets,
            environ=working.environ,
            output_format=output_format,
        )

    assert run() == 0
    out = capsys.readouterr().out
    assert "DMVPN verify: works" in out
    assert "The 4 routers show what the model expects." in out
    hub, spoke = working.routers["hub1"].name, working.routers["spoke-c"].name
    block_path(lab_server, hub, spoke)
    try:
        assert run(output_format="json") == 1
    finally:
        block_path(lab_server, hub, spoke, blocked=False)
    doc = json.loads(capsys.readouterr().out)
    assert doc["summary"]["differences"] == 1
    assert doc["differences"][0].startswith("spoke-c: not registered with 10.0.0.1")
    assert working.environ["DMVPN_PSK"] not in json.dumps(doc)
