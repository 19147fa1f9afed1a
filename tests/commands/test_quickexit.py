"""commands.quickexit: the console script's exit without the interpreter's teardown."""

from __future__ import annotations

import subprocess
import sys

from dmvpnprov import __version__


def _python(code: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, check=False
    )


_HELD = """
import atexit, sys
from dmvpnprov.commands.quickexit import exit_process
class Held:
    def __del__(self):
        sys.stdout.write("freed\\n")
held = Held()
atexit.register(lambda: sys.stdout.write("atexit ran\\n"))
sys.stdout.write("x" * 100000)
"""


def test_output_is_flushed_atexit_runs_and_objects_are_not_freed() -> None:
    done = _python(_HELD + "exit_process(3)")
    assert done.returncode == 3
    assert done.stdout == "x" * 100000 + "atexit ran\n"  # no "freed": no teardown


def test_a_normal_exit_would_have_freed_them() -> None:
    done = _python(_HELD + "sys.exit(3)")
    assert done.returncode == 3
    assert done.stdout.endswith("atexit ran\nfreed\n")


def test_with_another_thread_running_the_exit_waits_for_it() -> None:
    code = """
import threading, time
from dmvpnprov.commands.quickexit import exit_process
def late():
    time.sleep(0.3)
    print("thread finished", flush=True)
threading.Thread(target=late).start()
exit_process(0)
"""
    done = _python(code)
    assert done.returncode == 0
    assert done.stdout == "thread finished\n"


def test_a_message_exits_1_on_stderr_as_sys_exit_does() -> None:
    done = _python("from dmvpnprov.commands.quickexit import exit_process; exit_process('no')")
    assert (done.returncode, done.stderr) == (1, "no\n")


def test_the_console_entry_point_keeps_exit_codes() -> None:
    run = "from dmvpnprov.cli import run; run()"
    version = _python(run, "--version")
    assert (version.returncode, version.stdout.strip()) == (0, f"dmvpnprov {__version__}")
    assert _python(run, "no-such-command").returncode == 2
    missing = _python(run, "validate", "-i", "/nonexistent/inventory")
    assert missing.returncode == 2
    assert "inventory folder not found" in missing.stdout  # validate reports on stdout
