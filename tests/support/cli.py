"""Run ``dmvpnprov`` as a user does: a subprocess with only the given secrets set."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from subprocess import CompletedProcess, run

Cli = Callable[..., CompletedProcess[str]]


def run_cli(cwd: Path, *args: str, env: dict[str, str] | None = None) -> CompletedProcess[str]:
    """``python -m dmvpnprov.cli ARGS`` in ``cwd``; no ``DMVPN_*`` variable but ``env``'s."""
    base = {k: v for k, v in os.environ.items() if not k.startswith("DMVPN_")}
    command = [sys.executable, "-m", "dmvpnprov.cli", *args]
    return run(  # noqa: PLW1510 - the exit code is what the tests check
        command, cwd=cwd, env={**base, **(env or {})}, capture_output=True, text=True
    )
