"""Worker processes write the same bytes as one process, and nothing on a failure."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from dmvpnprov import render_run
from dmvpnprov.errors import UserError
from dmvpnprov.models import Fleet
from dmvpnprov.render_files import prepare
from dmvpnprov.render_run import RenderJob, render_files


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def _job(fleet: Fleet, output: Path, check: bool = False) -> RenderJob:
    existing = prepare(output)
    return RenderJob(fleet, None, output, check, show_secrets=False, existing=existing)


def test_workers_write_what_one_process_writes(
    tmp_path: Path, deck_fleet: Fleet, deck_env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in deck_env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(render_run, "PARALLEL_MIN_HOSTS", 1)
    assert threading.active_count() == 1, "workers are only forked from a single thread"
    names = [r.name for r in deck_fleet.routers]
    serial = render_files(_job(deck_fleet, tmp_path / "one"), names, workers=1)
    parallel = render_files(_job(deck_fleet, tmp_path / "two"), names, workers=2)
    assert serial.written == parallel.written == names
    assert _files(tmp_path / "one") == _files(tmp_path / "two")
    check = render_files(_job(deck_fleet, tmp_path / "two", check=True), names, workers=2)
    assert check.unchanged == names and not check.differs and not check.missing


def test_a_failing_worker_leaves_the_folder_untouched(
    tmp_path: Path, deck_fleet: Fleet, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DMVPN_PSK", "cisco47")
    monkeypatch.delenv("DMVPN_NHRP_AUTH", raising=False)
    monkeypatch.setattr(render_run, "PARALLEL_MIN_HOSTS", 1)
    output = tmp_path / "configs"
    names = [r.name for r in deck_fleet.routers]
    with pytest.raises(UserError, match="DMVPN_NHRP_AUTH is not set"):
        render_files(_job(deck_fleet, output), names, workers=2)
    assert not output.exists()
