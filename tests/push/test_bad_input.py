"""Bad input never hangs or ends in a traceback: exit 2 naming the file and what is wrong."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from dmvpnprov.cli import main
from dmvpnprov.lab.control import DAEMON_MODULE
from tests.support.paths import EXAMPLE_INVENTORY as EXAMPLE

ALIAS_BOMB = """
spoke-a:
  hostname: 192.0.2.10
  groups: [spokes, c3725]
  data:
    bomb0: &a0 [x, x, x, x, x, x, x, x, x, x]
    bomb1: &a1 [*a0, *a0, *a0, *a0, *a0, *a0, *a0, *a0, *a0, *a0]
    bomb2: &a2 [*a1, *a1, *a1, *a1, *a1, *a1, *a1, *a1, *a1, *a1]
    bomb3: &a3 [*a2, *a2, *a2, *a2, *a2, *a2, *a2, *a2, *a2, *a2]
    bomb4: &a4 [*a3, *a3, *a3, *a3, *a3, *a3, *a3, *a3, *a3, *a3]
    bomb5: &a5 [*a4, *a4, *a4, *a4, *a4, *a4, *a4, *a4, *a4, *a4]
    bomb6: &a6 [*a5, *a5, *a5, *a5, *a5, *a5, *a5, *a5, *a5, *a5]
    bomb7: &a7 [*a6, *a6, *a6, *a6, *a6, *a6, *a6, *a6, *a6, *a6]
    lans: [*a7, *a7, *a7, *a7, *a7, *a7, *a7, *a7, *a7, *a7]
"""


def _copy(tmp_path: Path) -> Path:
    folder = tmp_path / "inv"
    shutil.copytree(EXAMPLE, folder)
    return folder


def _validate(folder: Path, capsys: pytest.CaptureFixture[str]) -> str:
    assert main(["validate", "-i", str(folder)]) == 2
    out = capsys.readouterr()
    assert "Traceback" not in out.err
    return " ".join((out.out + out.err).split())


def test_a_yaml_alias_bomb_is_refused(
    tmp_path: Path, example_env: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _copy(tmp_path)
    (folder / "hosts.yaml").write_text(ALIAS_BOMB)
    said = _validate(folder, capsys)
    assert "hosts.yaml" in said and "alias bomb" in said


def test_a_5000_digit_integer_is_refused_with_its_line(
    tmp_path: Path, example_env: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _copy(tmp_path)
    text = (folder / "defaults.yaml").read_text()
    (folder / "defaults.yaml").write_text(
        text.replace("network_id: 99", "network_id: " + "9" * 5000)
    )
    said = _validate(folder, capsys)
    assert "defaults.yaml" in said and "5000 digits" in said


@pytest.mark.parametrize("kind", ["fifo", "/dev/zero"])
def test_an_inventory_file_that_is_not_a_regular_file_is_refused(
    tmp_path: Path, example_env: dict[str, str], capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    folder = _copy(tmp_path)
    groups = folder / "groups.yaml"
    groups.unlink()
    if kind == "fifo":
        os.mkfifo(groups)
    else:
        groups.symlink_to("/dev/zero")
    said = _validate(folder, capsys)
    assert "groups.yaml" in said and "not a regular file" in said


@pytest.fixture
def fake_daemon() -> Iterator[int]:
    """A live process whose command line names the lab daemon (state.json's pid)."""
    code = "import time; time.sleep(120)"
    proc = subprocess.Popen([sys.executable, "-c", code, DAEMON_MODULE])
    yield proc.pid
    proc.kill()
    proc.wait()


def test_a_lab_state_file_missing_a_key_is_exit_2(
    tmp_path: Path,
    example_env: dict[str, str],
    capsys: pytest.CaptureFixture[str],
    fake_daemon: int,
) -> None:
    lab_dir = tmp_path / "lab"
    lab_dir.mkdir()
    (lab_dir / "state.json").write_text(json.dumps({"pid": fake_daemon}))
    argv = ["push", "-i", str(EXAMPLE), "--dry-run", "--lab", "--lab-dir", str(lab_dir)]
    assert main(argv) == 2
    out = capsys.readouterr()
    assert "state.json" in out.err and "routers" in out.err
    assert "Traceback" not in out.err
