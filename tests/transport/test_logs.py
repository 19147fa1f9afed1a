"""What a push writes to the terminal and to push.log: one line per fault, no secret.

Each case runs a push in a child process (its own logging set up as the CLI does)
against an in-process lab started there, with ``-v`` or ``-vv``.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.support.lab import EXAMPLE_SECRETS
from tests.support.paths import ROOT

pytestmark = pytest.mark.lab

UNMANAGED_SECRET = "opsecret-7781"
SCRIPT = textwrap.dedent(
    """
    import os, socket, sys
    from dataclasses import replace
    from pathlib import Path
    from dmvpnprov.commands.logsetup import configure_logging
    from dmvpnprov.commands.push import push_command
    from dmvpnprov.inventory.load import load_fleet
    from dmvpnprov.lab.control import LabTarget
    from dmvpnprov.lab.fleet import specs_for_fleet
    from dmvpnprov.lab.network.server import LabServer
    from dmvpnprov.lab.state.faults import Faults

    inventory, backups, verbose = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
    configure_logging(verbose)
    server = LabServer()
    routers = {}
    for spec in specs_for_fleet(load_fleet(inventory), os.environ, inventory):
        if spec.name == "spoke-a":
            spec = replace(spec, faults=Faults(auth_failure=True))
        routers[spec.name] = server.add(spec)
    routers["hub1"].configure(["username op password 0 @SECRET@"])
    targets = {n: LabTarget("127.0.0.1", r.port, r.spec.device_type) for n, r in routers.items()}
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]
    targets["spoke-b"] = LabTarget("127.0.0.1", closed, "cisco_ios")
    code = push_command(inventory=inventory, backups=backups, targets=targets, yes=True,
                        max_fail=9, connect_retries=0)
    sys.exit(code)
    """
).replace("@SECRET@", UNMANAGED_SECRET)


def _run(tmp_path: Path, verbose: int) -> tuple[subprocess.CompletedProcess[str], str]:
    script = tmp_path / "push_with_logs.py"
    script.write_text(SCRIPT)
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), **EXAMPLE_SECRETS}
    done = subprocess.run(
        [sys.executable, str(script), str(ROOT / "inventory"), str(tmp_path / "b"), str(verbose)],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
        check=False,
    )
    log = tmp_path / "b" / "push.log"
    return done, log.read_text() if log.exists() else ""


def _no_secret(*texts: str) -> None:
    for text in texts:
        for value in (*EXAMPLE_SECRETS.values(), UNMANAGED_SECRET):
            assert value not in text


@pytest.mark.parametrize("verbose", [0, 1])
def test_one_line_per_failed_router_and_the_steps_in_push_log(tmp_path: Path, verbose: int) -> None:
    done, log = _run(tmp_path, verbose)
    assert done.returncode == 1
    _no_secret(done.stdout, done.stderr, log)
    assert "Traceback" not in done.stderr
    ours = [line for line in done.stderr.splitlines() if "dmvpnprov.lab." not in line]  # lab's
    lines = [line for line in ours if "spoke-a" in line]
    assert len(lines) == 1 and "authentication failed" in lines[0], done.stderr
    lines = [line for line in ours if "spoke-b" in line]
    assert len(lines) == 1 and "connection refused" in lines[0], done.stderr
    assert len(done.stderr) < 3000  # progress lines, never task arguments or configs
    for step in ("hub1: connecting", "hub1: saved", "spoke-c: saved"):
        assert step in log  # INFO steps recorded without -v
    assert "Traceback" in log  # the detail lives in push.log


def test_debug_output_masks_every_secret(tmp_path: Path) -> None:
    done, log = _run(tmp_path, 2)
    assert "DEBUG" in done.stderr  # netmiko's and paramiko's records are there
    _no_secret(done.stdout, done.stderr, log)
