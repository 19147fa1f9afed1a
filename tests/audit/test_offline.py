"""Offline without credentials: render masks without secrets, validate needs no login
credentials, an offline audit without the PSK/NHRP key compares everything else."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.support.audit_cases import GOLDEN, copy_running, edit_running, load_env

CASE = GOLDEN / "compliant-fleet"


def _run(args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "dmvpnprov.cli", *args]
    return subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, check=False)


def _env(keep: tuple[str, ...] = ()) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DMVPN_")}
    return {**env, **{k: v for k, v in load_env(CASE).items() if k in keep}}


def test_render_masks_without_any_secret(tmp_path: Path) -> None:
    done = _run(["render", "-i", str(CASE / "inventory"), "-o", "out"], tmp_path, _env())
    assert done.returncode == 0, done.stderr
    text = "\n".join(p.read_text() for p in (tmp_path / "out").iterdir())
    assert "crypto isakmp key ******** address" in text
    shown = _run(
        ["render", "-i", str(CASE / "inventory"), "-o", "o2", "--show-secrets"], tmp_path, _env()
    )
    assert shown.returncode == 2
    assert "DMVPN_" in shown.stderr and "Traceback" not in shown.stderr


def test_validate_needs_no_login_credentials(tmp_path: Path) -> None:
    env = _env(keep=("DMVPN_PSK", "DMVPN_NHRP_AUTH"))
    done = _run(["validate", "-i", str(CASE / "inventory")], tmp_path, env)
    assert done.returncode == 0, done.stdout + done.stderr


def test_offline_audit_without_secrets_still_finds_other_drift(tmp_path: Path) -> None:
    running = copy_running(CASE, tmp_path)
    edit_running(running, "spoke-a", " ip nhrp holdtime 300\n", " ip nhrp holdtime 600\n")
    args = ["audit", "-i", str(CASE / "inventory"), "--running", str(running), "--format", "json"]
    done = _run(args, tmp_path, _env())
    assert done.returncode == 1, done.stderr
    hosts = {h["host"]: h for h in json.loads(done.stdout)["hosts"]}
    drift = [f for f in hosts["spoke-a"]["findings"] if f.get("feature")]
    assert [f["feature"] for f in drift] == ["tunnel"]
    assert " ip nhrp holdtime 300" in drift[0]["remediation"]
    assert not any(
        f.get("feature") for n, h in hosts.items() if n != "spoke-a" for f in h["findings"]
    )
