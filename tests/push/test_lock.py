"""One push at a time per backups folder and per inventory; a stale lock is taken over."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from dmvpnprov.cli import main
from dmvpnprov.core.errors import UserError
from dmvpnprov.push.lock import INVENTORY_LOCK_NAME, LOCK_NAME
from tests.support.lab import ExampleLab
from tests.support.paths import EXAMPLE_INVENTORY
from tests.support.push import Pusher

pytestmark = pytest.mark.lab


@pytest.fixture
def other_process() -> Iterator[subprocess.Popen[bytes]]:
    """A live process of this host that is not the test (a push holding the lock)."""
    proc = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
    yield proc
    proc.kill()
    proc.wait()


def _lock(folder: Path, pid: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / LOCK_NAME
    record = {"pid": pid, "host": socket.gethostname(), "started": "2026-01-01T00:00:00Z"}
    path.write_text(json.dumps({**record, "inventory": "inv", "command": "push"}))
    return path


def test_a_second_push_stops_naming_the_holder_and_touches_nothing(
    example_lab: ExampleLab, push: Pusher, tmp_path: Path, other_process: subprocess.Popen[bytes]
) -> None:
    backups = tmp_path / "backups"
    _lock(backups, other_process.pid)
    before = {n: r.running_config() for n, r in example_lab.routers.items()}
    with pytest.raises(UserError) as caught:
        push(example_lab.targets, example_lab.environ, backups=backups)
    assert f"pid {other_process.pid}" in str(caught.value)
    assert socket.gethostname() in str(caught.value)
    assert sorted(p.name for p in backups.iterdir()) == [LOCK_NAME]  # no backup, no log
    for name, router in example_lab.routers.items():
        assert router.running_config() == before[name]


def test_a_stale_lock_is_taken_over_with_a_message_and_released(
    example_lab: ExampleLab, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from dmvpnprov.commands.push import push_command  # noqa: PLC0415

    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    backups = tmp_path / "backups"
    lock = _lock(backups, dead.pid)
    code = push_command(
        inventory=Path("inventory"),
        backups=backups,
        targets=example_lab.targets,
        limit="hub1",
        yes=True,
        environ=example_lab.environ,
    )
    assert code == 0
    assert "stale lock" in capsys.readouterr().err
    assert not lock.exists()


def test_backups_pointing_at_a_file_is_exit_2(
    example_env: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "afile"
    target.write_text("x")
    code = main(["push", "-i", "inventory", "--backups", str(target), "--yes", "--lab"])
    assert code == 2
    out = capsys.readouterr()
    assert "not a folder" in out.err + out.out
    assert target.read_text() == "x"


def test_the_inventory_is_locked_too_whatever_the_backups_folder(
    example_lab: ExampleLab, push: Pusher, tmp_path: Path, other_process: subprocess.Popen[bytes]
) -> None:
    inventory = tmp_path / "inventory"
    shutil.copytree(EXAMPLE_INVENTORY, inventory)
    held = _lock(inventory, other_process.pid).rename(inventory / INVENTORY_LOCK_NAME)
    before = {n: r.running_config() for n, r in example_lab.routers.items()}
    with pytest.raises(UserError) as caught:
        push(example_lab.targets, example_lab.environ, inventory, backups=tmp_path / "other")
    assert str(held) in str(caught.value) and f"pid {other_process.pid}" in str(caught.value)
    for name, router in example_lab.routers.items():
        assert router.running_config() == before[name]
    assert not (tmp_path / "other" / LOCK_NAME).exists()  # the backups lock was given back
    held.unlink()
    done = push(example_lab.targets, example_lab.environ, inventory, backups=tmp_path / "other")
    assert done.applied
    assert not (inventory / INVENTORY_LOCK_NAME).exists()  # released after the push
