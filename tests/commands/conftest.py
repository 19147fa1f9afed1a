"""Fixtures of the command tests."""

from __future__ import annotations

import contextlib
import json
import os
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest


@pytest.fixture
def lab_dir(tmp_path: Path) -> Iterator[Path]:
    """A lab folder whose daemon is always killed at the end, whatever happened."""
    folder = tmp_path / "lab"
    yield folder
    state = folder / "state.json"
    if state.exists():
        pid = json.loads(state.read_text())["pid"]
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
