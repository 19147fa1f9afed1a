"""Run a piece of Python in a fresh interpreter with a chosen hash seed.

Set and dict orders of strings depend on ``PYTHONHASHSEED``: a result that is the same
in two processes with different seeds does not depend on them.
"""

from __future__ import annotations

import os
import subprocess
import sys

from tests.support.paths import ROOT

SEEDS = ("1", "4242")


def python_output(code: str, *args: str, hashseed: str) -> str:
    """The stdout of ``python -c code args`` run from the project root with ``hashseed``."""
    env = {**os.environ, "PYTHONHASHSEED": hashseed}
    done = subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout
