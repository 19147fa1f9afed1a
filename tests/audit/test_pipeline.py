"""The per-router audit pipeline in workers gives the report the in-process audit gives,
and a large fleet gets a summary on the terminal."""

from __future__ import annotations

import io
import logging
import threading
from pathlib import Path

import pytest
from rich.console import Console

from dmvpnprov.audit import pipeline
from dmvpnprov.audit.run import run_audit
from dmvpnprov.audit.sources import read_saved
from dmvpnprov.commands.audit import audit_fleet
from dmvpnprov.core.secrets import SecretStore
from dmvpnprov.inventory.load import load_fleet
from dmvpnprov.render.engine import render_fleet
from dmvpnprov.reporting.audit_table import render_table, table_renderable
from tests.support.scale_fleet import ENV, make_fleet


@pytest.fixture(scope="module")
def fleet60(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return make_fleet(tmp_path_factory.mktemp("fleet60"), 60)


def _old_way(inventory: Path, running: Path) -> str:
    fleet = load_fleet(inventory, ENV)
    store = SecretStore(ENV)
    intended = render_fleet(fleet, store)
    configs = read_saved(running, fleet.routers)
    report = run_audit(
        fleet,
        fleet.routers,
        intended,
        configs,
        secrets=store.values,
        workers=1,
        source=f"saved configs in {running}",
    )
    return report.to_json()


def test_workers_give_the_in_process_report(
    fleet60: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    inventory, running = fleet60
    monkeypatch.setattr(pipeline, "PARALLEL_MIN_HOSTS", 10)
    monkeypatch.setenv("DMVPNPROV_AUDIT_WORKERS", "2")
    with caplog.at_level(logging.DEBUG, logger="dmvpnprov.audit.pipeline"):
        forked = audit_fleet(inventory, running=running, environ=ENV).to_json()
    if threading.active_count() == 1:  # a lab thread of another test: no fork, same code
        assert "auditing 62 routers in 2 workers" in caplog.text
    monkeypatch.setenv("DMVPNPROV_AUDIT_WORKERS", "1")
    alone = audit_fleet(inventory, running=running, environ=ENV).to_json()
    assert forked == alone == _old_way(inventory, running)
    assert "ip nhrp holdtime 600" in forked and "CLOUD-001" in forked
    for secret in ENV.values():
        assert secret not in forked


def test_missing_saved_config_is_unreachable_in_workers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    inventory, running = make_fleet(tmp_path, 30)
    (running / "spoke0005.cfg").unlink()
    monkeypatch.setattr(pipeline, "PARALLEL_MIN_HOSTS", 10)
    monkeypatch.setenv("DMVPNPROV_AUDIT_WORKERS", "2")
    report = audit_fleet(inventory, running=running, environ=ENV)
    host = next(h for h in report.hosts if h.host == "spoke0005")
    assert not host.reachable
    assert report.summary.unreachable == 1


def test_large_fleet_terminal_view_is_a_summary(fleet60: tuple[Path, Path]) -> None:
    inventory, running = fleet60
    report = audit_fleet(inventory, running=running, environ=ENV)
    bad = sorted(h.host for h in report.hosts if not h.compliant)
    assert bad  # drifted spokes and the network-id one
    console = Console(width=160, record=True, color_system=None, file=io.StringIO())
    console.print(table_renderable(report, show_all=False))
    text = console.export_text()
    assert "Findings by severity" in text and "Drift by feature" in text
    assert "Findings by rule" in text and "CLOUD-001" in text
    for host in bad:
        assert host in text
    compliant = next(h.host for h in report.hosts if h.compliant)
    assert compliant not in text  # compliant routers are only counted
    full = render_table(report, width=160)  # --all, and the .txt file: every router
    assert compliant in full and "Findings by severity" not in full
