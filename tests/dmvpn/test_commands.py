"""verify's formats, validate's design check, audit's works verdict, trace when it fails."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from ipaddress import IPv4Address
from pathlib import Path

import pytest

from dmvpnprov.audit.works import RULE, works_findings
from dmvpnprov.commands.model import model_configs, run_model
from dmvpnprov.commands.validate import design_problems
from dmvpnprov.commands.verify import verify_fleet
from dmvpnprov.dmvpn.trace import trace
from dmvpnprov.inventory.load import load, load_fleet
from dmvpnprov.reporting.verify import render

ENV = {"DMVPN_PSK": "k", "DMVPN_NHRP_AUTH": "a", "DMVPN_PASSWORD": "p", "DMVPN_ENABLE_SECRET": "e"}
GOLDEN = Path(__file__).parent / "golden"
RENDER = Path(__file__).parent.parent / "golden" / "render"


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch) -> None:
    for key, value in ENV.items():
        monkeypatch.setenv(key, value)


def test_every_format_names_the_problem(env: None) -> None:
    case = GOLDEN / "tunnel_key_mismatch"
    v = verify_fleet(case / "inventory", running=case / "running")
    assert not v["summary"]["works"]
    for fmt in ("table", "json", "junit", "markdown", "html"):
        text = render(v, fmt)
        assert "tunnel keys differ (spoke-b: 100001; hub1: 100000)" in text, fmt
    assert json.loads(render(v, "json"))["problems"][0]["layer"] == "nhrp"
    assert 'failures="1"' in render(v, "junit")


def test_limit_keeps_the_problems_of_the_chosen_routers(env: None) -> None:
    case = GOLDEN / "tunnel_key_mismatch"
    only_a = verify_fleet(case / "inventory", running=case / "running", limit="spoke-c")
    assert all("spoke-c" in p["routers"] for p in only_a["problems"])
    only_b = verify_fleet(case / "inventory", running=case / "running", limit="spoke-b")
    assert any(p["layer"] == "nhrp" for p in only_b["problems"])


def test_validate_refuses_a_design_that_does_not_work() -> None:
    # The inventory rules refuse this design first; the model agrees on why.
    case = GOLDEN / "hub_summary_missing_lan" / "inventory"
    partial = load(case, ENV).partial
    assert partial is not None
    assert any("192.168.2." in p.message for p in design_problems(partial))
    env = {**os.environ, **ENV}
    done = subprocess.run(
        [sys.executable, "-m", "dmvpnprov.cli", "validate", "-i", str(case)],
        capture_output=True, text=True, env=env, check=False,
    )  # fmt: skip
    assert done.returncode == 2
    assert "routing.hub_summary" in done.stdout + done.stderr
    assert not design_problems(load_fleet(RENDER / "phase1" / "inventory", ENV))


def test_audit_works_finding_names_the_routers_and_the_cause() -> None:
    case = GOLDEN / "nbma_wrong_hub"
    fleet = load_fleet(case / "inventory", ENV)
    found = works_findings(fleet, model_configs(fleet, case / "running"))
    assert set(found) == {"spoke-b", "hub1"}
    finding = found["spoke-b"][0]
    assert finding.rule == RULE and finding.severity.value == "critical"
    assert "maps NHS 10.0.0.1 to 130.25.13.2" in finding.message
    fleet_ok = load_fleet(GOLDEN / "example_works" / "inventory", ENV)
    assert works_findings(fleet_ok, model_configs(fleet_ok, None)) == {}


def test_trace_stops_where_the_path_fails() -> None:
    case = GOLDEN / "spoke_no_multicast"
    fleet = load_fleet(case / "inventory", ENV)
    a = run_model(fleet, model_configs(fleet, case / "running"), include=["spoke-a", "spoke-b"])
    result = trace(a, "spoke-a", IPv4Address("192.168.2.37"))
    steps = result.steps
    assert not result.arrives
    assert "spoke-a has no route to 192.168.2.37" in steps[-1]


def test_trace_phase3_goes_through_the_hub_then_shortcuts() -> None:
    fleet = load_fleet(GOLDEN / "phase3_eigrp_works" / "inventory", ENV)
    a = run_model(fleet, include=["spoke-a", "spoke-b"])
    result = trace(a, "spoke-a", IPv4Address("192.168.2.37"))
    steps = result.steps
    assert "192.168.0.0/16" in steps[1] and "via 10.0.0.1" in steps[1]
    assert "spoke-a -> hub1 -> spoke-b" in steps[2]
    assert "NHRP redirect" in steps[3] and "158.200.2.181" in steps[3]


def test_trace_cli_bad_input_exits_2() -> None:
    env = {**os.environ, **ENV}
    for args in (["nosuchhost", "192.168.2.37"], ["spoke-a", "not-an-ip"]):
        done = subprocess.run(
            [sys.executable, "-m", "dmvpnprov.cli", "trace", "-i", "inventory", *args],
            capture_output=True, text=True, env=env, check=False,
        )  # fmt: skip
        assert done.returncode == 2, args
        assert "Traceback" not in done.stderr
