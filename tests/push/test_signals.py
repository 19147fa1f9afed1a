"""SIGTERM is handled like Ctrl-C; a second signal aborts, naming every router's state.

Each case runs a push in a child process (an abort ends its process) against an
in-process lab started in that child; the child signals itself once the first config
lines reached a router, as ``timeout``, CI cancellation or systemd would.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.support.lab import EXAMPLE_SECRETS
from tests.support.paths import ROOT

pytestmark = pytest.mark.lab

SCRIPT = textwrap.dedent(
    """
    import os, signal, sys, threading, time
    from dataclasses import replace
    from pathlib import Path
    from dmvpnprov.commands.push import push_command
    from dmvpnprov.inventory.load import load_fleet
    from dmvpnprov.lab.control import LabTarget
    from dmvpnprov.lab.fleet import specs_for_fleet
    from dmvpnprov.lab.network.server import LabServer
    from dmvpnprov.lab.state.faults import Faults

    inventory, backups, signals = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3:]
    server = LabServer()
    routers = {}
    for spec in specs_for_fleet(load_fleet(inventory), os.environ, inventory):
        slow = replace(spec, faults=Faults(command_delay=0.05))
        routers[spec.name] = server.add(slow)
    targets = {n: LabTarget("127.0.0.1", r.port, r.spec.device_type) for n, r in routers.items()}
    hub = routers["hub1"]
    before = hub.running_config()

    def send():
        while hub.running_config() == before:  # the first lines reached the hub
            time.sleep(0.05)
        for name in signals:
            os.kill(os.getpid(), getattr(signal, name))
            time.sleep(0.3)

    threading.Thread(target=send, daemon=True).start()
    code = push_command(
        inventory=inventory, backups=backups, targets=targets, yes=True, max_fail=9,
        batch=1,
    )
    print("EXIT", code, flush=True)
    sys.exit(code)
    """
)


def _run(tmp_path: Path, *signals: str) -> subprocess.CompletedProcess[str]:
    script = tmp_path / "push_and_signal.py"
    script.write_text(SCRIPT)
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), **EXAMPLE_SECRETS}
    return subprocess.run(
        [sys.executable, str(script), str(ROOT / "inventory"), str(tmp_path / "b"), *signals],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
        check=False,
    )


def test_sigterm_stops_new_routers_and_lets_the_one_in_flight_finish(tmp_path: Path) -> None:
    done = _run(tmp_path, "SIGTERM")
    assert "SIGTERM: no new router starts" in done.stderr, done.stderr
    assert "EXIT 1" in done.stdout  # routers were left out: not a success
    assert "3 skipped" in done.stdout and "interrupted" in done.stdout
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "b" / "push.lock").exists()


def test_a_second_signal_aborts_and_names_each_routers_state(tmp_path: Path) -> None:
    done = _run(tmp_path, "SIGTERM", "SIGINT")
    assert done.returncode == 128 + signal.SIGINT, (done.stdout, done.stderr)
    assert "SIGINT again: aborting" in done.stderr
    assert "aborted: the state of each router" in done.stderr
    states = {
        line.split(":", 1)[0].strip(): line.split(":", 1)[1].strip()
        for line in done.stderr.split("aborted: the state of each router", 1)[1].splitlines()
        if line.startswith("  ")
    }
    assert set(states) == {"hub1", "spoke-a", "spoke-b", "spoke-c"}, done.stderr
    assert states["hub1"].startswith(("rolled back", "saved", "UNFINISHED", "failed"))
    assert all(states[s].startswith("not started") for s in ("spoke-a", "spoke-b", "spoke-c"))
    assert not (tmp_path / "b" / "push.lock").exists()
