"""Worker processes write the same bytes as one process, and nothing on a failure.

Workers are only forked from a single-threaded process, and the test session may run a
lab thread, so each case runs in a fresh interpreter.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.support.paths import DECK_CASE

SCRIPT = """
import resource, sys, threading
from pathlib import Path
from dmvpnprov.commands import render as render_run
from dmvpnprov.core.errors import UserError
from dmvpnprov.inventory.load import load_fleet
from dmvpnprov.render.files import prepare
from dmvpnprov.commands.render import RenderJob, render_files

inventory, output, workers = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
env = dict(arg.split("=", 1) for arg in sys.argv[4:] if arg != "--show-secrets")
show = "--show-secrets" in sys.argv  # a masked render needs no secret: only this can fail
render_run.PARALLEL_MIN_HOSTS = 1
assert threading.active_count() == 1
fleet = load_fleet(inventory, env)
names = [r.name for r in fleet.routers]
job = RenderJob(fleet, None, output, False, show, prepare(output), env)
try:
    status = render_files(job, names, workers=workers)
except UserError as exc:
    print("error:", exc)
else:
    print("written:", ",".join(status.written))
children = resource.getrusage(resource.RUSAGE_CHILDREN)
print("forked:", children.ru_utime + children.ru_stime > 0)
"""


def _run(output: Path, workers: int, env: dict[str, str], *flags: str) -> str:
    secrets = [f"{k}={v}" for k, v in env.items()] + list(flags)
    args = [sys.executable, "-c", SCRIPT, str(DECK_CASE / "inventory"), str(output), str(workers)]
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DMVPN_")}
    result = subprocess.run(
        [*args, *secrets], capture_output=True, text=True, check=False, env=clean
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_workers_write_what_one_process_writes(tmp_path: Path, deck_env: dict[str, str]) -> None:
    assert _run(tmp_path / "one", 1, deck_env) == "written: hub,spoke1\nforked: False"
    assert _run(tmp_path / "two", 2, deck_env) == "written: hub,spoke1\nforked: True"
    assert _files(tmp_path / "one") == _files(tmp_path / "two")


def test_a_failing_worker_leaves_the_folder_untouched(tmp_path: Path) -> None:
    output = tmp_path / "configs"
    result = _run(output, 2, {"DMVPN_PSK": "cisco47"}, "--show-secrets")
    error = "error: host hub: environment variable DMVPN_NHRP_AUTH is not set"
    assert result == f"{error}\nforked: True"
    assert not output.exists()


def test_workers_update_an_existing_folder_through_staging(
    tmp_path: Path, deck_env: dict[str, str]
) -> None:
    _run(tmp_path / "one", 1, deck_env)
    output = tmp_path / "two"
    output.mkdir()
    (output / "hub.cfg").write_text("stale\n")
    (output / "other.cfg").write_text("not ours\n")
    assert _run(output, 2, deck_env) == "written: hub,spoke1\nforked: True"
    assert _files(output) == {**_files(tmp_path / "one"), "other.cfg": b"not ours\n"}


def test_a_failing_worker_leaves_an_existing_folder_as_it_was(tmp_path: Path) -> None:
    output = tmp_path / "configs"
    output.mkdir()
    (output / "hub.cfg").write_text("old\n")
    result = _run(output, 2, {"DMVPN_PSK": "cisco47"}, "--show-secrets")
    assert result.startswith("error: host hub: environment variable DMVPN_NHRP_AUTH")
    assert _files(output) == {"hub.cfg": b"old\n"}
