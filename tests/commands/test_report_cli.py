"""``dmvpnprov report`` as a user runs it: exit codes, output, no secret ever printed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from dmvpnprov.cli import main
from tests.support.paths import EXAMPLE_INVENTORY

SECRETS = {
    "DMVPN_PSK": "psk-Zq81",
    "DMVPN_NHRP_AUTH": "nh7Xw",
    "DMVPN_PASSWORD": "pw-Kk29",
    "DMVPN_ENABLE_SECRET": "en-Pp04",
}


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **SECRETS}
    return subprocess.run(
        [sys.executable, "-m", "dmvpnprov.cli", "report", "-i", str(EXAMPLE_INVENTORY), *args],
        cwd=cwd, env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip


def _no_secret(*texts: str) -> None:
    for text in texts:
        for value in SECRETS.values():
            assert value not in text


def test_json_exit_0(tmp_path: Path) -> None:
    done = _run("--spokes", "300", "--format", "json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    doc = json.loads(done.stdout)
    assert doc["hubs"][0]["spokes"] == 300
    _no_secret(done.stdout, done.stderr)


def test_default_table_and_html_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    for name, value in SECRETS.items():
        monkeypatch.setenv(name, value)
    assert main(["report", "-i", str(EXAMPLE_INVENTORY)]) == 0
    assert main(["report", "-i", str(EXAMPLE_INVENTORY), "--format", "html"]) == 0
    out, err = capsys.readouterr()
    assert "hub1" in out
    page = (tmp_path / "reports" / "savings.html").read_text(encoding="utf-8")
    assert "<svg" in page
    _no_secret(out, err, page)


def test_zero_spokes_exit_2(tmp_path: Path) -> None:
    done = _run("--spokes", "0", cwd=tmp_path)
    assert done.returncode == 2
    assert "--spokes" in done.stderr and "Traceback" not in done.stderr


def test_unwritable_output_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "file").write_text("x", encoding="utf-8")
    code = main(["report", "-i", str(EXAMPLE_INVENTORY), "-o", str(tmp_path / "file" / "r.json")])
    assert code == 2
    assert "cannot write" in capsys.readouterr().err


def test_missing_inventory_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", "-i", str(tmp_path / "none")]) == 2
    assert "dmvpnprov report:" in capsys.readouterr().err


def test_report_and_audit_refuse_a_file_name_without_a_format_alike(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    for key, value in SECRETS.items():
        monkeypatch.setenv(key, value)
    pdf = tmp_path / "savings.pdf"
    assert main(["report", "-i", str(EXAMPLE_INVENTORY), "-o", str(pdf)]) == 2
    report_err = capsys.readouterr().err
    case = Path(__file__).parents[1] / "golden" / "audit" / "compliant-fleet"
    args = ["-i", str(case / "inventory"), "--running", str(case / "running"), "-o", str(pdf)]
    assert main(["audit", *args]) == 2
    audit_err = capsys.readouterr().err
    wanted = f"{pdf}: cannot tell the format from the name; add --format"
    assert wanted in report_err and wanted in audit_err
    assert not pdf.exists()  # nothing written in another format under that name
