"""The audit compares as the router prints: no perpetual drift from display forms."""

from __future__ import annotations

from pathlib import Path

from tests.support.audit_cases import GOLDEN, audit_folder, copy_running, edit_running

CASE = GOLDEN / "compliant-fleet"


def _hosts(folder: Path):  # type: ignore[no-untyped-def]
    return {h.host: h for h in audit_folder(CASE, folder).report.hosts}


def test_encr_and_shown_defaults_are_not_drift(tmp_path: Path) -> None:
    running = copy_running(CASE, tmp_path)
    edit_running(
        running,
        "hub1",
        " encryption aes 256\n",
        " encr aes 256\n hash sha\n lifetime 86400\n",
    )
    hosts, baseline = _hosts(running), _hosts(CASE / "running")
    assert [f.key for f in hosts["hub1"].findings] == [f.key for f in baseline["hub1"].findings]
    assert not any(f.rule == "CRYPTO-001" for f in hosts["hub1"].findings)  # not read as DES


def test_encr_3des_is_3des_not_des(tmp_path: Path) -> None:
    running = copy_running(CASE, tmp_path)
    edit_running(running, "hub1", " encryption aes 256\n", " encr 3des\n")
    hub = _hosts(running)["hub1"]
    rules = {f.rule for f in hub.findings}
    assert "CRYPTO-002" in rules
    assert "CRYPTO-001" not in rules
    fix = [line for f in hub.findings for line in f.remediation]
    assert " encr aes 256" in fix  # as 15.2 prints it: the fix settles
    assert not any("encryption" in line for line in fix)


def test_secondary_address_is_not_drift(tmp_path: Path) -> None:
    running = copy_running(CASE, tmp_path)
    edit_running(
        running,
        "hub1",
        " ip address 192.168.0.1 255.255.255.0\n",
        " ip address 192.168.0.1 255.255.255.0\n ip address 192.168.50.1 255.255.255.0 secondary\n",
    )
    hub = _hosts(running)["hub1"]
    assert hub.compliant == _hosts(CASE / "running")["hub1"].compliant
    assert not any(f.feature for f in hub.findings)
