"""The push command: exit codes, JSON, confirmation, and no secret in any output."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from dmvpnprov.cli import main
from dmvpnprov.commands.push import push_command
from tests.support.lab import ExampleLab
from tests.support.paths import EXAMPLE_INVENTORY

KEYS = {
    "host",
    "role",
    "changed_lines",
    "saved",
    "verified",
    "rolled_back",
    "skipped",
    "error",
    "backup",
}


@pytest.mark.lab
def test_dry_run_push_json_then_dry_run_again_and_no_secret_anywhere(
    example_lab: ExampleLab, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    backups = tmp_path / "backups"

    def run(**options: Any) -> int:
        return push_command(
            inventory=EXAMPLE_INVENTORY,
            backups=backups,
            targets=example_lab.targets,
            limit="hub1,spoke-a,spoke-b",  # the telnet spoke's output is covered elsewhere
            **options,
        )

    outputs: list[str] = []

    assert run(dry_run=True) == 1  # changes to make
    assert not backups.exists()  # a dry run leaves no files behind
    out = capsys.readouterr()
    outputs += [out.out, out.err]
    assert "ip nhrp network-id 99" in out.out and "********" in out.out

    example_lab.routers["spoke-b"].faults = example_lab.routers["spoke-b"].faults.reject(
        "tunnel key 100000"
    )
    code = run(yes=True, output_format="json", max_fail=5)
    out = capsys.readouterr()
    outputs += [out.out, out.err]
    doc = json.loads(out.out)
    assert code == 1  # spoke-b failed
    assert {h["host"] for h in doc["hosts"]} == {"hub1", "spoke-a", "spoke-b"}
    assert all(set(h) == KEYS for h in doc["hosts"])
    failed = next(h for h in doc["hosts"] if h["host"] == "spoke-b")
    assert failed["rolled_back"] and not failed["saved"] and "rejected" in failed["error"]
    assert doc["summary"]["failed"] == 1 and doc["summary"]["saved"] == 2

    example_lab.routers["spoke-b"].faults = type(example_lab.routers["spoke-b"].faults)()
    assert run(yes=True) == 0
    out = capsys.readouterr()
    outputs += [out.out, out.err]
    assert "spoke-b" in out.out
    assert run(dry_run=True) == 0  # nothing left to do
    out = capsys.readouterr()
    outputs += [out.out, out.err]

    log_text = (backups / "push.log").read_text(encoding="utf-8")
    names = " ".join(str(p.relative_to(backups)) for p in backups.rglob("*"))
    for secret in example_lab.environ.values():
        for text in [*outputs, log_text, names]:
            assert secret not in text
    backup_files = list(backups.rglob("*.cfg"))
    assert backup_files and all(p.stat().st_mode & 0o777 == 0o600 for p in backup_files)
    # the backups keep the real config, so they can be restored
    assert any(example_lab.environ["DMVPN_PSK"] in p.read_text() for p in backup_files)


def test_no_lab_running_is_bad_input(
    example_env: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["push", "-i", str(EXAMPLE_INVENTORY), "--lab", "--lab-dir", str(tmp_path / "nolab")]
    assert main([*argv, "--dry-run"]) == 2
    assert "no lab running" in capsys.readouterr().err


def test_without_a_terminal_push_asks_for_yes(
    example_env: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["push", "-i", str(EXAMPLE_INVENTORY)]) == 2  # pytest's stdin is not a terminal
    assert "--yes" in capsys.readouterr().err


def test_missing_secret_and_bad_numbers_are_bad_input(
    example_env: dict[str, str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["push", "-i", str(EXAMPLE_INVENTORY), "--dry-run", "--workers", "0"]) == 2
    monkeypatch.delenv("DMVPN_PSK")
    assert main(["push", "-i", str(EXAMPLE_INVENTORY), "--dry-run", "--lab", "--lab-dir", "x"]) == 2
    assert "DMVPN_PSK" in capsys.readouterr().err
