"""``dmvpnprov demo`` from a clean folder: lab up, render, push, audit, report, lab down."""

from __future__ import annotations

from pathlib import Path

import pytest

from dmvpnprov.cli import main
from dmvpnprov.lab.control import read_state
from tests.support.paths import EXAMPLE_INVENTORY

pytestmark = [pytest.mark.lab, pytest.mark.slow]


def test_demo_runs_and_cleans_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in ("DMVPN_PSK", "DMVPN_NHRP_AUTH", "DMVPN_PASSWORD", "DMVPN_ENABLE_SECRET"):
        monkeypatch.delenv(name, raising=False)
    assert main(["demo", "-i", str(EXAMPLE_INVENTORY), "--workdir", str(tmp_path)]) == 0
    out = capsys.readouterr()
    assert "Lab-only random values set for" in out.out
    assert "4 saved" in out.out and "0 lines to send, 0 saved" in out.out
    assert read_state(tmp_path / ".dmvpnprov-lab") is None  # the lab is down
    assert sorted(p.name for p in (tmp_path / "configs").glob("*.cfg")) == [
        "hub1.cfg",
        "spoke-a.cfg",
        "spoke-b.cfg",
        "spoke-c.cfg",
    ]
    import os  # noqa: PLC0415

    for name in ("DMVPN_PSK", "DMVPN_NHRP_AUTH", "DMVPN_PASSWORD", "DMVPN_ENABLE_SECRET"):
        value = os.environ[name]  # set by the demo, for this process only
        assert value not in out.out and value not in out.err
        for path in (tmp_path / "configs").glob("*.cfg"):
            assert value not in path.read_text()


def test_keep_lab_needs_the_secrets_set_by_the_user(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("DMVPN_PSK", raising=False)
    assert (
        main(["demo", "-i", str(EXAMPLE_INVENTORY), "--workdir", str(tmp_path), "--keep-lab"]) == 2
    )
    assert "DMVPN_PSK" in capsys.readouterr().err
