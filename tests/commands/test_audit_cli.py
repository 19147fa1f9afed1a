"""``dmvpnprov audit`` as a subprocess: exit codes 0, 1 and 2, and no traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from dmvpnprov.commands.audit import audit_fleet
from tests.support.audit_cases import GOLDEN, load_env


def _audit(case: str, tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    folder = GOLDEN / case
    env = {**os.environ, **load_env(folder)}
    cmd = [sys.executable, "-m", "dmvpnprov.cli", "audit", "-i", str(folder / "inventory")]
    cmd += ["--running", str(folder / "running"), *args]
    return subprocess.run(cmd, cwd=tmp_path, env=env, capture_output=True, text=True, check=False)


def test_compliant_fleet_exits_0(tmp_path: Path) -> None:
    done = _audit("compliant-fleet", tmp_path, "--format", "json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["summary"]["non_compliant"] == 0


def test_findings_exit_1_and_fail_on_moves_the_threshold(tmp_path: Path) -> None:
    assert _audit("rule-type7-password", tmp_path, "--format", "json").returncode == 1
    done = _audit("rule-type7-password", tmp_path, "--format", "json", "--fail-on", "critical")
    assert done.returncode == 0, done.stderr


def test_missing_config_exits_2_and_still_writes_the_report(tmp_path: Path) -> None:
    done = _audit("drift-no-saved-config", tmp_path, "-o", "audit.json")
    assert done.returncode == 2
    data = json.loads((tmp_path / "audit.json").read_text())
    hosts = {h["host"]: h for h in data["hosts"]}
    assert hosts["spoke-c"]["reachable"] is False
    assert hosts["hub1"]["reachable"] is True


def test_bad_input_exits_2_without_traceback(tmp_path: Path) -> None:
    done = _audit("compliant-fleet", tmp_path, "--running", str(tmp_path / "nowhere"))
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert "no such folder" in done.stderr


def test_offline_audit_needs_no_secret_and_says_what_it_skipped(tmp_path: Path) -> None:
    folder = GOLDEN / "compliant-fleet"
    env = {k: v for k, v in os.environ.items() if not k.startswith("DMVPN_")}
    cmd = [sys.executable, "-m", "dmvpnprov.cli", "audit", "-i", str(folder / "inventory")]
    cmd += ["--running", str(folder / "running"), "--format", "json"]
    done = subprocess.run(cmd, cwd=tmp_path, env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr  # compliant without any secret
    assert "Traceback" not in done.stderr
    hosts = json.loads(done.stdout)["hosts"]
    for host in hosts:
        notes = [f for f in host["findings"] if f.get("rule") == "SOURCE-005"]
        assert len(notes) == 1 and notes[0]["severity"] == "info"
        assert "DMVPN_PSK" in notes[0]["message"] and "DMVPN_NHRP_AUTH" in notes[0]["message"]


def test_lab_with_running_is_an_error(tmp_path: Path) -> None:
    done = _audit("compliant-fleet", tmp_path, "--lab")
    assert done.returncode == 2
    assert "--lab and --running" in done.stderr
    assert "Traceback" not in done.stderr


def test_limit_reports_the_selection_with_the_hubs_as_context() -> None:
    folder = GOLDEN / "rule-network-id"
    report = audit_fleet(
        folder / "inventory",
        running=folder / "running",
        limit="spoke-b",
        environ=load_env(folder),
    )
    assert [h.host for h in report.hosts] == ["spoke-b"]
    assert "CLOUD-001" in {f.key for f in report.hosts[0].findings}  # compared with hub1
