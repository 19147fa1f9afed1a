"""Fixtures of the render tests: the deck golden case as a fleet, its folder and secrets."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from subprocess import CompletedProcess, run

import pytest

from dmvpnprov.core.models import Fleet
from tests.golden.test_render_golden import case_env, case_fleet

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "render"
DECK = GOLDEN / "deck"

Cli = Callable[..., CompletedProcess[str]]


@pytest.fixture
def deck_fleet() -> Fleet:
    """The deck case's fleet (hub + DHCP spoke ``spoke1``)."""
    return case_fleet(DECK)


@pytest.fixture
def deck_env() -> dict[str, str]:
    """Test values of the deck case's secret variables."""
    return case_env(DECK)


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    """Run ``dmvpnprov`` in ``tmp_path`` with only the given secret variables set."""

    def run_cli(*args: str, env: dict[str, str] | None = None) -> CompletedProcess[str]:
        base = {k: v for k, v in os.environ.items() if not k.startswith("DMVPN_")}
        command = [sys.executable, "-m", "dmvpnprov.cli", *args]
        return run(  # noqa: PLW1510 - the exit code is what the tests check
            command, cwd=tmp_path, env={**base, **(env or {})}, capture_output=True, text=True
        )

    return run_cli
