"""The audit over real-world saved files: banners, duplicates, binary files, backups.

A case is copied to a temporary folder and one router's saved config altered."""

from __future__ import annotations

import shutil
from pathlib import Path

from dmvpnprov.audit.model import Severity
from dmvpnprov.audit.sources import read_saved
from dmvpnprov.commands.audit import run_audit
from dmvpnprov.core.secrets import SecretStore
from dmvpnprov.inventory.load import load_fleet
from dmvpnprov.render.engine import render_fleet
from tests.support.audit_cases import GOLDEN, load_env

CASE = GOLDEN / "compliant-fleet"


def _audit(running: Path):  # type: ignore[no-untyped-def]
    env = load_env(CASE)
    fleet = load_fleet(CASE / "inventory", environ=env)
    store = SecretStore(env)
    intended = render_fleet(fleet, store)
    saved = read_saved(running, fleet.routers)
    report = run_audit(
        fleet,
        fleet.routers,
        intended,
        saved,
        secrets=store.values,
        fail_on=Severity.ERROR,
        workers=1,
    )
    return report, {h.host: h for h in report.hosts}


def _copy(tmp_path: Path) -> Path:
    target = tmp_path / "running"
    shutil.copytree(CASE / "running", target)
    return target


def _edit(folder: Path, host: str, before: str, after: str) -> None:
    path = next(folder.glob(f"{host}*"))
    text = path.read_text()
    assert before in text
    path.write_text(text.replace(before, after, 1))


def test_one_line_banners_and_duplicates_leave_the_router_compliant(tmp_path: Path) -> None:
    running = _copy(tmp_path)
    _edit(
        running,
        "spoke-a",
        "hostname spoke-a\n",
        "hostname spoke-a\nbanner motd ^C hi ^C\nbanner exec ^CC\n",
    )
    key = "crypto isakmp key cisco47 address 0.0.0.0\n"
    _edit(running, "spoke-b", key, key + key)
    mode = " tunnel mode gre multipoint\n"
    _edit(running, "spoke-b", mode, mode + mode)
    _, hosts = _audit(running)
    baseline = _audit(CASE / "running")[1]
    for name in ("spoke-a", "spoke-b"):
        assert hosts[name].compliant == baseline[name].compliant
        assert [f.key for f in hosts[name].findings] == [f.key for f in baseline[name].findings]


def test_a_binary_file_is_an_error_for_that_router_only(tmp_path: Path) -> None:
    running = _copy(tmp_path)
    (running / "spoke-a.cfg").write_bytes(b"\x7fELF\x00\x01\x02" * 100)
    report, hosts = _audit(running)
    assert not hosts["spoke-a"].reachable
    assert "binary" in hosts["spoke-a"].findings[0].message
    assert all(h.reachable for n, h in hosts.items() if n != "spoke-a")
    assert report.summary.unreachable == 1


def test_the_push_backup_layout_is_read_latest_file_per_host(tmp_path: Path) -> None:
    backups = tmp_path / "backups"
    for cfg in (CASE / "running").iterdir():
        folder = backups / cfg.stem
        folder.mkdir(parents=True)
        (folder / "20250101T000000Z.cfg").write_text("hostname stale\n")
        shutil.copy(cfg, folder / "20260102T030405Z.cfg")
    _, hosts = _audit(backups)
    baseline = _audit(CASE / "running")[1]
    assert all(h.reachable for h in hosts.values())
    assert {n: h.compliant for n, h in hosts.items()} == {
        n: h.compliant for n, h in baseline.items()
    }
