"""``dmvpnprov render`` as a subprocess: files, masking, --check, exit codes 0/1/2."""

from __future__ import annotations

import stat
from pathlib import Path

from tests.support.cli import Cli
from tests.support.paths import DECK_CASE


def test_render_writes_masked_files_then_check_passes(
    cli: Cli, tmp_path: Path, deck_env: dict[str, str]
) -> None:
    out = tmp_path / "configs"
    first = cli("render", "-i", str(DECK_CASE / "inventory"), "-o", str(out), env=deck_env)
    assert first.returncode == 0, first.stderr
    assert "2 written" in first.stdout
    files = sorted(p.name for p in out.iterdir())
    assert files == ["hub.cfg", "spoke1.cfg"]
    for path in out.iterdir():
        text = path.read_text()
        assert "crypto isakmp key ******** address 0.0.0.0" in text
        assert " ip nhrp authentication ********" in text
        for value in deck_env.values():
            assert value not in text
    mtimes = {p.name: p.stat().st_mtime_ns for p in out.iterdir()}
    check = cli(
        "render", "-i", str(DECK_CASE / "inventory"), "-o", str(out), "--check", env=deck_env
    )
    assert check.returncode == 0, check.stdout
    again = cli("render", "-i", str(DECK_CASE / "inventory"), "-o", str(out), env=deck_env)
    assert "0 written, 2 unchanged" in again.stdout
    assert {p.name: p.stat().st_mtime_ns for p in out.iterdir()} == mtimes


def test_check_exits_1_naming_stale_hosts(
    cli: Cli, tmp_path: Path, deck_env: dict[str, str]
) -> None:
    out = tmp_path / "configs"
    args = ("render", "-i", str(DECK_CASE / "inventory"), "-o", str(out))
    assert cli(*args, env=deck_env).returncode == 0
    hub = out / "hub.cfg"
    hub.write_text(hub.read_text().replace("ip mtu 1416", "ip mtu 1400"))
    (out / "spoke1.cfg").unlink()
    (out / "old-router.cfg").write_text("hostname old\n")
    check = cli(*args, "--check", env=deck_env)
    assert check.returncode == 1
    assert "differ: hub" in check.stdout
    assert "missing: spoke1" in check.stdout
    assert "left alone: old-router.cfg" in check.stdout
    assert not (out / "spoke1.cfg").exists(), "--check writes nothing"
    assert cli(*args, env=deck_env).returncode == 0
    assert (out / "old-router.cfg").read_text() == "hostname old\n", "never removes a file"
    assert cli(*args, "--check", env=deck_env).returncode == 0


def test_missing_secret_variable_exits_2_naming_it(cli: Cli, tmp_path: Path) -> None:
    # only --show-secrets needs the values; a masked render prints ******** without them
    args = ("render", "-i", str(DECK_CASE / "inventory"), "-o", "configs", "--show-secrets")
    result = cli(*args, env={"DMVPN_PSK": "x"})
    assert result.returncode == 2
    assert "DMVPN_NHRP_AUTH" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "configs").exists()


def test_show_secrets_writes_real_values_mode_0600(
    cli: Cli, tmp_path: Path, deck_env: dict[str, str]
) -> None:
    out = tmp_path / "configs"
    args = ("render", "-i", str(DECK_CASE / "inventory"), "-o", str(out), "--limit", "spoke1")
    result = cli(*args, "--show-secrets", env=deck_env)
    assert result.returncode == 0, result.stderr
    assert "REAL secret values" in result.stdout
    assert [p.name for p in out.iterdir()] == ["spoke1.cfg"]
    spoke = out / "spoke1.cfg"
    assert "crypto isakmp key cisco47 address 0.0.0.0" in spoke.read_text()
    assert stat.S_IMODE(spoke.stat().st_mode) == 0o600
    masked = cli(*args, env=deck_env)
    assert masked.returncode == 0
    assert "cisco47" not in spoke.read_text()
