"""``dmvpnprov lab ...`` as a user runs it: a subprocess, and a lab folder always cleaned up."""

from __future__ import annotations

import subprocess
import sys

__all__ = ["run_lab"]


def run_lab(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """``dmvpnprov lab ARGS`` in a new process; its output as text."""
    return subprocess.run(
        [sys.executable, "-m", "dmvpnprov.cli", "lab", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
