"""Golden designs: each folder's inventory (and running configs) verifies as expected."""

from __future__ import annotations

import json
import subprocess
import sys
from ipaddress import IPv4Address
from pathlib import Path

import pytest

from dmvpnprov.commands.model import model_configs, run_model
from dmvpnprov.core.models import Fleet
from dmvpnprov.dmvpn.trace import trace
from dmvpnprov.dmvpn.verdict import verdict
from dmvpnprov.inventory.load import load, load_fleet

HERE = Path(__file__).parent
CASES = sorted(p for p in (HERE / "golden").iterdir() if (p / "expected.json").is_file())
RENDER = sorted((HERE.parent / "golden" / "render").iterdir())
ENV = {"DMVPN_PSK": "k", "DMVPN_NHRP_AUTH": "a", "DMVPN_PASSWORD": "p", "DMVPN_ENABLE_SECRET": "e"}
# Known broken in the templates (the model says why; see docs/verify.md). Empty since
# the templates mesh dual hubs (NHRP, multicast, NHS, iBGP) and validation requires
# transport mode behind NAT.
BROKEN_RENDER: dict[str, str] = {}
# What the model must say for each (layer, routers, words of the message).
BROKEN_WHY: dict[str, list[tuple[str, list[str], str]]] = {}
# Designs the old templates rendered broken and today's render working (rendered from the
# inventory, no saved running configs): the model must now say they work.
FIXED_BY_TEMPLATES = {
    "dual_hub_unmeshed": "the hubs now map, multicast-map and register with each other",
    "ospf_dual_hub": "the hubs now map each other: one DR, one BDR",
}


def _fleet(inventory: Path) -> Fleet:
    """The case's fleet; a design that validation refuses is still modelled (verify's job)."""
    loaded = load(inventory, ENV)
    fleet = loaded.fleet or loaded.partial
    assert fleet is not None
    return fleet


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_golden_case(case: Path) -> None:
    expected = json.loads((case / "expected.json").read_text())
    fleet = _fleet(case / "inventory")
    running = case / "running" if (case / "running").is_dir() else None
    v = verdict(run_model(fleet, model_configs(fleet, running)))
    if case.name in FIXED_BY_TEMPLATES:
        assert v["summary"]["works"], [p["message"] for p in v["problems"]]
        return
    assert v["summary"]["works"] is expected["works"]
    got = {(p["layer"], tuple(p["routers"])) for p in v["problems"]}
    want = {(p["layer"], tuple(p["routers"])) for p in expected["problems"]}
    assert got == want


@pytest.mark.parametrize("case", RENDER, ids=[c.name for c in RENDER])
def test_golden_render_case_verifies(case: Path) -> None:
    fleet = load_fleet(case / "inventory", ENV)
    configs = {p.stem: p.read_text() for p in (case / "expected").glob("*.cfg")}
    v = verdict(run_model(fleet, configs))
    if case.name in BROKEN_RENDER:
        assert not v["summary"]["works"]
        for layer, routers, words in BROKEN_WHY[case.name]:
            assert any(
                p["layer"] == layer and p["routers"] == routers and words in p["message"]
                for p in v["problems"]
            ), (layer, routers, words)
        pytest.xfail(BROKEN_RENDER[case.name])
    assert v["summary"]["works"], [p["message"] for p in v["problems"]]


def test_trace_reproduces_the_deck() -> None:
    fleet = load_fleet(Path("inventory"), ENV)
    a = run_model(fleet, include=["spoke-a", "spoke-b"])
    result = trace(a, "spoke-a", IPv4Address("192.168.2.37"))
    steps = result.steps
    assert result.arrives
    assert len(steps) == 8
    assert "via 10.0.0.2" in steps[1] and "Tunnel0" in steps[1]
    assert "NHS 10.0.0.1 (hub1)" in steps[2] and "130.25.13.1" in steps[2]
    assert "158.200.2.181" in steps[3] and "10.0.0.2" in steps[3]
    assert "158.200.2.181" in steps[4] and "173.1.13.101" in steps[4] and "QM_IDLE" in steps[4]
    assert "directly" in steps[5]
    assert "10.0.0.10" in steps[6] and "173.1.13.101" in steps[6]
    assert "300 s" in steps[7]


def test_verify_cli_json_and_exit_codes(tmp_path: Path) -> None:
    env = {**ENV, "PATH": ""}
    ok = subprocess.run(
        [sys.executable, "-m", "dmvpnprov.cli", "verify", "-i", "inventory", "--format", "json"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert ok.returncode == 0, ok.stderr
    assert set(json.loads(ok.stdout)) == {
        "clouds",
        "problems",
        "adjacencies",
        "reachability",
        "summary",
    }
    case = HERE / "golden" / "no_common_isakmp"
    bad = subprocess.run(
        [
            sys.executable,
            "-m",
            "dmvpnprov.cli",
            "verify",
            "-i",
            str(case / "inventory"),
            "--running",
            str(case / "running"),
        ],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert bad.returncode == 1
    assert (
        "no common ISAKMP policy (spoke-b: aes 256/sha/group 14; hub1: des/sha/group 1)"
        in bad.stdout
    )
    missing = subprocess.run(
        [
            sys.executable,
            "-m",
            "dmvpnprov.cli",
            "verify",
            "-i",
            "inventory",
            "--running",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert missing.returncode == 2


def test_deck_verbatim_names_area_0_and_the_missing_multicast_map() -> None:
    case = HERE / "golden" / "deck_verbatim"
    fleet = _fleet(case / "inventory")
    v = verdict(run_model(fleet, model_configs(fleet, case / "running")))
    messages = " | ".join(p["message"] for p in v["problems"])
    assert "`network 10.0.0.0 0.0.0.255 area 0` under router eigrp 1" in messages
    assert (
        "spoke1 -> hub: no multicast mapping to hub (`ip nhrp map multicast 172.17.0.1`)"
        in messages
    )
    assert "cisco47" not in messages and "donttell" not in messages
